import ArrowUpward from "@mui/icons-material/ArrowUpward";
import ChevronLeft from "@mui/icons-material/ChevronLeft";
import ChevronRight from "@mui/icons-material/ChevronRight";
import FolderOutlined from "@mui/icons-material/FolderOutlined";
import InfoOutlined from "@mui/icons-material/InfoOutlined";
import InsertDriveFileOutlined from "@mui/icons-material/InsertDriveFileOutlined";
import Refresh from "@mui/icons-material/Refresh";
import Box from "@mui/material/Box";
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import LinearProgress from "@mui/material/LinearProgress";
import Link from "@mui/material/Link";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { endpointQueries, type BrowseItem } from "../../../api/endpoints";
import { formatBytes, formatDateTime } from "../../../lib/format";
import { PageLoader } from "../../common/PageLoader";
import { QueryError } from "../../common/QueryError";
import { VISUALLY_HIDDEN } from "../visuallyHidden";
import { crumbs, pagerState, parentOf } from "./browsePaths";

const WIDE_ONLY = { display: { xs: "none", sm: "table-cell" } } as const;
const NARROW_ONLY = { display: { xs: "block", sm: "none" } } as const;

export interface FileBrowserProps {
  endpointId: string;
  /** The root's name in the breadcrumb (the bucket, host or folder). */
  rootLabel: string;
  path: string;
  page: number;
  /** Open a folder (page 1) or another page of this one. */
  onNavigate: (path: string, page: number) => void;
  selected: string | null;
  onSelect: (item: BrowseItem) => void;
  /** Controls shown beside the breadcrumb (Analyze, for operators). */
  actions?: ReactNode;
}

function Crumbs({ path, rootLabel, onOpen }: { path: string; rootLabel: string; onOpen: (path: string) => void }) {
  const trail = crumbs(path, rootLabel);
  return (
    <Breadcrumbs aria-label="Folder path" maxItems={5} itemsAfterCollapse={2} sx={{ overflowWrap: "anywhere" }}>
      {trail.map((crumb, index) =>
        index === trail.length - 1 ? (
          <Typography key={crumb.path} color="text.primary" aria-current="location" sx={{ fontWeight: 500 }}>
            {crumb.label}
          </Typography>
        ) : (
          <Link key={crumb.path} component="button" type="button" onClick={() => { onOpen(crumb.path); }}>
            {crumb.label}
          </Link>
        ),
      )}
    </Breadcrumbs>
  );
}

function Modified({ time }: { time: string | null }) {
  return time ? <time dateTime={time}>{formatDateTime(time)}</time> : <>—</>;
}

/**
 * One folder of an endpoint, a page at a time (the server pages; a folder may hold millions of
 * entries): folders first as the backend lists them, then files with size and time. A folder's
 * name opens it; a file's name, or any row's details button, selects it for the metadata panel.
 */
