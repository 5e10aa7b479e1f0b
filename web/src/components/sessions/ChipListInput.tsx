import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import Typography from "@mui/material/Typography";
import CloseIcon from "@mui/icons-material/Close";
import TextField from "@mui/material/TextField";
import { useId, useState } from "react";

/**
 * A list of short texts (folder names, patterns) as chips: type one and press Enter or Add
 * (a comma-separated paste adds each); each chip has its own labelled remove button.
 */
export function ChipListInput({
  label,
  noun,
  values,
  onChange,
  helperText,
  error,
  placeholder,
}: {
  label: string;
  /** What one entry is, for the buttons' names: "folder", "pattern". */
  noun: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  helperText?: string;
  error?: string;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState("");
  const listId = useId();
  const add = () => {
    const fresh = draft
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part && !values.includes(part));
    if (fresh.length) onChange([...values, ...new Set(fresh)]);
    setDraft("");
  };
  return (
    <Box sx={{ display: "grid", gap: 1 }}>
      <Box sx={{ display: "flex", gap: 1, alignItems: "flex-start" }}>
        <TextField
          label={label}
          value={draft}
          size="small"
          fullWidth
          placeholder={placeholder}
          error={Boolean(error)}
          helperText={error ?? helperText}
          onChange={(event) => { setDraft(event.target.value); }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              add();
            }
          }}
        />
        <Button variant="outlined" onClick={add} disabled={!draft.trim()} aria-label={`Add ${noun}`} sx={{ flexShrink: 0, mt: "1px" }}>
          Add
        </Button>
      </Box>
      {values.length ? (
        <Box component="ul" id={listId} aria-label={`${label} added`} sx={{ display: "flex", flexWrap: "wrap", gap: 0.75, m: 0, p: 0, listStyle: "none" }}>
          {values.map((value) => (
            <Box
              component="li"
              key={value}
              sx={{
                display: "inline-flex",
                alignItems: "center",
                maxWidth: "100%",
                pl: 1.25,
                borderRadius: 4,
                border: 1,
                borderColor: "divider",
                bgcolor: "action.hover",
              }}
            >
              <Typography variant="body2" component="span" sx={{ fontFamily: "monospace", overflowWrap: "anywhere" }}>
                {value}
              </Typography>
              <IconButton
                size="small"
                aria-label={`Remove ${noun} ${value}`}
                onClick={() => { onChange(values.filter((other) => other !== value)); }}
              >
                <CloseIcon fontSize="inherit" />
              </IconButton>
            </Box>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
