import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useTheme } from "@mui/material/styles";
import { useEffect, useRef, useState } from "react";
import type { LogFilter } from "../../api/logs";
import { SessionFilter } from "../history/SessionFilter";
import { LEVEL_CHOICES, levelChoice, withLevelChoice, type LevelChoice } from "./levelChoice";
import { fromLocalInput, toLocalInput } from "./timeInput";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Typing pauses this long before a search is sent. */
const SEARCH_DELAY_MS = 350;

/** How many filters are set, for the collapsed title on a phone. */
function countSet(filter: LogFilter): number {
  return [filter.level ?? filter.min_level, filter.session_id, filter.execution_id, filter.search, filter.since, filter.until]
    .filter(Boolean).length;
}

/** Calls `reset(value)` when `value` changes from outside (the URL), during render as React advises. */
function useSynced(value: string, reset: (value: string) => void) {
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    reset(value);
  }
}

/** The search box: typing is sent after a pause (or at once with Enter). */
function SearchField({ value, onChange }: { value: string; onChange: (search: string) => void }) {
  const [text, setText] = useState(value);
  // The latest callback, so a parent re-rendering (live lines arrive often) does not restart the wait.
  const latest = useRef(onChange);
  useEffect(() => { latest.current = onChange; });
  useSynced(value, setText);
  useEffect(() => {
    if (text === value) return undefined;
    const timer = setTimeout(() => { latest.current(text); }, SEARCH_DELAY_MS);
    return () => { clearTimeout(timer); };
  }, [text, value]);
  return (
    <TextField
      label="Search messages"
      type="search"
      size="small"
      value={text}
      onChange={(event) => { setText(event.target.value); }}
      onKeyDown={(event) => { if (event.key === "Enter") onChange(text); }}
      slotProps={{ htmlInput: { maxLength: 1000 } }}
    />
  );
}

/** The run filter: a run's id (pasted, or set by a link from the run's page). */
function RunField({ value, onChange }: { value: string; onChange: (id: string | undefined) => void }) {
  const [text, setText] = useState(value);
  useSynced(value, setText);
  const trimmed = text.trim();
  const invalid = trimmed !== "" && !UUID.test(trimmed);
  const apply = () => {
    if (!invalid && trimmed !== value) onChange(trimmed || undefined);
  };
  return (
    <TextField
      label="Run ID"
      size="small"
      value={text}
      error={invalid}
      helperText={invalid ? "A run ID looks like 3f2c…-…: copy it from the run's page." : undefined}
      onChange={(event) => { setText(event.target.value); }}
      onBlur={apply}
      onKeyDown={(event) => { if (event.key === "Enter") apply(); }}
    />
  );
}

function TimeField({ label, value, onChange }: { label: string; value: string | undefined; onChange: (iso: string | undefined) => void }) {
  return (
    <TextField
      label={label}
      type="datetime-local"
      size="small"
      value={toLocalInput(value)}
      onChange={(event) => { onChange(fromLocalInput(event.target.value)); }}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 1 } }}
    />
  );
}

/** The filter controls; each change is applied at once (and lands in the URL). */
function Controls({ filter, onChange }: { filter: LogFilter; onChange: (filter: LogFilter) => void }) {
  const set = (patch: Partial<LogFilter>) => { onChange({ ...filter, ...patch }); };
  return (
    <Box
      sx={{
        display: "grid",
        gap: 1.5,
        alignItems: "start",
        gridTemplateColumns: { xs: "minmax(0, 1fr)", sm: "repeat(2, minmax(0, 1fr))", md: "repeat(3, minmax(0, 1fr))" },
      }}
    >
      <TextField
        select
        label="Level"
        size="small"
        value={levelChoice(filter)}
        onChange={(event) => { onChange(withLevelChoice(filter, event.target.value as LevelChoice)); }}
        slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
      >
        {LEVEL_CHOICES.map((choice) => (
          <MenuItem key={choice.value} value={choice.value}>
            {choice.label}
          </MenuItem>
        ))}
      </TextField>
      <SessionFilter value={filter.session_id ?? null} onChange={(id) => { set({ session_id: id ?? undefined }); }} />
      <RunField value={filter.execution_id ?? ""} onChange={(id) => { set({ execution_id: id }); }} />
      <SearchField value={filter.search ?? ""} onChange={(search) => { set({ search: search || undefined }); }} />
      <TimeField label="From" value={filter.since ?? undefined} onChange={(since) => { set({ since }); }} />
      <TimeField label="Until" value={filter.until ?? undefined} onChange={(until) => { set({ until }); }} />
      {countSet(filter) ? (
        <Button onClick={() => { onChange({}); }} sx={{ justifySelf: "start", alignSelf: "center" }}>
          Clear filters
        </Button>
      ) : null}
    </Box>
  );
}

/** The log filters: a row of controls, folded into an expandable "Filters" section on a phone. */
export function LogFilters({ filter, onChange }: { filter: LogFilter; onChange: (filter: LogFilter) => void }) {
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down("md"));
  const set = countSet(filter);
  if (!narrow) {
    return (
      <Box component="section" aria-label="Filters">
        <Controls filter={filter} onChange={onChange} />
      </Box>
    );
  }
  return (
    <Accordion disableGutters component="section" aria-label="Filters">
      <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls="log-filters" id="log-filters-title">
        <Typography>Filters{set ? ` · ${String(set)} set` : ""}</Typography>
      </AccordionSummary>
      <AccordionDetails id="log-filters">
        <Controls filter={filter} onChange={onChange} />
      </AccordionDetails>
    </Accordion>
  );
}
