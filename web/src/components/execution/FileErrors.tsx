import Box from "@mui/material/Box";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import Pagination from "@mui/material/Pagination";
import Skeleton from "@mui/material/Skeleton";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { executionQueries } from "../../api/executions";
import { formatCount } from "../../lib/format";
import { QueryError } from "../common/QueryError";

/** Failed files per page. */
export const ERRORS_PER_PAGE = 25;

/**
 * The run's failed file operations (path, what was tried, the error), paged. While the run is
 * active, a rise of its live error count fetches them again; its end refreshes them through
 * the live layer's invalidation of the run.
 */
export function FileErrors({ executionId, errorCount, active }: { executionId: string; errorCount: number; active: boolean }) {
  const [page, setPage] = useState(1);
  const query = useQuery(executionQueries.operations(executionId, { status: "failed", page, limit: ERRORS_PER_PAGE }));
  const shown = query.data?.pagination.total;
  const { refetch, isFetching } = query;

  useEffect(() => {
    if (active && shown !== undefined && errorCount > shown && !isFetching) void refetch();
    // isFetching is left out on purpose: only a new error count should trigger a fetch
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, errorCount, shown, refetch]);

  if (query.isPending) return <Skeleton variant="rounded" height={80} aria-label="Loading the failed files" />;
  if (query.isError) {
    return <QueryError what="The failed files" error={query.error} retry={() => void query.refetch()} />;
  }
  const { data: items, pagination } = query.data;
  if (!pagination.total) {
    return <Typography color="text.secondary">{active ? "No file has failed so far." : "No file failed."}</Typography>;
  }
  const pages = Math.ceil(pagination.total / pagination.limit);
  return (
    <Box>
      <Typography variant="body2" color="text.secondary">
        {formatCount(pagination.total)} {pagination.total === 1 ? "file" : "files"} failed.
      </Typography>
      <List dense aria-label="Failed files" disablePadding>
        {items.map((operation) => (
          <ListItem key={operation.id} disableGutters divider alignItems="flex-start">
            <ListItemText
              primary={operation.path}
              secondary={`${operation.action}: ${operation.error ?? "failed"}`}
              slotProps={{
                primary: { sx: { fontFamily: "monospace", overflowWrap: "anywhere" } },
                secondary: { sx: { color: "error.main", overflowWrap: "anywhere" } },
              }}
            />
          </ListItem>
        ))}
      </List>
      {pages > 1 ? (
        <Pagination
          count={pages}
          page={page}
          onChange={(_event, next) => {
            setPage(next);
          }}
          size="small"
          sx={{ mt: 1 }}
          aria-label="Pages of failed files"
        />
      ) : null}
    </Box>
  );
}
