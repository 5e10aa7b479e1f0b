import Box from "@mui/material/Box";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import TablePagination from "@mui/material/TablePagination";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { formatCount } from "../../lib/format";

export const PATHS_PER_PAGE = 100;

export interface PathRow {
  path: string;
  /** A second line (why a file could not be compared). */
  detail?: string;
}

/**
 * A long list of file paths, one page at a time (10,000 paths never enter the page at once).
 * `total` is the exact count, which may exceed the paths the server kept.
 */
export function PathList({ rows, total, label, empty }: { rows: readonly PathRow[]; total: number; label: string; empty: string }) {
  const [page, setPage] = useState(0);
  if (!rows.length) {
    return (
      <Typography color="text.secondary" sx={{ py: 3 }}>
        {empty}
      </Typography>
    );
  }
  const last = Math.max(0, Math.ceil(rows.length / PATHS_PER_PAGE) - 1);
  const shown = Math.min(page, last);
  const slice = rows.slice(shown * PATHS_PER_PAGE, (shown + 1) * PATHS_PER_PAGE);
  return (
    <Box>
      <List dense aria-label={label} sx={{ py: 0 }}>
        {slice.map((row) => (
          <ListItem key={row.path} divider sx={{ px: 0 }}>
            <ListItemText
              primary={row.path || "(the listing)"}
              secondary={row.detail}
              slotProps={{ primary: { sx: { fontFamily: "monospace", overflowWrap: "anywhere" } } }}
            />
          </ListItem>
        ))}
      </List>
      {rows.length > PATHS_PER_PAGE ? (
        <TablePagination
          component="div"
          count={rows.length}
          page={shown}
          rowsPerPage={PATHS_PER_PAGE}
          rowsPerPageOptions={[PATHS_PER_PAGE]}
          onPageChange={(_event, next) => {
            setPage(next);
          }}
          labelDisplayedRows={({ from, to, count }) => `${formatCount(from)}–${formatCount(to)} of ${formatCount(count)}`}
        />
      ) : null}
      {total > rows.length ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Only the first {formatCount(rows.length)} of {formatCount(total)} paths are kept with the run.
        </Typography>
      ) : null}
    </Box>
  );
}