export function FileBrowser({ endpointId, rootLabel, path, page, onNavigate, selected, onSelect, actions }: FileBrowserProps) {
  const listing = useQuery({ ...endpointQueries.browse(endpointId, path, page), placeholderData: keepPreviousData });
  const data = listing.data;
  const parent = parentOf(path);
  const pager = data ? pagerState(data.pagination, data.data.length) : null;
  // Shown while another folder or page loads: the previous listing stays, dimmed.
  const stale = listing.isPlaceholderData;

  let body: ReactNode;
  if (!data) {
    body = listing.isError ? (
      <QueryError what="This folder" error={listing.error} retry={() => void listing.refetch()} />
    ) : (
      <PageLoader label="Listing the folder…" />
    );
  } else if (listing.isError && !stale) {
    body = <QueryError what="This folder" error={listing.error} retry={() => void listing.refetch()} />;
  } else if (!data.data.length) {
    body = <Typography color="text.secondary" sx={{ py: 2 }}>{page > 1 ? "No more entries." : "This folder is empty."}</Typography>;
  } else {
    body = (
      <Box sx={{ overflowX: "auto", opacity: stale ? 0.6 : 1 }}>
        <Table size="small" aria-label={`Contents of ${path || rootLabel}`} sx={{ tableLayout: "fixed" }}>
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell align="right" sx={{ ...WIDE_ONLY, width: 110 }}>
                Size
              </TableCell>
              <TableCell sx={{ ...WIDE_ONLY, width: 190 }}>Modified</TableCell>
              <TableCell sx={{ width: 56 }}>
                <Box component="span" sx={VISUALLY_HIDDEN}>
                  Details
                </Box>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.data.map((item) => (
              <TableRow key={item.path} hover selected={item.path === selected}>
                <TableCell sx={{ overflowWrap: "anywhere" }}>
                  <Box sx={{ display: "flex", alignItems: "center", gap: 1 }}>
                    {item.is_dir ? (
                      <FolderOutlined fontSize="small" color="primary" aria-hidden />
                    ) : (
                      <InsertDriveFileOutlined fontSize="small" color="action" aria-hidden />
                    )}
                    <Link
                      component="button"
                      type="button"
                      underline="hover"
                      aria-label={item.is_dir ? `Open folder ${item.name}` : undefined}
                      onClick={() => {
                        if (item.is_dir) onNavigate(item.path, 1);
                        else onSelect(item);
                      }}
                      sx={{ textAlign: "left", overflowWrap: "anywhere" }}
                    >
                      {item.name}
                      {item.is_dir ? "/" : ""}
                    </Link>
                  </Box>
                  {item.is_dir ? null : (
                    <Typography variant="caption" color="text.secondary" sx={NARROW_ONLY}>
                      {item.size === null ? "size unknown" : formatBytes(item.size)} · <Modified time={item.modified} />
                    </Typography>
                  )}
                </TableCell>
                <TableCell align="right" sx={{ ...WIDE_ONLY, whiteSpace: "nowrap" }}>
                  {item.is_dir ? "—" : item.size === null ? "unknown" : formatBytes(item.size)}
                </TableCell>
                <TableCell sx={WIDE_ONLY}>
                  <Modified time={item.modified} />
                </TableCell>
                <TableCell padding="none" align="center">
                  <IconButton
                    size="small"
                    aria-label={`Details of ${item.name}`}
                    aria-pressed={item.path === selected}
                    onClick={() => { onSelect(item); }}
                  >
                    <InfoOutlined fontSize="small" />
                  </IconButton>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    );
  }

  return (
    <Box sx={{ display: "grid", gap: 1.5, minWidth: 0 }}>
      <Box sx={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: 1, justifyContent: "space-between" }}>
        <Crumbs path={path} rootLabel={rootLabel} onOpen={(target) => { onNavigate(target, 1); }} />
        <Box sx={{ display: "flex", gap: 1, alignItems: "center" }}>
          {parent !== null ? (
            <Tooltip title="Up one folder">
              <IconButton aria-label="Up one folder" onClick={() => { onNavigate(parent, 1); }}>
                <ArrowUpward />
              </IconButton>
            </Tooltip>
          ) : null}
          <Tooltip title="Refresh">
            <IconButton aria-label="Refresh the listing" onClick={() => void listing.refetch()}>
              <Refresh />
            </IconButton>
          </Tooltip>
          {actions}
        </Box>
      </Box>
      <Box sx={{ height: 4 }}>{listing.isFetching ? <LinearProgress aria-label="Loading the folder" /> : null}</Box>
      {body}
      {pager && (pager.hasNext || pager.hasPrevious) ? (
        <Box
          component="nav"
          aria-label="Pages of this folder"
          sx={{ display: "flex", alignItems: "center", justifyContent: "flex-end", gap: 1, flexWrap: "wrap" }}
        >
          <Typography variant="body2" aria-live="polite">
            {pager.label}
          </Typography>
          <Button
            size="small"
            startIcon={<ChevronLeft />}
            disabled={!pager.hasPrevious || stale}
            onClick={() => { onNavigate(path, page - 1); }}
          >
            Previous
          </Button>
          <Button
            size="small"
            endIcon={<ChevronRight />}
            disabled={!pager.hasNext || stale}
            onClick={() => { onNavigate(path, page + 1); }}
          >
            Next
          </Button>
        </Box>
      ) : pager?.from ? (
        <Typography variant="body2" color="text.secondary" sx={{ textAlign: "right" }}>
          {pager.label}
        </Typography>
      ) : null}
    </Box>
  );
}
