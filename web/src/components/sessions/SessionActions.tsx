import DeleteOutlinedIcon from "@mui/icons-material/DeleteOutlined";
import EditOutlinedIcon from "@mui/icons-material/EditOutlined";
import PauseIcon from "@mui/icons-material/Pause";
import PlayArrowIcon from "@mui/icons-material/PlayArrow";
import PreviewOutlinedIcon from "@mui/icons-material/PreviewOutlined";
import ScheduleIcon from "@mui/icons-material/Schedule";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useCan } from "../../api/auth";
import { errorMessage } from "../../api/errors";
import { useSetSchedulePaused, type Session } from "../../api/sessions";
import { showToast } from "../../lib/toasts";
import { DeleteSessionDialog } from "./DeleteSessionDialog";
import { StartDialog } from "./StartDialog";

/**
 * What may be done with a session: anyone may preview its plan; operators also start it (with
 * options), edit it, pause or resume its schedule and delete it. Viewers see only Preview.
 * `onPreview` replaces the link to the session's page (on that page, the plan is shown in place).
 */
export function SessionActions({
  session,
  onPreview,
  onDeleted,
}: {
  session: Session;
  onPreview?: () => void;
  onDeleted?: () => void;
}) {
  const canOperate = useCan("operator");
  const [dialog, setDialog] = useState<"start" | "delete" | null>(null);
  const pause = useSetSchedulePaused();
  const close = () => { setDialog(null); };
  const togglePause = () => {
    const paused = !session.schedule_paused;
    pause.mutate(
      { id: session.id, paused },
      {
        onSuccess: () => {
          showToast({ message: `Schedule of “${session.name}” ${paused ? "paused" : "resumed"}.`, severity: "success" });
        },
        onError: (error) => { showToast({ message: errorMessage(error), severity: "error" }); },
      },
    );
  };
  return (
    <Box sx={{ display: "flex", flexWrap: "wrap", gap: 1 }}>
      {canOperate ? (
        <Button variant="contained" size="small" startIcon={<PlayArrowIcon />} onClick={() => { setDialog("start"); }}>
          Start
        </Button>
      ) : null}
      {onPreview ? (
        <Button size="small" variant="outlined" startIcon={<PreviewOutlinedIcon />} onClick={onPreview}>
          Preview
        </Button>
      ) : (
        <Button
          size="small"
          variant="outlined"
          startIcon={<PreviewOutlinedIcon />}
          component={RouterLink}
          to={`/sessions/${session.id}?preview=1`}
        >
          Preview
        </Button>
      )}
      {canOperate ? (
        <>
          <Button size="small" variant="outlined" startIcon={<EditOutlinedIcon />} component={RouterLink} to={`/sessions/${session.id}/edit`}>
            Edit
          </Button>
          {session.schedule_enabled ? (
            <Button
              size="small"
              variant="outlined"
              startIcon={session.schedule_paused ? <ScheduleIcon /> : <PauseIcon />}
              onClick={togglePause}
              loading={pause.isPending}
            >
              {session.schedule_paused ? "Resume schedule" : "Pause schedule"}
            </Button>
          ) : null}
          <Button size="small" color="error" startIcon={<DeleteOutlinedIcon />} onClick={() => { setDialog("delete"); }}>
            Delete
          </Button>
          <StartDialog session={session} open={dialog === "start"} onClose={close} />
          <DeleteSessionDialog session={session} open={dialog === "delete"} onClose={close} onDeleted={onDeleted} />
        </>
      ) : null}
    </Box>
  );
}
