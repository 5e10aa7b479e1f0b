import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Checkbox from "@mui/material/Checkbox";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormGroup from "@mui/material/FormGroup";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { useNavigate } from "react-router";
import { errorMessage } from "../../api/errors";
import { useStartSession, type Session } from "../../api/sessions";

const OPTIONS = [
  { key: "dry_run", label: "Dry run", help: "Plan and report only: nothing is copied or deleted." },
  { key: "force_overwrite", label: "Force", help: "Copy every file that passes the filters, changed or not." },
  {
    key: "allow_mass_delete",
    label: "Allow mass deletion",
    help: "Carry out deletions the max-delete limits would refuse.",
  },
] as const;

type Options = Record<(typeof OPTIONS)[number]["key"], boolean>;

const NONE: Options = { dry_run: false, force_overwrite: false, allow_mass_delete: false };

/** Start a run of `session` with its options; on success the run's monitor page opens. */
export function StartDialog({ session, open, onClose }: { session: Session; open: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const start = useStartSession();
  const [options, setOptions] = useState<Options>(NONE);
  const close = () => {
    start.reset();
    setOptions(NONE);
    onClose();
  };
  const submit = () => {
    start.mutate(
      { id: session.id, options },
      { onSuccess: ({ execution_id }) => { void navigate(`/executions/${execution_id}`); } },
    );
  };
  return (
    <Dialog open={open} onClose={close} aria-labelledby="start-dialog-title" fullWidth maxWidth="xs">
      <DialogTitle id="start-dialog-title">Start {session.name}</DialogTitle>
      <DialogContent>
        <FormGroup sx={{ gap: 1 }}>
          {OPTIONS.map((option) => (
            <FormControlLabel
              key={option.key}
              sx={{ alignItems: "flex-start" }}
              control={
                <Checkbox
                  checked={options[option.key]}
                  onChange={(event) => { setOptions({ ...options, [option.key]: event.target.checked }); }}
                  sx={{ mt: -0.75 }}
                />
              }
              label={
                <>
                  {option.label}
                  <Typography variant="body2" color="text.secondary">
                    {option.help}
                  </Typography>
                </>
              }
            />
          ))}
        </FormGroup>
        {start.isError ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {errorMessage(start.error)}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button variant="contained" onClick={submit} loading={start.isPending}>
          {options.dry_run ? "Start dry run" : "Start run"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
