import Box from "@mui/material/Box";
import { useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { ApiError } from "../api/errors";
import { sessionQueries } from "../api/sessions";
import { PageHeader } from "../components/common/PageHeader";
import { PageLoader } from "../components/common/PageLoader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { Panel } from "../components/overview/Panel";
import { PreviewPanel } from "../components/sessions/PreviewPanel";
import { RunHistory } from "../components/sessions/RunHistory";
import { SessionActions } from "../components/sessions/SessionActions";
import { PausedChip } from "../components/sessions/SessionCard";
import { SessionFacts } from "../components/sessions/SessionFacts";
import { SessionRoute } from "../components/sessions/SessionRoute";
import { useEndpointNames } from "../components/sessions/useEndpointNames";
import { useNow } from "../components/sessions/useNow";
import NotFoundPage from "./NotFoundPage";

export default function SessionDetailPage() {
  const { sessionId = "" } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const session = useQuery(sessionQueries.detail(sessionId));
  const endpointName = useEndpointNames();
  const now = useNow();
  const previewRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(session.data?.name ?? "Session");

  if (session.isPending) return <PageLoader label="Loading the session…" />;
  if (session.isError) {
    if (session.error instanceof ApiError && (session.error.status === 404 || session.error.status === 422)) return <NotFoundPage />;
    return <QueryError what="The session" error={session.error} retry={() => void session.refetch()} />;
  }
  const data = session.data;
  const previewRequested = params.get("preview") === "1";
  const requestPreview = () => {
    setParams({ preview: "1" }, { replace: true });
    previewRef.current?.scrollIntoView({ block: "start" });
  };
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader
        title={data.name}
        subtitle={
          <Box sx={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: 1 }}>
            <SessionRoute session={data} endpointName={endpointName} />
            <PausedChip session={data} />
          </Box>
        }
        actions={
          <SessionActions session={data} onPreview={requestPreview} onDeleted={() => void navigate("/sessions", { replace: true })} />
        }
      />
      <Panel title="Summary">
        <SessionFacts session={data} now={now} />
      </Panel>
      <Box ref={previewRef} sx={{ scrollMarginTop: 80, minWidth: 0 }}>
        <Panel title="Preview">
          <PreviewPanel sessionId={data.id} requested={previewRequested} onRequest={requestPreview} />
        </Panel>
      </Box>
      <Panel title="Run history">
        <RunHistory sessionId={data.id} now={now} />
      </Panel>
    </Box>
  );
}
