import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router";
import { useCan } from "../api/auth";
import { endpointQueries } from "../api/endpoints";
import { ApiError } from "../api/errors";
import { sessionQueries, useCreateSession, useUpdateSession, type SessionCreate } from "../api/sessions";
import { PageHeader } from "../components/common/PageHeader";
import { PageLoader } from "../components/common/PageLoader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { formOf, NEW_SESSION } from "../components/sessions/form";
import { SessionWizard, type SaveOutcome } from "../components/sessions/SessionWizard";
import { ALL_ENDPOINTS } from "../components/sessions/useEndpointNames";
import { showToast } from "../lib/toasts";
import NotFoundPage from "./NotFoundPage";

/** `/sessions/new` and `/sessions/:sessionId/edit`: the wizard, empty or with the session's values. */
export default function SessionEditorPage() {
  const { sessionId } = useParams();
  const editing = sessionId !== undefined;
  useDocumentTitle(editing ? "Edit session" : "New session");
  const navigate = useNavigate();
  const canOperate = useCan("operator");
  const endpoints = useQuery(endpointQueries.list(ALL_ENDPOINTS));
  const session = useQuery({ ...sessionQueries.detail(sessionId ?? ""), enabled: editing, refetchInterval: false });
  const create = useCreateSession();
  const update = useUpdateSession();

  if (!canOperate) {
    return (
      <Box sx={{ display: "grid", gap: 3 }}>
        <PageHeader title={editing ? "Edit session" : "New session"} />
        <Alert severity="info">Only operators and administrators create and edit sessions.</Alert>
      </Box>
    );
  }
  if (endpoints.isError) return <QueryError what="The endpoints" error={endpoints.error} retry={() => void endpoints.refetch()} />;
  if (editing && session.isError) {
    if (session.error instanceof ApiError && (session.error.status === 404 || session.error.status === 422)) return <NotFoundPage />;
    return <QueryError what="The session" error={session.error} retry={() => void session.refetch()} />;
  }
  if (endpoints.isPending || (editing && session.isPending)) return <PageLoader label="Loading…" />;

  const save = async (body: SessionCreate, preview: boolean): Promise<SaveOutcome> => {
    try {
      const saved = sessionId ? await update.mutateAsync({ id: sessionId, body }) : await create.mutateAsync(body);
      showToast({ message: `Session “${saved.name}” saved.`, severity: "success" });
      await navigate(`/sessions/${saved.id}${preview ? "?preview=1" : ""}`);
      return { ok: true };
    } catch (error) {
      return { ok: false, error };
    }
  };
  const back = () => void navigate(sessionId ? `/sessions/${sessionId}` : "/sessions");

  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader
        title={editing ? `Edit ${session.data?.name ?? "session"}` : "New session"}
        subtitle="Where files come from and go, how, which ones, and when."
      />
      <SessionWizard
        key={session.data?.id ?? "new"}
        initial={session.data ? formOf(session.data) : NEW_SESSION}
        endpoints={endpoints.data.data}
        editing={editing}
        onSave={save}
        onCancel={back}
      />
    </Box>
  );
}
