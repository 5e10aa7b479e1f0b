import Box from "@mui/material/Box";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormLabel from "@mui/material/FormLabel";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useId } from "react";
import type { FieldMessages, ScheduleUnit } from "../../api/sessions";
import { cronEcho } from "./cron";
import { intervalWords, type ScheduleMode, type ScheduleValue } from "./schedule";

const MODES: { value: ScheduleMode; label: string }[] = [
  { value: "off", label: "Off: only when started by hand" },
  { value: "interval", label: "Every few minutes, hours or days" },
  { value: "cron", label: "A cron expression" },
];

const UNITS: ScheduleUnit[] = ["minutes", "hours", "days"];

/** Why the interval cannot be sent, or null. */
function intervalProblem(every: string): string | null {
  return /^\s*[1-9]\d*\s*$/.test(every) ? null : "A whole number, 1 or more.";
}

/** What the schedule will do, in words, under the fields. */
function echo(value: ScheduleValue): string {
  if (value.mode === "off") return "No scheduled runs: start the session by hand (or on service start, below).";
  if (value.mode === "interval") {
    return intervalProblem(value.every) ? "" : `Runs ${intervalWords(Number(value.every), value.unit)}, counted from each save or resume.`;
  }
  const words = cronEcho(value.cron);
  return words ? `Runs ${words} (times in UTC).` : "Not a 5-field cron expression this page can read; the service will check it on save.";
}

/**
 * When a session runs by itself: off, every N minutes/hours/days, or a cron expression with its
 * plain-words echo. `errors` are the API's refusals by its field names (a bad cron among them).
 */
export function ScheduleEditor({
  value,
  onChange,
  errors = {},
}: {
  value: ScheduleValue;
  onChange: (value: ScheduleValue) => void;
  errors?: FieldMessages;
}) {
  const modeLabel = useId();
  const echoId = useId();
  const set = <K extends keyof ScheduleValue>(key: K, next: ScheduleValue[K]) => { onChange({ ...value, [key]: next }); };
  const everyError = errors.schedule_interval ?? (value.mode === "interval" ? intervalProblem(value.every) : null);
  const modeError = errors.schedule_enabled;
  return (
    <Box sx={{ display: "grid", gap: 2 }}>
      <FormControl error={Boolean(modeError)}>
        <FormLabel id={modeLabel}>Scheduled runs</FormLabel>
        <RadioGroup
          aria-labelledby={modeLabel}
          value={value.mode}
          onChange={(event) => { set("mode", event.target.value as ScheduleMode); }}
        >
          {MODES.map((mode) => (
            <FormControlLabel key={mode.value} value={mode.value} control={<Radio />} label={mode.label} />
          ))}
        </RadioGroup>
        {modeError ? <Typography color="error" variant="body2">{modeError}</Typography> : null}
      </FormControl>
      {value.mode === "interval" ? (
        <Box sx={{ display: "flex", gap: 1, alignItems: "flex-start", maxWidth: 360 }}>
          <TextField
            label="Every"
            size="small"
            value={value.every}
            onChange={(event) => { set("every", event.target.value); }}
            error={Boolean(everyError)}
            helperText={everyError}
            slotProps={{ htmlInput: { inputMode: "numeric" } }}
            sx={{ flex: 1 }}
          />
          <TextField
            select
            size="small"
            label="Unit"
            value={value.unit}
            onChange={(event) => { set("unit", event.target.value as ScheduleUnit); }}
            error={Boolean(errors.schedule_unit)}
            helperText={errors.schedule_unit}
            slotProps={{ select: { native: true } }}
            sx={{ width: 140 }}
          >
            {UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {unit}
              </option>
            ))}
          </TextField>
        </Box>
      ) : null}
      {value.mode === "cron" ? (
        <TextField
          label="Cron expression"
          size="small"
          value={value.cron}
          onChange={(event) => { set("cron", event.target.value); }}
          error={Boolean(errors.schedule_cron)}
          helperText={errors.schedule_cron ?? "Five fields: minute hour day-of-month month day-of-week, e.g. 0 * * * *."}
          slotProps={{ htmlInput: { spellCheck: false } }}
          sx={{ maxWidth: 360, "& input": { fontFamily: "monospace" } }}
        />
      ) : null}
      <Typography id={echoId} role="status" aria-live="polite" color="text.secondary">
        {echo(value)}
      </Typography>
    </Box>
  );
}
