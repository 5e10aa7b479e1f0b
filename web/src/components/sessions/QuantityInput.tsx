import Box from "@mui/material/Box";
import TextField from "@mui/material/TextField";
import { amountError, type Quantity, type Units } from "./quantity";

/** A number and its unit side by side ("10" "MiB"); blank means not set. */
export function QuantityInput({
  label,
  value,
  units,
  onChange,
  error,
  helperText,
}: {
  label: string;
  value: Quantity;
  units: Units;
  onChange: (value: Quantity) => void;
  /** The API's refusal, shown before the editor's own check. */
  error?: string;
  helperText?: string;
}) {
  const problem = error ?? amountError(value);
  return (
    <Box sx={{ display: "flex", gap: 1, alignItems: "flex-start" }}>
      <TextField
        label={label}
        size="small"
        value={value.amount}
        onChange={(event) => { onChange({ ...value, amount: event.target.value }); }}
        error={Boolean(problem)}
        helperText={problem ?? helperText}
        slotProps={{ htmlInput: { inputMode: "decimal" } }}
        sx={{ flex: 1, minWidth: 0 }}
      />
      <TextField
        select
        size="small"
        value={value.unit}
        onChange={(event) => { onChange({ ...value, unit: event.target.value }); }}
        slotProps={{ select: { native: true }, htmlInput: { "aria-label": `${label}: unit` } }}
        sx={{ width: 112, flexShrink: 0 }}
      >
        {Object.keys(units).map((unit) => (
          <option key={unit} value={unit}>
            {unit}
          </option>
        ))}
      </TextField>
    </Box>
  );
}
