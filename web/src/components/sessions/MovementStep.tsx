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
        <FormControlLabel
          sx={{ alignItems: "flex-start" }}
          control={
            <Switch
              checked={form.delete_extraneous}
              onChange={(event) => { onChange({ delete_extraneous: event.target.checked }); }}
              sx={{ mt: -0.75 }}
            />
          }
          label={
            <>
              Mirror
              <Typography variant="body2" color="text.secondary">
                {both
                  ? "Bidirectional runs carry deletions both ways anyway; the limits below still guard them."
                  : "Delete destination files the source does not have, so the destination becomes a copy."}
              </Typography>
            </>
          }
        />
        <Typography variant="body2" color="text.secondary">
          Safety limits: a run that would delete more stops before changing anything.
        </Typography>
        <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0, 1fr)", sm: "repeat(2, minmax(0, 1fr))" } }}>
          <TextField
            label="Most files deleted"
            size="small"
            value={form.max_delete}
            onChange={(event) => { onChange({ max_delete: event.target.value }); }}
            error={Boolean(errors.max_delete)}
            helperText={errors.max_delete ?? "Empty: no count limit."}
            slotProps={{ htmlInput: { inputMode: "numeric" } }}
          />
          <TextField
            label="Most deleted, in %"
            size="small"
            value={form.max_delete_percent}
            onChange={(event) => { onChange({ max_delete_percent: event.target.value }); }}
            error={Boolean(errors.max_delete_percent)}
            helperText={errors.max_delete_percent ?? (both ? "Empty: 50 % of each side." : "Empty: no share limit.")}
            slotProps={{ htmlInput: { inputMode: "decimal" } }}
          />
        </Box>
        <FormControlLabel
          sx={{ alignItems: "flex-start" }}
          control={
            <Switch
              checked={form.verify_checksums}
              onChange={(event) => { onChange({ verify_checksums: event.target.checked }); }}
              sx={{ mt: -0.75 }}
            />
          }
          label={
            <>
              Verify checksums
              <Typography variant="body2" color="text.secondary">
                Compare content too, reading files that have no stored hash (slower; always so when comparing by checksum).
              </Typography>
            </>
          }
        />
        <FormControlLabel
          sx={{ alignItems: "flex-start" }}
          control={
            <Switch
              checked={form.force_overwrite}
              onChange={(event) => { onChange({ force_overwrite: event.target.checked }); }}
              sx={{ mt: -0.75 }}
            />
          }
          label={
            <>
              Copy every file
              <Typography variant="body2" color="text.secondary">
                Copy each file that passes the filters, changed or not (to repair a destination you do not trust).
              </Typography>
            </>
          }
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
        <TextField
          label="Transfers at once"
          size="small"
          value={form.transfers}
          onChange={(event) => { onChange({ transfers: event.target.value }); }}
          error={Boolean(errors.transfers)}
          helperText={errors.transfers ?? "Files copied in parallel."}
          slotProps={{ htmlInput: { inputMode: "numeric" } }}
        />
        <TextField
          label="Checkers at once"
          size="small"
          value={form.checkers}
          onChange={(event) => { onChange({ checkers: event.target.value }); }}
          error={Boolean(errors.checkers)}
          helperText={errors.checkers ?? "Files compared in parallel."}
          slotProps={{ htmlInput: { inputMode: "numeric" } }}
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
