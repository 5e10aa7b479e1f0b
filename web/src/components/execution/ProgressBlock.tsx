import Box from "@mui/material/Box";
import LinearProgress from "@mui/material/LinearProgress";
import Typography from "@mui/material/Typography";
import { formatCount } from "../../lib/format";
import { Figures } from "./Figures";
import { PHASE_LABEL, type ProgressView } from "./progress";

/** A running (or queued) run's bar, counters, speed, time left, phase and the files in flight. */
export function ProgressBlock({ view, queued }: { view: ProgressView; queued: boolean }) {
  const percent = Math.round(view.percent);
  let phase = "—";
  if (queued) phase = "Waiting for a free slot";
  else if (view.phase) phase = PHASE_LABEL[view.phase];
  return (
    <Box sx={{ display: "grid", gap: 2 }}>
      <Box>
        <Box sx={{ display: "flex", justifyContent: "space-between", flexWrap: "wrap", gap: 1, mb: 1 }}>
          <Typography sx={{ fontWeight: 600 }}>{view.filesText}</Typography>
          <Typography sx={{ fontWeight: 600 }}>{queued ? "Queued" : `${percent}%`}</Typography>
        </Box>
        <LinearProgress
          variant={queued ? "indeterminate" : "determinate"}
          value={view.percent}
          aria-label={queued ? "Waiting to start" : `${percent}% done`}
          aria-valuetext={queued ? undefined : `${percent}%, ${view.filesText}`}
          sx={{ height: 10, borderRadius: 5 }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {view.bytesText}
        </Typography>
      </Box>
      <Figures
        label="Progress figures"
        items={[
          { label: "Speed", value: view.speedText ?? "—" },
          { label: "Time left", value: view.etaText ?? "—" },
          { label: "Phase", value: phase },
          { label: "Errors", value: formatCount(view.errorCount) },
        ]}
      />
      {view.currentFiles.length ? (
        <Box>
          <Typography variant="caption" color="text.secondary" component="h3" sx={{ m: 0 }}>
            Transferring now
          </Typography>
          <Box component="ul" aria-label="Files being transferred now" sx={{ m: 0, pl: 2.5 }}>
            {view.currentFiles.map((file) => (
              <Typography
                component="li"
                key={file}
                variant="body2"
                sx={{ fontFamily: "monospace", overflowWrap: "anywhere" }}
              >
                {file}
              </Typography>
            ))}
          </Box>
        </Box>
      ) : null}
    </Box>
  );
}
