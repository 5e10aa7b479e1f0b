import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import LinearProgress from "@mui/material/LinearProgress";
import Typography from "@mui/material/Typography";
import { useTheme } from "@mui/material/styles";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useEffect, useId, useState } from "react";
import { useAnalyzeFolder } from "../../../api/endpoints";
import { errorMessage } from "../../../api/errors";
import { formatDuration } from "../../../lib/format";
import { AnalysisView } from "./AnalysisView";

/** Seconds since `start`, ticking once a second while `running`. */
function useElapsed(running: boolean): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!running) return;
    const start = Date.now();
    const timer = setInterval(() => { setElapsed(Math.floor((Date.now() - start) / 1000)); }, 1000);
    return () => { clearInterval(timer); };
  }, [running]);
  return elapsed;
}

/**
 * Analyzes a folder as soon as it opens. A large folder takes a while: the walk shows its time
 * so far, and closing the dialog (or leaving the page) aborts the request.
 */
export function AnalyzeDialog({
  endpointId,
  path,
  rootLabel,
  onClose,
}: {
  endpointId: string;
  path: string;
  rootLabel: string;
  onClose: () => void;
}) {
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down("sm"));
  const titleId = useId();
  const analyze = useAnalyzeFolder();
  const { mutate } = analyze;
  useEffect(() => {
    const controller = new AbortController();
    mutate({ id: endpointId, path, signal: controller.signal });
    return () => { controller.abort(); };
  }, [endpointId, path, mutate]);
  const elapsed = useElapsed(analyze.isPending);
  const where = path ? `/${path}` : rootLabel;

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg" fullScreen={phone} aria-labelledby={titleId} scroll="paper">
      <DialogTitle id={titleId} sx={{ overflowWrap: "anywhere" }}>
        Analysis of {where}
      </DialogTitle>
      <DialogContent dividers>
        {analyze.isPending ? (
          <Box role="status" sx={{ display: "grid", gap: 1.5, py: 2 }}>
            <Typography>
              Walking every file under {where}… {elapsed ? formatDuration(elapsed) : ""}
            </Typography>
            <LinearProgress aria-label="Analyzing the folder" />
            <Typography variant="body2" color="text.secondary">
              Large folders take a while. Cancel stops the analysis.
            </Typography>
          </Box>
        ) : null}
        {analyze.isError ? (
          <Alert severity="error" role="alert">
            The folder could not be analyzed: {errorMessage(analyze.error)}
          </Alert>
        ) : null}
        {analyze.data ? <AnalysisView analysis={analyze.data} /> : null}
      </DialogContent>
      <DialogActions>
        <Button variant={analyze.isPending ? "outlined" : "contained"} onClick={onClose}>
          {analyze.isPending ? "Cancel" : "Close"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
