import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { FieldMessages } from "../../api/sessions";
import { NO_SCHEDULE, scheduleFields, type ScheduleValue } from "./schedule";
import { ScheduleEditor } from "./ScheduleEditor";

afterEach(cleanup);

let latest: ScheduleValue = NO_SCHEDULE;

function Harness({ errors }: { errors?: FieldMessages }) {
  const [value, setValue] = useState(NO_SCHEDULE);
  const change = (next: ScheduleValue) => {
    latest = next;
    setValue(next);
  };
  return <ScheduleEditor value={value} onChange={change} errors={errors} />;
}

describe("ScheduleEditor", { timeout: 20_000 }, () => {
  it("is off by default: no schedule fields", () => {
    latest = NO_SCHEDULE;
    render(<Harness />);
    expect(screen.getByLabelText("Off: only when started by hand")).toHaveProperty("checked", true);
    expect(screen.queryByLabelText("Every")).toBeNull();
    expect(scheduleFields(latest)).toEqual({
      schedule_enabled: false,
      schedule_interval: null,
      schedule_unit: null,
      schedule_cron: null,
    });
  });

  it("turns 'every N units' into an interval and echoes it", () => {
    render(<Harness />);
    fireEvent.click(screen.getByLabelText("Every few minutes, hours or days"));
    fireEvent.change(screen.getByLabelText("Every"), { target: { value: "2" } });
    fireEvent.change(screen.getByLabelText("Unit"), { target: { value: "hours" } });
    expect(screen.getByRole("status").textContent).toBe("Runs every 2 hours, counted from each save or resume.");
    expect(scheduleFields(latest)).toEqual({
      schedule_enabled: true,
      schedule_interval: 2,
      schedule_unit: "hours",
      schedule_cron: null,
    });
    fireEvent.change(screen.getByLabelText("Every"), { target: { value: "0" } });
    expect(screen.getByText("A whole number, 1 or more.")).toBeTruthy();
  });

  it("turns a cron expression into the cron field with its words", () => {
    render(<Harness />);
    fireEvent.click(screen.getByLabelText("A cron expression"));
    fireEvent.change(screen.getByLabelText("Cron expression"), { target: { value: "0 * * * *" } });
    expect(screen.getByRole("status").textContent).toBe("Runs at minute 0 of every hour (times in UTC).");
    expect(scheduleFields(latest)).toEqual({
      schedule_enabled: true,
      schedule_interval: null,
      schedule_unit: null,
      schedule_cron: "0 * * * *",
    });
    fireEvent.change(screen.getByLabelText("Cron expression"), { target: { value: "every hour" } });
    expect(screen.getByRole("status").textContent).toContain("Not a 5-field cron expression");
    fireEvent.click(screen.getByLabelText("Off: only when started by hand"));
    expect(scheduleFields(latest).schedule_cron).toBeNull();
  });

  it("shows the API's refusal on the cron field", () => {
    function Refused() {
      const [value, setValue] = useState<ScheduleValue>({ ...NO_SCHEDULE, mode: "cron", cron: "61 * * * *" });
      return (
        <ScheduleEditor
          value={value}
          onChange={setValue}
          errors={{ schedule_cron: "'61 * * * *' is not a valid 5-field cron expression." }}
        />
      );
    }
    render(<Refused />);
    const field = screen.getByLabelText("Cron expression");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("'61 * * * *' is not a valid 5-field cron expression.")).toBeTruthy();
  });
});
