import DownloadIcon from "@mui/icons-material/Download";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../../api/errors";
import { EXPORT_FORMATS, fetchLogExport, saveFile, type LogExportFormat, type LogFilter } from "../../api/logs";
import { showToast } from "../../lib/toasts";

/** "Export": the lines matching the current filters as CSV or JSON, downloaded as a file. */
export function ExportMenu({ filter }: { filter: LogFilter }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const download = useMutation({
    mutationFn: (format: LogExportFormat) => fetchLogExport(filter, format),
    onSuccess: saveFile,
    onError: (error) => { showToast({ message: `The export failed: ${errorMessage(error)}`, severity: "error" }); },
  });
  const open = Boolean(anchor);
  return (
    <>
      <Button
        variant="outlined"
        startIcon={download.isPending ? <CircularProgress size={16} aria-hidden /> : <DownloadIcon />}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? "log-export-menu" : undefined}
        disabled={download.isPending}
        onClick={(event) => { setAnchor(event.currentTarget); }}
      >
        {download.isPending ? "Exporting…" : "Export"}
      </Button>
      <Menu id="log-export-menu" anchorEl={anchor} open={open} onClose={() => { setAnchor(null); }}>
        {EXPORT_FORMATS.map(({ format, label }) => (
          <MenuItem
            key={format}
            onClick={() => {
              setAnchor(null);
              download.mutate(format);
            }}
          >
            {label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
