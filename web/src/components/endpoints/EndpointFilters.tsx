import Box from "@mui/material/Box";
import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import { useEffect, useState } from "react";
import { TYPE_LABELS, type EndpointType } from "../../api/backends";
import { CONNECTION_STATUS, STATUS_CHOICES, type ConnectionStatus } from "./status";

export interface ListFilter {
  search: string;
  type: EndpointType | "";
  status: ConnectionStatus | "";
}

const TYPES = Object.keys(TYPE_LABELS) as EndpointType[];
const SEARCH_DELAY_MS = 300;
/** Show "All types" / "All statuses" rather than an empty box when nothing is chosen. */
const SHOW_ALL = { inputLabel: { shrink: true }, select: { displayEmpty: true } } as const;

/** Name search (applied after a short pause in typing), type and status. */
export function EndpointFilters({ value, onChange }: { value: ListFilter; onChange: (next: ListFilter) => void }) {
  const [search, setSearch] = useState(value.search);
  useEffect(() => {
    if (search === value.search) return;
    const timer = setTimeout(() => { onChange({ ...value, search }); }, SEARCH_DELAY_MS);
    return () => { clearTimeout(timer); };
  }, [search, value, onChange]);
  return (
    <Box
      role="search"
      aria-label="Filter endpoints"
      sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "1fr 1fr", sm: "minmax(0, 2fr) 1fr 1fr" } }}
    >
      <TextField
        label="Search by name"
        type="search"
        size="small"
        value={search}
        onChange={(event) => { setSearch(event.target.value); }}
        sx={{ gridColumn: { xs: "1 / -1", sm: "auto" } }}
      />
      <TextField
        select
        label="Type"
        size="small"
        slotProps={SHOW_ALL}
        value={value.type}
        onChange={(event) => { onChange({ ...value, type: event.target.value as ListFilter["type"] }); }}
      >
        <MenuItem value="">All types</MenuItem>
        {TYPES.map((type) => (
          <MenuItem key={type} value={type}>
            {TYPE_LABELS[type]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Status"
        size="small"
        slotProps={SHOW_ALL}
        value={value.status}
        onChange={(event) => { onChange({ ...value, status: event.target.value as ListFilter["status"] }); }}
      >
        <MenuItem value="">All statuses</MenuItem>
        {STATUS_CHOICES.map((status) => (
          <MenuItem key={status} value={status}>
            {CONNECTION_STATUS[status].label}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
}
