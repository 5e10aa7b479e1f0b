import Box from "@mui/material/Box";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormHelperText from "@mui/material/FormHelperText";
import FormLabel from "@mui/material/FormLabel";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useId } from "react";
import type { FieldMessages } from "../../api/sessions";
import {
  COMPARE_HELP,
  COMPARE_WORDS,
  CONFLICT_HELP,
  CONFLICT_WORDS,
  DIRECTION_HELP,
  DIRECTION_WORDS,
} from "./describe";
import type { SessionForm } from "./form";
import { QuantityInput } from "./QuantityInput";
import { RATE_UNITS } from "./quantity";

/** A radio group whose every option explains itself under its label. */
function Choice<T extends string>({
  label,
  value,
  words,
  help,
  onChange,
  error,
  note,
}: {
  label: string;
  value: T;
  words: Record<T, string>;
  help: Record<T, string>;
  onChange: (value: T) => void;
  error?: string;
  note?: string;
}) {
  const labelId = useId();
  return (
    <FormControl error={Boolean(error)}>
      <FormLabel id={labelId} sx={{ fontWeight: 600, color: "text.primary" }}>
        {label}
      </FormLabel>
      {note ? <FormHelperText sx={{ mx: 0 }}>{note}</FormHelperText> : null}
      <RadioGroup aria-labelledby={labelId} value={value} onChange={(event) => { onChange(event.target.value as T); }}>
        {(Object.keys(words) as T[]).map((option) => (
          <FormControlLabel
            key={option}
            value={option}
            control={<Radio sx={{ mt: -0.75 }} />}
            sx={{ alignItems: "flex-start", mt: 1 }}
            label={
              <>
                {words[option]}
                <Typography variant="body2" color="text.secondary">
                  {help[option]}
                </Typography>
              </>
            }
          />
        ))}
      </RadioGroup>
      {error ? <FormHelperText sx={{ mx: 0 }}>{error}</FormHelperText> : null}
    </FormControl>
  );
}

/** A switch whose label explains itself on a second line. */
function ToggleField({
  label,
  help,
  checked,
  onChange,
}: {
  label: string;
  help: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <FormControlLabel
      sx={{ alignItems: "flex-start" }}
      control={<Switch checked={checked} onChange={(event) => { onChange(event.target.checked); }} sx={{ mt: -0.75 }} />}
      label={
        <>
          {label}
          <Typography variant="body2" color="text.secondary">
            {help}
          </Typography>
        </>
      }
    />
  );
}

/** A number typed as text ("" is not set): the API's or the editor's refusal replaces the hint. */
function NumberField({
  label,
  value,
  onChange,
  error,
  hint,
  inputMode,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint: string;
  inputMode: "numeric" | "decimal";
}) {
  return (
    <TextField
      label={label}
      size="small"
      value={value}
      onChange={(event) => { onChange(event.target.value); }}
      error={Boolean(error)}
      helperText={error ?? hint}
      slotProps={{ htmlInput: { inputMode } }}
    />
  );
}

