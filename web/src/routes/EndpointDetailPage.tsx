import ArrowBack from "@mui/icons-material/ArrowBack";
import DeleteOutlined from "@mui/icons-material/DeleteOutlined";
import EditOutlined from "@mui/icons-material/EditOutlined";
import Insights from "@mui/icons-material/Insights";
import NetworkCheck from "@mui/icons-material/NetworkCheck";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import { useTheme } from "@mui/material/styles";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from "react-router";
import { useCan } from "../api/auth";
import { TYPE_LABELS } from "../api/backends";
import { endpointQueries, type BrowseItem, type Endpoint } from "../api/endpoints";
import { ApiError } from "../api/errors";
import { PageHeader } from "../components/common/PageHeader";
import { PageLoader } from "../components/common/PageLoader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { AnalyzeDialog } from "../components/endpoints/browser/AnalyzeDialog";
import { cleanPath } from "../components/endpoints/browser/browsePaths";
import { FileBrowser } from "../components/endpoints/browser/FileBrowser";
import { MetadataPanel } from "../components/endpoints/browser/MetadataPanel";
import { ConnectionStatusChip } from "../components/endpoints/ConnectionStatusChip";
import { EndpointSummary } from "../components/endpoints/EndpointSummary";
import { useEndpointActions } from "../components/endpoints/useEndpointActions";
import { Panel } from "../components/overview/Panel";

/** Health checks change the status on the server with no live event: a slow safety refetch. */
const REFRESH_MS = 30_000;

/** What the browser's root is called: the bucket (and prefix), the host, or the folder. */
function rootLabel(endpoint: Endpoint): string {
  if (endpoint.s3_bucket) return [endpoint.s3_bucket, cleanPath(endpoint.remote_path ?? "")].filter(Boolean).join("/");
  return endpoint.host ?? endpoint.local_path ?? endpoint.name;
}

function BackLink() {
  return (
    <Link component={RouterLink} to="/endpoints" sx={{ display: "inline-flex", alignItems: "center", gap: 0.5 }}>
      <ArrowBack fontSize="small" aria-hidden />
      All endpoints
    </Link>
  );
}

/** The folder and page shown, kept in the address so Back and shared links return to them. */
function useBrowseParams() {
  const [params, setParams] = useSearchParams();
  const path = cleanPath(params.get("path") ?? "");
  const page = Math.max(1, Number(params.get("page")) || 1);
  const navigate = (next: string, nextPage: number) => {
    const search = new URLSearchParams();
    if (next) search.set("path", next);
    if (nextPage > 1) search.set("page", String(nextPage));
    setParams(search);
  };
  return { path, page, navigate };
}

function EndpointView({ endpoint, updatedAt }: { endpoint: Endpoint; updatedAt: number }) {
  const navigate = useNavigate();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up("lg"));
  const canOperate = useCan("operator");
  const actions = useEndpointActions({ onDeleted: () => void navigate("/endpoints") });
  const browse = useBrowseParams();
  // The selection belongs to the folder it was made in: opening another folder clears it.
  const [selection, setSelection] = useState<{ folder: string; item: BrowseItem } | null>(null);
  const selected = selection?.folder === browse.path ? selection.item : null;
  const [analyzing, setAnalyzing] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // On a narrow screen the details sit below a long list: bring them into view and focus.
  useEffect(() => {
    if (!selected || wide) return;
    heading.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    heading.current?.focus({ preventScroll: true });
  }, [selected, wide]);

  const root = rootLabel(endpoint);
  const now = new Date(updatedAt);
  // Beside the files on a wide screen; below them on a narrow one, the details first.
  const areas = selected
    ? { xs: `"files" "meta" "summary"`, lg: `"files meta" "files summary"` }
    : { xs: `"files" "summary"`, lg: `"files summary"` };
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <Box>
        <BackLink />
      </Box>
      <PageHeader
        title={endpoint.name}
        subtitle={
          <Box component="span" sx={{ display: "inline-flex", alignItems: "center", gap: 1, flexWrap: "wrap", mt: 0.5 }}>
            <ConnectionStatusChip status={endpoint.connection_status} />
            <span>
              {TYPE_LABELS[endpoint.endpoint_type]} · {root}
            </span>
          </Box>
        }
        actions={
          canOperate ? (
            <>
              <Button variant="contained" startIcon={<NetworkCheck />} onClick={() => { actions.test(endpoint); }}>
                Test connection
              </Button>
              <Button variant="outlined" startIcon={<EditOutlined />} onClick={() => { actions.edit(endpoint); }}>
                Edit
              </Button>
              <Button
                variant="outlined"
                color="error"
                startIcon={<DeleteOutlined />}
                onClick={() => { actions.remove(endpoint); }}
              >
                Delete
              </Button>
            </>
          ) : null
        }
      />
      <Box
        sx={{
          display: "grid",
          gap: 3,
          alignItems: "start",
          gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "minmax(0, 2fr) minmax(320px, 1fr)" },
          gridTemplateAreas: areas,
        }}
      >
        <Box sx={{ gridArea: "files", minWidth: 0 }}>
          <Panel title="Files">
            <FileBrowser
              endpointId={endpoint.id}
              rootLabel={root}
              path={browse.path}
              page={browse.page}
              onNavigate={browse.navigate}
              selected={selected?.path ?? null}
              onSelect={(item) => { setSelection({ folder: browse.path, item }); }}
              actions={
                canOperate ? (
                  <Button variant="outlined" startIcon={<Insights />} onClick={() => { setAnalyzing(browse.path); }}>
                    Analyze this folder
                  </Button>
                ) : null
              }
            />
          </Panel>
        </Box>
        {selected ? (
          <Box sx={{ gridArea: "meta", minWidth: 0 }}>
            <MetadataPanel
              key={selected.path}
              endpointId={endpoint.id}
              item={selected}
              headingRef={heading}
              canPresign={canOperate && endpoint.endpoint_type === "s3"}
              onOpenFolder={(path) => { browse.navigate(path, 1); }}
              onAnalyze={canOperate ? setAnalyzing : undefined}
              onClose={() => { setSelection(null); }}
            />
          </Box>
        ) : null}
        <Box sx={{ gridArea: "summary", minWidth: 0 }}>
          <Panel title="Connection">
            <EndpointSummary endpoint={endpoint} now={now} />
          </Panel>
        </Box>
      </Box>
      {analyzing !== null ? (
        <AnalyzeDialog endpointId={endpoint.id} path={analyzing} rootLabel={root} onClose={() => { setAnalyzing(null); }} />
      ) : null}
      {actions.dialogs}
    </Box>
  );
}

export default function EndpointDetailPage() {
  const { endpointId = "" } = useParams();
  const endpoint = useQuery({ ...endpointQueries.detail(endpointId), refetchInterval: REFRESH_MS });
  useDocumentTitle(endpoint.data?.name ?? "Endpoint");
  if (endpoint.data) return <EndpointView endpoint={endpoint.data} updatedAt={endpoint.dataUpdatedAt} />;
  if (endpoint.isError) {
    const missing = endpoint.error instanceof ApiError && [404, 422].includes(endpoint.error.status);
    return (
      <Box sx={{ display: "grid", gap: 2, justifyItems: "start" }}>
        <BackLink />
        {missing ? (
          <Alert severity="warning">This endpoint does not exist (any more).</Alert>
        ) : (
          <QueryError what="The endpoint" error={endpoint.error} retry={() => void endpoint.refetch()} />
        )}
      </Box>
    );
  }
  return <PageLoader label="Loading the endpoint…" />;
}
