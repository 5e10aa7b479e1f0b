import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import Typography from "@mui/material/Typography";
import type { Execution } from "../../api/executions";
import { formatCount } from "../../lib/format";

const SHOWN = 5;

/** The first errors of a run (file and what failed), with how many more the monitor lists. */
export function RunErrors({ run }: { run: Execution }) {
  const errors = run.summary?.errors ?? [];
  if (!errors.length) return null;
  const more = Math.max(run.error_count, errors.length) - Math.min(errors.length, SHOWN);
  return (
    <section aria-labelledby="run-errors-title">
      <Typography id="run-errors-title" variant="subtitle2" component="h3">
        Errors
      </Typography>
      <List dense disablePadding aria-labelledby="run-errors-title">
        {errors.slice(0, SHOWN).map((error, index) => (
          <ListItem key={`${error.path}-${String(index)}`} disableGutters>
            <ListItemText
              primary={error.path ? `${error.operation} ${error.path}` : error.operation}
              secondary={error.message}
              slotProps={{ primary: { sx: { fontFamily: "monospace", overflowWrap: "anywhere" } } }}
            />
          </ListItem>
        ))}
      </List>
      {more > 0 ? (
        <Typography variant="body2" color="text.secondary">
          {formatCount(more)} more on the run&apos;s page.
        </Typography>
      ) : null}
    </section>
  );
}
