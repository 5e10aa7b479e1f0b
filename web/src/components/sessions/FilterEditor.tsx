import Box from "@mui/material/Box";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormLabel from "@mui/material/FormLabel";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import Switch from "@mui/material/Switch";
import Typography from "@mui/material/Typography";
import { useId, type ReactNode } from "react";
import type { FieldMessages, FolderMatchMode } from "../../api/sessions";
import { ChipListInput } from "./ChipListInput";
import type { FilterValue } from "./filters";
import { MatchCount, type MatchTarget } from "./MatchCount";
import { AGE_UNITS, SIZE_UNITS } from "./quantity";
import { QuantityInput } from "./QuantityInput";

const FOLDER_MATCH: { value: FolderMatchMode; label: string }[] = [
  { value: "exact", label: "Is the name" },
  { value: "contains", label: "Contains it" },
  { value: "startswith", label: "Starts with it" },
];

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="fieldset" sx={{ border: 0, m: 0, p: 0, minWidth: 0, display: "grid", gap: 2 }}>
      <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, mb: 1.5, p: 0 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/**
 * Which files a session looks at: folder names (chips) with how they match, include and
 * exclude patterns, size and age limits; beside it, the live count of what matches.
 * `errors` are the API's refusals by its field names.
 */
export function FilterEditor({
  value,
  onChange,
  errors = {},
  matchTarget,
}: {
  value: FilterValue;
  onChange: (value: FilterValue) => void;
  errors?: FieldMessages;
  matchTarget: MatchTarget | null;
}) {
  const matchLabel = useId();
  const set = <K extends keyof FilterValue>(key: K, next: FilterValue[K]) => { onChange({ ...value, [key]: next }); };
  return (
    <Box
      sx={{
        display: "grid",
        gap: 3,
        gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "minmax(0, 3fr) minmax(0, 2fr)" },
        alignItems: "start",
      }}
    >
      <Box sx={{ display: "grid", gap: 3, minWidth: 0 }}>
        <Group title="Folders">
          <ChipListInput
            label="Folder names"
            noun="folder"
            values={value.folders}
            onChange={(folders) => { set("folders", folders); }}
            placeholder="e.g. reports"
            error={errors.folder_names}
            helperText="Only files inside a folder of one of these names, at any depth. None: every folder."
          />
          <FormControl disabled={!value.folders.length}>
            <FormLabel id={matchLabel}>A folder matches when its name</FormLabel>
            <RadioGroup
              row
              aria-labelledby={matchLabel}
              value={value.folderMatch}
              onChange={(event) => { set("folderMatch", event.target.value as FolderMatchMode); }}
            >
              {FOLDER_MATCH.map((option) => (
                <FormControlLabel key={option.value} value={option.value} control={<Radio />} label={option.label} />
              ))}
            </RadioGroup>
          </FormControl>
          <FormControlLabel
            control={
              <Switch
                checked={value.caseSensitive}
                onChange={(event) => { set("caseSensitive", event.target.checked); }}
              />
            }
            label="Case sensitive (folder names and patterns)"
          />
        </Group>
        <Group title="File patterns">
          <ChipListInput
            label="Include patterns"
            noun="include pattern"
            values={value.include}
            onChange={(include) => { set("include", include); }}
            placeholder="e.g. *.csv"
            error={errors.file_patterns}
            helperText="A file passes when its name matches one: * any characters, ? one, ** across folders. None: every file."
          />
          <ChipListInput
            label="Exclude patterns"
            noun="exclude pattern"
            values={value.exclude}
            onChange={(exclude) => { set("exclude", exclude); }}
            placeholder="e.g. *.tmp or node_modules"
            error={errors.exclude_patterns}
            helperText="A file matching one, or inside a folder matching one, is left out."
          />
        </Group>
        <Group title="Size and age">
          <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0, 1fr)", sm: "repeat(2, minmax(0, 1fr))" } }}>
            <QuantityInput
              label="Smallest size"
              value={value.minSize}
              units={SIZE_UNITS}
              onChange={(next) => { set("minSize", next); }}
              error={errors.min_size}
            />
            <QuantityInput
              label="Largest size"
              value={value.maxSize}
              units={SIZE_UNITS}
              onChange={(next) => { set("maxSize", next); }}
              error={errors.max_size}
            />
            <QuantityInput
              label="Modified at least"
              value={value.minAge}
              units={AGE_UNITS}
              onChange={(next) => { set("minAge", next); }}
              error={errors.min_age_seconds}
              helperText="ago (older files only)"
            />
            <QuantityInput
              label="Modified at most"
              value={value.maxAge}
              units={AGE_UNITS}
              onChange={(next) => { set("maxAge", next); }}
              error={errors.max_age_seconds}
              helperText="ago (newer files only)"
            />
          </Box>
        </Group>
      </Box>
      <Box
        sx={{
          order: { xs: -1, lg: 0 },
          position: { lg: "sticky" },
          top: { lg: 80 },
          p: 2,
          border: 1,
          borderColor: "divider",
          borderRadius: 2,
          minWidth: 0,
        }}
      >
        <MatchCount target={matchTarget} filters={value} />
      </Box>
    </Box>
  );
}
