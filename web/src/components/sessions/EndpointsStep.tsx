import FolderOpenOutlinedIcon from "@mui/icons-material/FolderOpenOutlined";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import type { Endpoint } from "../../api/endpoints";
import type { FieldMessages } from "../../api/sessions";
import { FolderPickerDialog } from "./FolderPickerDialog";
import type { SessionForm } from "./form";

type Side = "source" | "destination";

const SIDE_WORDS: Record<Side, { title: string; help: string }> = {
  source: { title: "Source", help: "Where the files come from (in a one-way copy)." },
  destination: { title: "Destination", help: "Where they go." },
};

function SideFields({
  side,
  form,
  endpoints,
  errors,
  onChange,
}: {
  side: Side;
  form: SessionForm;
  endpoints: readonly Endpoint[];
  errors: FieldMessages;
  onChange: (patch: Partial<SessionForm>) => void;
}) {
  const [picking, setPicking] = useState(false);
  const idKey = side === "source" ? "source_endpoint_id" : "destination_endpoint_id";
  const pathKey = side === "source" ? "source_path" : "destination_path";
  const endpointId = form[idKey];
  const endpoint = endpoints.find((item) => item.id === endpointId);
  const words = SIDE_WORDS[side];
  return (
    <Box component="fieldset" sx={{ border: 0, m: 0, p: 0, minWidth: 0, display: "grid", gap: 2 }}>
      <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, p: 0, mb: 1 }}>
        {words.title}
      </Typography>
      <TextField
        select
        label={`${words.title} endpoint`}
        value={endpointId}
        onChange={(event) => { onChange({ [idKey]: event.target.value }); }}
        error={Boolean(errors[idKey])}
        helperText={errors[idKey] ?? words.help}
        required
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value="">Choose an endpoint</option>
        {endpoints.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name} ({item.endpoint_type})
          </option>
        ))}
      </TextField>
      <Box sx={{ display: "flex", gap: 1, alignItems: "flex-start" }}>
        <TextField
          label={`${words.title} folder`}
          value={form[pathKey]}
          placeholder="/ (the endpoint's root)"
          onChange={(event) => { onChange({ [pathKey]: event.target.value }); }}
          error={Boolean(errors[pathKey])}
          helperText={errors[pathKey] ?? "A folder within the endpoint; empty is its root."}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { spellCheck: false } }}
          sx={{ flex: 1, minWidth: 0 }}
        />
        <Button
          variant="outlined"
          startIcon={<FolderOpenOutlinedIcon />}
          disabled={!endpoint}
          onClick={() => { setPicking(true); }}
          aria-label={`Browse ${side} folders`}
          sx={{ mt: 1, flexShrink: 0 }}
        >
          Browse
        </Button>
      </Box>
      {picking && endpoint ? (
        <FolderPickerDialog
          open
          endpointId={endpoint.id}
          endpointName={endpoint.name}
          initialPath={form[pathKey]}
          onClose={() => { setPicking(false); }}
          onPick={(path) => {
            onChange({ [pathKey]: path });
            setPicking(false);
          }}
        />
      ) : null}
    </Box>
  );
}

/** Step 1: the session's name, and each side's endpoint and folder (typed or picked). */
export function EndpointsStep({
  form,
  endpoints,
  errors,
  onChange,
}: {
  form: SessionForm;
  endpoints: readonly Endpoint[];
  errors: FieldMessages;
  onChange: (patch: Partial<SessionForm>) => void;
}) {
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <TextField
        label="Session name"
        value={form.name}
        onChange={(event) => { onChange({ name: event.target.value }); }}
        error={Boolean(errors.name)}
        helperText={errors.name ?? "How the session is listed, e.g. “Reports to S3”."}
        required
        sx={{ maxWidth: 480 }}
        slotProps={{ htmlInput: { maxLength: 200 } }}
      />
      {endpoints.length < 1 ? (
        <Typography color="text.secondary">
          No endpoint exists yet.{" "}
          <Link component={RouterLink} to="/endpoints">
            Add one on the Endpoints page
          </Link>{" "}
          first.
        </Typography>
      ) : null}
      <Box sx={{ display: "grid", gap: 3, gridTemplateColumns: { xs: "minmax(0, 1fr)", md: "repeat(2, minmax(0, 1fr))" } }}>
        <SideFields side="source" form={form} endpoints={endpoints} errors={errors} onChange={onChange} />
        <SideFields side="destination" form={form} endpoints={endpoints} errors={errors} onChange={onChange} />
      </Box>
    </Box>
  );
}
