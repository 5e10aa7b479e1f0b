import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useMemo, useState, type ReactNode } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import type { BackendForm, EndpointType } from "../../../api/backends";
import { FieldsError, useCreateEndpoint, useUpdateEndpoint, type Endpoint } from "../../../api/endpoints";
import { errorMessage } from "../../../api/errors";
import {
  hasSecret,
  initialValues,
  NAME_FIELD,
  toCreateBody,
  toUpdateBody,
  validate,
  type FormMode,
  type FormValues,
} from "./formModel";
import { SchemaField } from "./SchemaField";

interface EndpointFormProps {
  type: EndpointType;
  spec: BackendForm;
  /** The endpoint to edit; absent for a new one. */
  endpoint?: Endpoint;
  initialName?: string;
  /** Shown above the fields (the type choice of a new endpoint). */
  before?: ReactNode;
  onNameChange?: (name: string) => void;
  onCancel: () => void;
  onSaved: (endpoint: Endpoint) => void;
}

/** The form's checks as react-hook-form's resolver; the mode (which secrets are kept) is its context. */
function resolverFor(spec: BackendForm): Resolver<FormValues, FormMode> {
  return (values, mode) => {
    const problems = validate(spec, values, mode ?? { kind: "create", keptSecrets: new Set() });
    const names = Object.keys(problems);
    if (!names.length) return { values, errors: {} };
    const errors: FieldErrors<FormValues> = {};
    for (const name of names) errors[name] = { type: "validate", message: problems[name] };
    return { values: {}, errors };
  };
}

/**
 * The fields of one endpoint type, checked as the API checks them, saved with POST (new) or
 * PATCH (edit). The API's refusals show under the fields they name; anything else above them.
 */
export function EndpointForm({ type, spec, endpoint, initialName, before, onNameChange, onCancel, onSaved }: EndpointFormProps) {
  const create = useCreateEndpoint();
  const update = useUpdateEndpoint();
  const [replacing, setReplacing] = useState<ReadonlySet<string>>(new Set());
  const [removing, setRemoving] = useState<ReadonlySet<string>>(new Set());
  const [refusal, setRefusal] = useState<string | null>(null);
  const keptSecrets = useMemo(
    () =>
      new Set(
        spec.fields
          .filter(
            (field) =>
              field.kind === "secret" &&
              hasSecret(endpoint, field.name) &&
              !replacing.has(field.name) &&
              !removing.has(field.name),
          )
          .map((field) => field.name),
      ),
    [spec, endpoint, replacing, removing],
  );
  const mode: FormMode = { kind: endpoint ? "edit" : "create", keptSecrets };
  const resolver = useMemo(() => resolverFor(spec), [spec]);
  const form = useForm<FormValues, FormMode>({
    defaultValues: initialValues(spec, endpoint, initialName),
    resolver,
    context: mode,
  });
  const { errors, isSubmitting } = form.formState;

  const replaceSecret = (name: string, replace: boolean) => {
    setReplacing((current) => {
      const next = new Set(current);
      if (replace) next.add(name);
      else next.delete(name);
      return next;
    });
    if (!replace) form.setValue(name, "");
    form.clearErrors(name);
  };
  const removeSecret = (name: string, remove: boolean) => {
    setRemoving((current) => {
      const next = new Set(current);
      if (remove) next.add(name);
      else next.delete(name);
      return next;
    });
    form.clearErrors(name);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    setRefusal(null);
    try {
      const saved = endpoint
        ? await update.mutateAsync({ id: endpoint.id, body: toUpdateBody(spec, values, removing) })
        : await create.mutateAsync(toCreateBody(type, spec, values));
      onSaved(saved);
    } catch (error) {
      const known = new Set([NAME_FIELD, ...spec.fields.map((field) => field.name)]);
      const fields = error instanceof FieldsError ? Object.entries(error.fields) : [];
      const mapped = fields.filter(([name]) => known.has(name));
      mapped.forEach(([name, message], index) => {
        form.setError(name, { type: "server", message }, { shouldFocus: index === 0 });
      });
      const unmapped = fields.length === 0 || mapped.length < fields.length;
      setRefusal(unmapped ? errorMessage(error) : "The server refused some values: see the marked fields.");
    }
  });

  const nameInput = form.register(NAME_FIELD);
  return (
    <Box
      component="form"
      noValidate
      aria-label={endpoint ? `Edit ${endpoint.name}` : "New endpoint"}
      onSubmit={(event) => void onSubmit(event)}
      sx={{ display: "flex", flexDirection: "column", minHeight: 0, flex: "1 1 auto" }}
    >
      <DialogContent dividers>
        <Stack spacing={2.5}>
          {before}
          {refusal ? (
            <Alert severity="error" role="alert">
              {refusal}
            </Alert>
          ) : null}
          <TextField
            label="Name"
            required
            fullWidth
            autoComplete="off"
            error={Boolean(errors[NAME_FIELD])}
            helperText={errors[NAME_FIELD]?.message ?? "How lists and sessions show this endpoint; unique."}
            {...nameInput}
            onChange={(event) => {
              onNameChange?.(event.target.value);
              void nameInput.onChange(event);
            }}
          />
          {spec.fields.map((field) => (
            <SchemaField
              key={field.name}
              field={field}
              control={form.control}
              secretStored={field.kind === "secret" && hasSecret(endpoint, field.name)}
              secretKept={keptSecrets.has(field.name)}
              secretRemoved={removing.has(field.name)}
              onReplaceSecret={(replace) => { replaceSecret(field.name, replace); }}
              onRemoveSecret={(remove) => { removeSecret(field.name, remove); }}
            />
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="contained" loading={isSubmitting}>
          {endpoint ? "Save changes" : "Add endpoint"}
        </Button>
      </DialogActions>
    </Box>
  );
}
