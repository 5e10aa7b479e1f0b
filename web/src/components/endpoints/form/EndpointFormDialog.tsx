import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormLabel from "@mui/material/FormLabel";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import Typography from "@mui/material/Typography";
import { useTheme } from "@mui/material/styles";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { backendQueries, describeBackend, TYPE_LABELS, type EndpointType } from "../../../api/backends";
import { useTestEndpoint, type Endpoint } from "../../../api/endpoints";
import { PageLoader } from "../../common/PageLoader";
import { QueryError } from "../../common/QueryError";
import { ConnectionTestResult } from "../ConnectionTestResult";
import { EndpointForm } from "./EndpointForm";

interface EndpointFormDialogProps {
  /** The endpoint to edit; absent to add one. */
  endpoint?: Endpoint;
  onClose: () => void;
}

/** After saving: what was saved, and the offer to test the connection right away. */
function Saved({ endpoint, created, onClose }: { endpoint: Endpoint; created: boolean; onClose: () => void }) {
  const test = useTestEndpoint();
  return (
    <>
      <DialogContent dividers>
        <Box sx={{ display: "grid", gap: 2 }}>
          <Alert severity="success" role="status">
            {created ? `“${endpoint.name}” was added.` : `Changes to “${endpoint.name}” were saved.`}
          </Alert>
          <Typography>Test the connection now to check the settings against the server.</Typography>
          <ConnectionTestResult name={endpoint.name} state={test} />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => { test.mutate(endpoint.id); }} loading={test.isPending}>
          {test.data || test.error ? "Test again" : "Test connection"}
        </Button>
        <Button variant="contained" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </>
  );
}

/** The type of a new endpoint, each with what it is (from `GET /backends`). */
function TypeChoice({
  types,
  value,
  onChange,
}: {
  types: readonly { type: EndpointType; summary: string }[];
  value: EndpointType | null;
  onChange: (type: EndpointType) => void;
}) {
  const labelId = useId();
  return (
    <FormControl required>
      <FormLabel id={labelId}>Type</FormLabel>
      <RadioGroup
        aria-labelledby={labelId}
        value={value ?? ""}
        onChange={(event) => { onChange(event.target.value as EndpointType); }}
      >
        {types.map(({ type, summary }) => (
          <FormControlLabel
            key={type}
            value={type}
            control={<Radio />}
            sx={{ alignItems: "flex-start", mt: 0.5, "& .MuiRadio-root": { pt: 0.5 } }}
            label={
              <Box sx={{ pt: 0.75 }}>
                <Typography component="span" sx={{ fontWeight: 500 }}>
                  {TYPE_LABELS[type]}
                </Typography>
                <Typography component="span" variant="body2" color="text.secondary" sx={{ display: "block" }}>
                  {summary}
                </Typography>
              </Box>
            }
          />
        ))}
      </RadioGroup>
    </FormControl>
  );
}

/**
 * Add or edit an endpoint in a dialog (full screen on a phone): the type first (new endpoints
 * only), then that type's fields rendered from its JSON Schema; after saving, a connection test.
 */
export function EndpointFormDialog({ endpoint, onClose }: EndpointFormDialogProps) {
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down("sm"));
  const titleId = useId();
  const backends = useQuery(backendQueries.list());
  const [type, setType] = useState<EndpointType | null>(endpoint?.endpoint_type ?? null);
  const [saved, setSaved] = useState<Endpoint | null>(null);
  // The name typed survives a change of type (the fields below it start over).
  const [draftName, setDraftName] = useState("");
  const forms = useMemo(() => (backends.data ?? []).map(describeBackend), [backends.data]);
  const spec = forms.find((form) => form.type === type);

  const title = saved ? "Endpoint saved" : endpoint ? `Edit ${endpoint.name}` : "Add an endpoint";
  let body;
  if (saved) {
    body = <Saved endpoint={saved} created={!endpoint} onClose={onClose} />;
  } else if (!backends.data) {
    body = (
      <DialogContent>
        {backends.isError ? (
          <QueryError what="The endpoint types" error={backends.error} retry={() => void backends.refetch()} />
        ) : (
          <PageLoader label="Loading the endpoint types…" />
        )}
      </DialogContent>
    );
  } else {
    const choice = endpoint ? null : (
      <TypeChoice types={forms} value={type} onChange={setType} />
    );
    body =
      type && spec ? (
        <EndpointForm
          key={type}
          type={type}
          spec={spec}
          endpoint={endpoint}
          initialName={draftName}
          before={choice}
          onNameChange={setDraftName}
          onCancel={onClose}
          onSaved={setSaved}
        />
      ) : (
        <>
          <DialogContent dividers>
            {choice}
            {type ? <Alert severity="error">This F2L has no form for {type} endpoints.</Alert> : null}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </>
      );
  }

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" fullScreen={phone} aria-labelledby={titleId} scroll="paper">
      <DialogTitle id={titleId}>{title}</DialogTitle>
      {body}
    </Dialog>
  );
}
