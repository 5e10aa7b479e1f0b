import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import type { Endpoint } from "../../api/endpoints";
import { COMPARE_WORDS, CONFLICT_WORDS, endpointPath, speedWords } from "./describe";
import { DirectionLabel } from "./DirectionLabel";
import { filterFields, filterSummary } from "./filters";
import { bandwidthOf, type SessionForm } from "./form";
import { scheduleFields, scheduleWords } from "./schedule";

function Line({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" color="text.secondary">
        {term}
      </Typography>
      <Typography component="dd" sx={{ m: 0, minWidth: 0, overflowWrap: "anywhere" }}>
        {children}
      </Typography>
    </>
  );
}

/** A count typed in a field, or null when blank or not a count. */
function wholeOrNull(value: string): number | null {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}

/** "Mirror: …" in words, with its limits. */
export function deletionWords(form: SessionForm): string {
  const limits = [
    form.max_delete.trim() ? `at most ${form.max_delete.trim()} files` : "",
    form.max_delete_percent.trim() ? `at most ${form.max_delete_percent.trim()} % of the files` : "",
  ].filter(Boolean);
  const limit = limits.length ? ` (${limits.join(" and ")} per run)` : "";
  if (form.sync_direction === "bidirectional") return `Deletions on either side are carried to the other${limit}.`;
  return form.delete_extraneous
    ? `Mirror: files the source lacks are deleted from the destination${limit}.`
    : "Nothing is deleted: files only on the destination stay.";
}

/** Step 5: everything the session will do, in words, before saving. */
export function ReviewStep({ form, endpoints }: { form: SessionForm; endpoints: readonly Endpoint[] }) {
  const name = (id: string) => endpoints.find((endpoint) => endpoint.id === id)?.name ?? "no endpoint chosen";
  const schedule = scheduleWords(scheduleFields(form.schedule));
  return (
    <Box
      component="dl"
      sx={{ display: "grid", gridTemplateColumns: { xs: "minmax(0, 1fr)", sm: "max-content minmax(0, 1fr)" }, columnGap: 3, rowGap: { xs: 0.25, sm: 1 }, m: 0, "& dd": { mb: { xs: 1.5, sm: 0 } } }}
    >
      <Line term="Name">{form.name.trim() || "—"}</Line>
      <Line term="From">{endpointPath(name(form.source_endpoint_id), form.source_path)}</Line>
      <Line term="To">{endpointPath(name(form.destination_endpoint_id), form.destination_path)}</Line>
      <Line term="Direction">
        <DirectionLabel direction={form.sync_direction} />
      </Line>
      <Line term="Compare">
        {COMPARE_WORDS[form.compare_mode]}
        {form.verify_checksums ? ", checksums verified" : ""}
        {form.force_overwrite ? "; every file is copied, changed or not" : ""}
      </Line>
      {form.sync_direction === "bidirectional" ? <Line term="Conflicts">{CONFLICT_WORDS[form.conflict_policy]}</Line> : null}
      <Line term="Deletions">{deletionWords(form)}</Line>
      <Line term="Speed">{speedWords({ transfers: wholeOrNull(form.transfers), checkers: wholeOrNull(form.checkers), bandwidth_limit: bandwidthOf(form) }) ?? "The service's settings, no bandwidth limit"}</Line>
      <Line term="Filters">{filterSummary(filterFields(form.filters))}</Line>
      <Line term="Schedule">
        {schedule === "manual" ? "Manual: runs only when started" : `Runs ${schedule}`}
        {form.auto_start_enabled ? "; also starts whenever the F2L service starts" : ""}.
      </Line>
    </Box>
  );
}