/** Step 2: which way files flow, how changes are recognised and settled, deletions, checks and speed. */
export function MovementStep({
  form,
  errors,
  onChange,
}: {
  form: SessionForm;
  errors: FieldMessages;
  onChange: (patch: Partial<SessionForm>) => void;
}) {
  const both = form.sync_direction === "bidirectional";
  return (
    <Box sx={{ display: "grid", gap: 3, gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "repeat(2, minmax(0, 1fr))" } }}>
      <Choice
        label="Direction"
        value={form.sync_direction}
        words={DIRECTION_WORDS}
        help={DIRECTION_HELP}
        onChange={(sync_direction) => { onChange({ sync_direction }); }}
        error={errors.sync_direction}
      />
      <Choice
        label="Compare files by"
        value={form.compare_mode}
        words={COMPARE_WORDS}
        help={COMPARE_HELP}
        onChange={(compare_mode) => { onChange({ compare_mode }); }}
        error={errors.compare_mode}
      />
      <Choice
        label="When a file changed on both sides"
        note={both ? undefined : "Applies to bidirectional sessions only."}
        value={form.conflict_policy}
        words={CONFLICT_WORDS}
        help={CONFLICT_HELP}
        onChange={(conflict_policy) => { onChange({ conflict_policy }); }}
        error={errors.conflict_policy}
      />
      <Box sx={{ display: "grid", gap: 2, alignContent: "start" }}>
        <ToggleField
          label="Mirror"
          help={
            both
              ? "Bidirectional runs carry deletions both ways anyway; the limits below still guard them."
              : "Delete destination files the source does not have, so the destination becomes a copy."
          }
          checked={form.delete_extraneous}
          onChange={(delete_extraneous) => { onChange({ delete_extraneous }); }}
        />
        <Typography variant="body2" color="text.secondary">
          Safety limits: a run that would delete more stops before changing anything.
        </Typography>
        <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0, 1fr)", sm: "repeat(2, minmax(0, 1fr))" } }}>
          <NumberField
            label="Most files deleted"
            value={form.max_delete}
            onChange={(max_delete) => { onChange({ max_delete }); }}
            error={errors.max_delete}
            hint="Empty: no count limit."
            inputMode="numeric"
          />
          <NumberField
            label="Most deleted, in %"
            value={form.max_delete_percent}
            onChange={(max_delete_percent) => { onChange({ max_delete_percent }); }}
            error={errors.max_delete_percent}
            hint={both ? "Empty: 50 % of each side." : "Empty: no share limit."}
            inputMode="decimal"
          />
        </Box>
        <ToggleField
          label="Verify checksums"
          help="Compare content too, reading files that have no stored hash (slower; always so when comparing by checksum)."
          checked={form.verify_checksums}
          onChange={(verify_checksums) => { onChange({ verify_checksums }); }}
        />
        <ToggleField
          label="Copy every file"
          help="Copy each file that passes the filters, changed or not (to repair a destination you do not trust)."
          checked={form.force_overwrite}
          onChange={(force_overwrite) => { onChange({ force_overwrite }); }}
        />
      </Box>
      <SpeedFields form={form} errors={errors} onChange={onChange} />
    </Box>
  );
}

/** How much a run does at once and how fast it may move data (blank: the service's settings). */
function SpeedFields({
  form,
  errors,
  onChange,
}: {
  form: SessionForm;
  errors: FieldMessages;
  onChange: (patch: Partial<SessionForm>) => void;
}) {
  const labelId = useId();
  return (
    <Box component="fieldset" aria-labelledby={labelId} sx={{ border: 0, p: 0, m: 0, minWidth: 0, gridColumn: { lg: "1 / -1" } }}>
      <FormLabel component="legend" id={labelId} sx={{ fontWeight: 600, color: "text.primary", p: 0 }}>
        Speed
      </FormLabel>
      <FormHelperText sx={{ mx: 0, mb: 2 }}>
        Empty fields use the service&apos;s settings. More transfers help with many small files or a distant
        server; a bandwidth limit keeps a run from filling a shared line.
      </FormHelperText>
      <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0, 1fr)", sm: "repeat(3, minmax(0, 1fr))" } }}>
        <NumberField
          label="Transfers at once"
          value={form.transfers}
          onChange={(transfers) => { onChange({ transfers }); }}
          error={errors.transfers}
          hint="Files copied in parallel."
          inputMode="numeric"
        />
        <NumberField
          label="Checkers at once"
          value={form.checkers}
          onChange={(checkers) => { onChange({ checkers }); }}
          error={errors.checkers}
          hint="Files compared in parallel."
          inputMode="numeric"
        />
        <QuantityInput
          label="Bandwidth limit"
          value={form.bandwidth}
          units={RATE_UNITS}
          onChange={(bandwidth) => { onChange({ bandwidth }); }}
          error={errors.bandwidth_limit}
          helperText="For the whole run. Empty: no limit."
        />
      </Box>
    </Box>
  );
}
