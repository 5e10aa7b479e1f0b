import FolderOutlinedIcon from "@mui/icons-material/FolderOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import LinearProgress from "@mui/material/LinearProgress";
import Link from "@mui/material/Link";
import List from "@mui/material/List";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import type { Theme } from "@mui/material/styles";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { endpointQueries } from "../../api/endpoints";
import { errorMessage } from "../../api/errors";
import { formatCount } from "../../lib/format";

/** "a/b/c" → ["a", "a/b", "a/b/c"]: the path of each breadcrumb. */
export function crumbs(path: string): { name: string; path: string }[] {
  const parts = path.split("/").filter(Boolean);
  return parts.map((name, index) => ({ name, path: parts.slice(0, index + 1).join("/") }));
}

function Browser({
  endpointId,
  endpointName,
  path,
  onOpen,
}: {
  endpointId: string;
  endpointName: string;
  path: string;
  onOpen: (path: string) => void;
}) {
  const [page, setPage] = useState(1);
  const listing = useQuery({ ...endpointQueries.browse(endpointId, path, page), placeholderData: keepPreviousData });
  const folders = (listing.data?.data ?? []).filter((item) => item.is_dir);
  const files = (listing.data?.data ?? []).length - folders.length;
  const trail = crumbs(path);
  return (
    <Box sx={{ display: "grid", gap: 1.5 }}>
      <Breadcrumbs aria-label="Folder path" maxItems={5} sx={{ overflowWrap: "anywhere" }}>
        {path ? (
          <Link component="button" type="button" onClick={() => { onOpen(""); }}>
            {endpointName}
          </Link>
        ) : (
          <Typography color="text.primary" aria-current="location">
            {endpointName}
          </Typography>
        )}
        {trail.map((crumb, index) =>
          index === trail.length - 1 ? (
            <Typography key={crumb.path} color="text.primary" aria-current="location">
              {crumb.name}
            </Typography>
          ) : (
            <Link key={crumb.path} component="button" type="button" onClick={() => { onOpen(crumb.path); }}>
              {crumb.name}
            </Link>
          ),
        )}
      </Breadcrumbs>
      <Box sx={{ height: 4 }}>{listing.isFetching ? <LinearProgress aria-label="Listing the folder" /> : null}</Box>
      {listing.isError ? <Alert severity="error">The folder could not be listed: {errorMessage(listing.error)}</Alert> : null}
      {listing.data ? (
        <>
          {folders.length ? (
            <List dense aria-label="Folders here" sx={{ border: 1, borderColor: "divider", borderRadius: 1, py: 0 }}>
              {folders.map((folder) => (
                <ListItemButton key={folder.path} onClick={() => { onOpen(folder.path); }}>
                  <ListItemIcon sx={{ minWidth: 36 }}>
                    <FolderOutlinedIcon fontSize="small" aria-hidden />
                  </ListItemIcon>
                  <ListItemText primary={folder.name} slotProps={{ primary: { sx: { overflowWrap: "anywhere" } } }} />
                </ListItemButton>
              ))}
            </List>
          ) : (
            <Typography color="text.secondary">No folder here.</Typography>
          )}
          <Typography variant="body2" color="text.secondary">
            {files ? `${formatCount(files)} ${files === 1 ? "file" : "files"} here${listing.data.pagination.has_more ? " on this page" : ""}.` : "No file here."}
          </Typography>
          {page > 1 || listing.data.pagination.has_more ? (
            <Box sx={{ display: "flex", gap: 1, alignItems: "center" }}>
              <Button size="small" disabled={page === 1} onClick={() => { setPage(page - 1); }}>
                Previous page
              </Button>
              <Typography variant="body2">Page {page}</Typography>
              <Button size="small" disabled={!listing.data.pagination.has_more} onClick={() => { setPage(page + 1); }}>
                Next page
              </Button>
            </Box>
          ) : null}
        </>
      ) : null}
    </Box>
  );
}

/** Browse an endpoint's folders (breadcrumbs, open a folder) and pick one with "Use this folder". */
export function FolderPickerDialog({
  open,
  endpointId,
  endpointName,
  initialPath,
  onClose,
  onPick,
}: {
  open: boolean;
  endpointId: string;
  endpointName: string;
  initialPath: string;
  onClose: () => void;
  onPick: (path: string) => void;
}) {
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down("sm"));
  const [path, setPath] = useState(initialPath.replace(/^\/+|\/+$/g, ""));
  return (
    <Dialog open={open} onClose={onClose} fullScreen={fullScreen} fullWidth maxWidth="sm" aria-labelledby="folder-picker-title">
      <DialogTitle id="folder-picker-title">Choose a folder of {endpointName}</DialogTitle>
      <DialogContent>
        {/* A new Browser per folder: its page starts at 1. */}
        <Browser key={path} endpointId={endpointId} endpointName={endpointName} path={path} onOpen={setPath} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => { onPick(path); }}>
          Use this folder
        </Button>
      </DialogActions>
    </Dialog>
  );
}
