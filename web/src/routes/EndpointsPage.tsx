import Add from "@mui/icons-material/Add";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import TablePagination from "@mui/material/TablePagination";
import Typography from "@mui/material/Typography";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { useCan } from "../api/auth";
import { TYPE_LABELS, type EndpointType } from "../api/backends";
import { endpointQueries, type EndpointFilter } from "../api/endpoints";
import { PageHeader } from "../components/common/PageHeader";
import { PageLoader } from "../components/common/PageLoader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { EndpointFilters, type ListFilter } from "../components/endpoints/EndpointFilters";
import { EndpointTable } from "../components/endpoints/EndpointTable";
import { CONNECTION_STATUS, type ConnectionStatus } from "../components/endpoints/status";
import { useEndpointActions } from "../components/endpoints/useEndpointActions";
import { formatCount } from "../lib/format";

const PAGE_SIZES = [25, 50, 100];
/** Health checks change statuses on the server with no live event: a slow safety refetch. */
const REFRESH_MS = 30_000;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | "" {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : "";
}

/** The list's filter and page, kept in the address so Back and shared links keep them. */
function useListParams() {
  const [params, setParams] = useSearchParams();
  // One object per address, so the filters' effects do not rerun on unrelated renders.
  const filter: ListFilter = useMemo(
    () => ({
      search: params.get("q") ?? "",
      type: oneOf(params.get("type"), Object.keys(TYPE_LABELS) as EndpointType[]),
      status: oneOf(params.get("status"), Object.keys(CONNECTION_STATUS) as ConnectionStatus[]),
    }),
    [params],
  );
  const page = Math.max(1, Number(params.get("page")) || 1);
  const limitParam = Number(params.get("limit"));
  const limit = PAGE_SIZES.includes(limitParam) ? limitParam : (PAGE_SIZES[0] ?? 25);
  const update = useCallback(
    (changes: Record<string, string | number | null>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === "" || (key === "page" && value === 1)) next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { filter, page, limit, update };
}

export default function EndpointsPage() {
  useDocumentTitle("Endpoints");
  const canOperate = useCan("operator");
  const actions = useEndpointActions();
  const { filter, page, limit, update } = useListParams();
  // Remounts the filters (and their typed search) when "Clear filters" empties them from outside.
  const [filtersKey, setFiltersKey] = useState(0);
  const query: EndpointFilter = {
    page,
    limit,
    ...(filter.search.trim() ? { search: filter.search.trim() } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
  const list = useQuery({ ...endpointQueries.list(query), placeholderData: keepPreviousData, refetchInterval: REFRESH_MS });
  const filtered = Boolean(filter.search.trim() || filter.type || filter.status);
  const onFilter = useCallback(
    (next: ListFilter) => { update({ q: next.search, type: next.type, status: next.status, page: 1 }); },
    [update],
  );
  const clear = () => {
    update({ q: null, type: null, status: null, page: 1 });
    setFiltersKey((key) => key + 1);
  };

  const data = list.data;
  let content;
  if (!data) {
    content = list.isError ? (
      <QueryError what="The endpoints" error={list.error} retry={() => void list.refetch()} />
    ) : (
      <PageLoader label="Loading the endpoints…" />
    );
  } else if (!data.data.length) {
    content = filtered ? (
      <Box sx={{ p: 3, display: "grid", gap: 1, justifyItems: "start" }}>
        <Typography>No endpoint matches these filters.</Typography>
        <Button onClick={clear}>Clear filters</Button>
      </Box>
    ) : (
      <Box sx={{ p: 3, display: "grid", gap: 1, justifyItems: "start" }}>
        <Typography>No endpoint yet.</Typography>
        <Typography color="text.secondary">
          {canOperate
            ? "Add an S3 bucket, an SFTP or FTP server or a local folder to sync from or to."
            : "An operator or an administrator can add S3 buckets, SFTP and FTP servers and local folders."}
        </Typography>
      </Box>
    );
  } else {
    content = (
      <>
        <Box sx={{ overflowX: "auto" }}>
          <EndpointTable
            endpoints={data.data}
            now={new Date(list.dataUpdatedAt)}
            actions={canOperate ? actions : undefined}
          />
        </Box>
        <TablePagination
          component="div"
          count={data.pagination.total}
          page={page - 1}
          rowsPerPage={limit}
          rowsPerPageOptions={PAGE_SIZES}
          onPageChange={(_event, next) => { update({ page: next + 1 }); }}
          onRowsPerPageChange={(event) => { update({ limit: Number(event.target.value), page: 1 }); }}
          labelRowsPerPage="Per page"
        />
      </>
    );
  }

  const total = data?.pagination.total;
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader
        title="Endpoints"
        subtitle={
          <span aria-live="polite">
            {total === undefined
              ? "Where F2L reads and writes: S3 buckets, SFTP and FTP servers, local folders."
              : `${formatCount(total)} ${total === 1 ? "endpoint" : "endpoints"}${filtered ? " match" : ""}${
                  list.isRefetchError ? " · the last refresh failed, retrying" : ""
                }`}
          </span>
        }
        actions={
          canOperate ? (
            <Button variant="contained" startIcon={<Add />} onClick={actions.add}>
              Add endpoint
            </Button>
          ) : null
        }
      />
      <EndpointFilters key={filtersKey} value={filter} onChange={onFilter} />
      <Card sx={{ minWidth: 0 }}>{content}</Card>
      {actions.dialogs}
    </Box>
  );
}
