import Close from "@mui/icons-material/Close";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Divider from "@mui/material/Divider";
import IconButton from "@mui/material/IconButton";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useId, type ReactNode, type Ref } from "react";
import { endpointQueries, type BrowseItem, type PathMetadata } from "../../../api/endpoints";
import { formatBytes, formatCount, formatDateTime } from "../../../lib/format";
import { PageLoader } from "../../common/PageLoader";
import { QueryError } from "../../common/QueryError";
import { Facts } from "../Facts";
import { PresignLink } from "./PresignLink";

function bytes(size: number | null): string {
  return size === null ? "unknown" : `${formatBytes(size)} (${formatCount(size)} bytes)`;
}

function time(value: string | null): ReactNode {
  return value ? <time dateTime={value}>{formatDateTime(value)}</time> : "—";
}

function fileRows(meta: PathMetadata): [string, ReactNode][] {
  const rows: [string, ReactNode][] = [
    ["Size", bytes(meta.size)],
    ["Modified", time(meta.modified)],
    ["ETag", meta.etag ?? "—"],
    ["Content type", meta.content_type ?? "—"],
    ["Storage class", meta.storage_class ?? "—"],
  ];
  for (const [algorithm, hex] of Object.entries(meta.hashes)) rows.push([algorithm.toUpperCase(), hex]);
  for (const [key, value] of Object.entries(meta.metadata)) rows.push([`Metadata: ${key}`, value]);
  return rows;
}

function folderRows(meta: PathMetadata): [string, ReactNode][] {
  return [
    ["Files", meta.file_count === null ? "—" : formatCount(meta.file_count)],
    ["Subfolders with files", meta.folder_count === null ? "—" : formatCount(meta.folder_count)],
    ["Total size", bytes(meta.total_size)],
    ["Last change", time(meta.last_modified)],
  ];
}

interface MetadataPanelProps {
  endpointId: string;
  item: BrowseItem;
  /** S3 endpoints can hand out presigned links (operators only). */
  canPresign: boolean;
  onOpenFolder: (path: string) => void;
  /** Analyze this folder (operators only); absent hides the button. */
  onAnalyze?: (path: string) => void;
  onClose: () => void;
  /** The panel's heading, focused when the panel opens away from the list (on a phone). */
  headingRef?: Ref<HTMLHeadingElement>;
}

/**
 * What the API knows about the selected path: a file's size, time, ETag, type, storage class,
 * hashes and user metadata (plus a presigned link on S3), or a folder's totals.
 */
export function MetadataPanel({
  endpointId,
  item,
  canPresign,
  onOpenFolder,
  onAnalyze,
  onClose,
  headingRef,
}: MetadataPanelProps) {
  const headingId = useId();
  const meta = useQuery(endpointQueries.metadata(endpointId, item.path));
  const folder = item.is_dir;
  let body: ReactNode;
  if (meta.data) {
    const data = meta.data;
    body = (
      <>
        <Facts label={folder ? "Folder summary" : "File metadata"} rows={data.kind === "folder" ? folderRows(data) : fileRows(data)} />
        {data.truncated ? (
          <Alert severity="info" sx={{ mt: 2 }}>
            The folder is too large to sum up entirely: these totals cover the first {formatCount(data.file_count ?? 0)}{" "}
            files. Analyze it for the full picture.
          </Alert>
        ) : null}
      </>
    );
  } else if (meta.isError) {
    body = <QueryError what="The details" error={meta.error} retry={() => void meta.refetch()} />;
  } else {
    body = <PageLoader label={folder ? "Summing up the folder…" : "Loading the details…"} />;
  }
  return (
    <Card component="section" aria-labelledby={headingId} sx={{ minWidth: 0 }}>
      <CardContent sx={{ display: "grid", gap: 2 }}>
        <Box sx={{ display: "flex", alignItems: "flex-start", gap: 1 }}>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="overline" color="text.secondary" component="p">
              {folder ? "Folder" : "File"}
            </Typography>
            <Typography
              id={headingId}
              ref={headingRef}
              tabIndex={-1}
              variant="h2"
              sx={{ overflowWrap: "anywhere", outline: "none" }}
            >
              {item.name}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: "anywhere" }}>
              /{item.path}
            </Typography>
          </Box>
          <IconButton aria-label="Close the details" onClick={onClose}>
            <Close />
          </IconButton>
        </Box>
        {body}
        {folder ? (
          <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap" }}>
            <Button variant="outlined" onClick={() => { onOpenFolder(item.path); }}>
              Open folder
            </Button>
            {onAnalyze ? (
              <Button variant="outlined" onClick={() => { onAnalyze(item.path); }}>
                Analyze folder
              </Button>
            ) : null}
          </Box>
        ) : null}
        {!folder && canPresign ? (
          <>
            <Divider />
            <PresignLink key={item.path} endpointId={endpointId} path={item.path} />
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}
