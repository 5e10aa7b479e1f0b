import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { executionKeys, type LogRead } from "../../api/executions";
import { LiveContext, type LiveContextValue, type LiveListener } from "../../live/LiveEventsProvider";
import { ProgressStore } from "../../live/progressStore";
import type { LiveEvent } from "../../live";
import { LogTail } from "./LogTail";

afterEach(cleanup);

const RUN = "run-1";
const LINE_PX = 20;
const BOX_PX = 100;

function stored(id: number, message: string, second: number): LogRead {
  const timestamp = `2026-12-01T10:00:${String(second).padStart(2, "0")}Z`;
  return { id, level: "info", message, timestamp, session_id: "s1", execution_id: RUN };
}

function logEvent(id: number, message: string, second: number, level: "info" | "error" = "info"): LiveEvent {
  const timestamp = `2026-12-01T10:00:${String(second).padStart(2, "0")}Z`;
  return { id, type: "log", execution_id: RUN, session_id: "s1", timestamp, data: { id, level, message, timestamp } };
}

/** The tail with its stored lines in the cache and a live context whose events the test sends. */
function renderTail(lines: LogRead[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(executionKeys.logs(RUN, 500), lines);
  const listeners = new Set<LiveListener>();
  const live: LiveContextValue = {
    status: { state: "live", transport: "websocket" },
    progress: new ProgressStore(),
    listen: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  render(
    <QueryClientProvider client={client}>
      <LiveContext.Provider value={live}>
        <LogTail executionId={RUN} />
      </LiveContext.Provider>
    </QueryClientProvider>,
  );
  const box = screen.getByRole("log", { name: "Log of this run" });
  // jsdom lays nothing out: the box is 100 px high and each line 20 px.
  Object.defineProperty(box, "clientHeight", { configurable: true, get: () => BOX_PX });
  Object.defineProperty(box, "scrollHeight", {
    configurable: true,
    get: () => Math.max(BOX_PX, box.querySelectorAll("li").length * LINE_PX),
  });
  const emit = (event: LiveEvent) => {
    act(() => {
      for (const listener of listeners) listener(event);
    });
  };
  return { box, emit };
}

function messages(box: HTMLElement): string[] {
  return [...box.querySelectorAll("li")].map((item) => item.lastElementChild?.textContent ?? "");
}

describe("LogTail", () => {
  it("shows the stored lines, then the live ones, once each", () => {
    const { box, emit } = renderTail([stored(1, "run started", 0), stored(2, "copy a: denied", 1)]);
    emit(logEvent(10, "copy a: denied", 1)); // published while the page loaded: already stored
    emit(logEvent(11, "run completed", 2));
    expect(messages(box)).toEqual(["run started", "copy a: denied", "run completed"]);
  });

  it("follows new lines until the user scrolls up, and resumes on request", () => {
    const { box, emit } = renderTail([]);
    for (let n = 0; n < 10; n++) emit(logEvent(n, `line ${n}`, n));
    expect(box.scrollTop).toBe(10 * LINE_PX); // at the end
    expect(screen.getByText("Following new lines.")).toBeTruthy();

    box.scrollTop = 40; // the user scrolls up to read
    fireEvent.scroll(box);
    emit(logEvent(20, "line 10", 20));
    expect(box.scrollTop).toBe(40); // the view stays where the user put it
    expect(screen.getByText("Scrolled up: new lines do not move the view.")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Jump to the newest line" }));
    expect(box.scrollTop).toBe(11 * LINE_PX);
    emit(logEvent(21, "line 11", 21));
    expect(box.scrollTop).toBe(12 * LINE_PX); // following again
    expect(screen.queryByRole("button", { name: "Jump to the newest line" })).toBeNull();
  });

  it("resumes following when the user scrolls back to the end", () => {
    const { box, emit } = renderTail([]);
    for (let n = 0; n < 10; n++) emit(logEvent(n, `line ${n}`, n));
    box.scrollTop = 0;
    fireEvent.scroll(box);
    box.scrollTop = 10 * LINE_PX - BOX_PX; // back at the end by hand
    fireEvent.scroll(box);
    emit(logEvent(30, "line 10", 30));
    expect(box.scrollTop).toBe(11 * LINE_PX);
  });

  it("says when there is no line yet", () => {
    renderTail([]);
    expect(screen.getByText("No log line yet.")).toBeTruthy();
  });
});
