import AddIcon from "@mui/icons-material/Add";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Pagination from "@mui/material/Pagination";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useCan } from "../api/auth";
import { sessionQueries } from "../api/sessions";
import { PageHeader } from "../components/common/PageHeader";
import { PageLoader } from "../components/common/PageLoader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { SessionCard } from "../components/sessions/SessionCard";
import { useDebounced } from "../components/sessions/useDebounced";
import { useEndpointNames } from "../components/sessions/useEndpointNames";
import { useNow } from "../components/sessions/useNow";
import { formatCount } from "../lib/format";

const PER_PAGE = 24;

export default function SessionsPage() {
  useDocumentTitle("Sessions");
  const canOperate = useCan("operator");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const term = useDebounced(search.trim(), 300);
  const sessions = useQuery(sessionQueries.list({ page, limit: PER_PAGE, ...(term ? { search: term } : {}) }));
  const endpointName = useEndpointNames();
  const now = useNow();

  const total = sessions.data?.pagination.total ?? 0;
  const pages = Math.ceil(total / PER_PAGE);
  let content;
  if (sessions.isPending) content = <PageLoader label="Loading the sessions…" />;
  else if (sessions.isError) content = <QueryError what="The sessions" error={sessions.error} retry={() => void sessions.refetch()} />;
  else if (!sessions.data.data.length) {
    content = (
      <Typography color="text.secondary">
        {term
          ? `No session's name contains “${term}”.`
          : canOperate
            ? "No session yet. A session copies files between two endpoints: create one with New session."
            : "No session yet."}
      </Typography>
    );
  } else {
    content = (
      <Box
        sx={{
          display: "grid",
          gap: 2,
          gridTemplateColumns: { xs: "minmax(0, 1fr)", md: "repeat(2, minmax(0, 1fr))", xl: "repeat(3, minmax(0, 1fr))" },
        }}
      >
        {sessions.data.data.map((session) => (
          <SessionCard key={session.id} session={session} endpointName={endpointName} now={now} />
        ))}
      </Box>
    );
  }

  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader
        title="Sessions"
        subtitle={sessions.data ? `${formatCount(total)} ${total === 1 ? "session" : "sessions"}` : undefined}
        actions={
          canOperate ? (
            <Button variant="contained" startIcon={<AddIcon />} component={RouterLink} to="/sessions/new">
              New session
            </Button>
          ) : undefined
        }
      />
      <TextField
        type="search"
        label="Find a session by name"
        size="small"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          setPage(1);
        }}
        sx={{ maxWidth: 360 }}
      />
      {content}
      {pages > 1 ? (
        <Pagination
          count={pages}
          page={page}
          onChange={(_event, next) => { setPage(next); }}
          getItemAriaLabel={(type, item) => (type === "page" ? `Page ${String(item)}` : `${type} page`)}
          sx={{ justifySelf: "center" }}
        />
      ) : null}
    </Box>
  );
}
