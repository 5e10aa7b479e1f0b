import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import type { ExecutionStatus } from "../../api/executions";
import { STATUS } from "../executions/status";
import { DEFAULT_STATE, rangeReversed, type HistoryState } from "./historyParams";
import { SessionFilter } from "./SessionFilter";

const STATUSES = Object.keys(STATUS) as ExecutionStatus[];
const ANY = "";

/** Whether any filter is set (so "Clear filters" is shown and the empty grid says why). */
export function hasFilters(state: HistoryState): boolean {
  return [state.session, state.status, state.from, state.to].some((value) => value !== null);
}

/** The filters above the History grid: session, status, and a day range (the browser's days). */
export function HistoryFilters({
  state,
  onChange,
}: {
  state: HistoryState;
  onChange: (patch: Partial<HistoryState>) => void;
}) {
  const reversed = rangeReversed(state);
  return (
    <Box
      component="form"
      role="search"
      aria-label="Filter runs"
      onSubmit={(event) => {
        event.preventDefault();
      }}
      sx={{ display: "flex", flexWrap: "wrap", gap: 2, alignItems: "flex-start" }}
    >
      <SessionFilter
        value={state.session}
        onChange={(session) => {
          onChange({ session });
        }}
      />
      <TextField
        select
        size="small"
        label="Status"
        value={state.status ?? ANY}
        onChange={(event) => {
          onChange({ status: (event.target.value || null) as ExecutionStatus | null });
        }}
        sx={{ minWidth: 180, flex: { xs: "1 1 100%", sm: "1 1 180px" } }}
      >
        <MenuItem value={ANY}>All statuses</MenuItem>
        {STATUSES.map((status) => (
          <MenuItem key={status} value={status}>
            {STATUS[status].label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        type="date"
        size="small"
        label="From"
        value={state.from ?? ""}
        onChange={(event) => {
          onChange({ from: event.target.value || null });
        }}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: state.to ?? undefined } }}
        error={reversed}
        helperText={reversed ? "After the To day." : undefined}
        sx={{ flex: "1 1 140px" }}
      />
      <TextField
        type="date"
        size="small"
        label="To"
        value={state.to ?? ""}
        onChange={(event) => {
          onChange({ to: event.target.value || null });
        }}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: state.from ?? undefined } }}
        sx={{ flex: "1 1 140px" }}
      />
      {hasFilters(state) ? (
        <Button
          onClick={() => {
            onChange({ session: null, status: null, from: DEFAULT_STATE.from, to: DEFAULT_STATE.to });
          }}
          sx={{ alignSelf: "center" }}
        >
          Clear filters
        </Button>
      ) : null}
    </Box>
  );
}
