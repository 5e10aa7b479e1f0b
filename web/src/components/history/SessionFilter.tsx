import Autocomplete from "@mui/material/Autocomplete";
import TextField from "@mui/material/TextField";
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { errorMessage } from "../../api/errors";
import { sessionQueries, type Session } from "../../api/sessions";

type SessionSummary = Pick<Session, "id" | "name">;

const OPTIONS = 50;

/**
 * The session filter: a combobox searching sessions by name on the server (so it stays small
 * with many sessions), showing the chosen one's name even when the URL named it.
 */
export function SessionFilter({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const [input, setInput] = useState("");
  const search = useDeferredValue(input.trim());
  const [open, setOpen] = useState(false);
  // Names change rarely (and the live layer refreshes sessions): no polling for a filter.
  const options = useQuery({
    ...sessionQueries.list(search ? { search, limit: OPTIONS } : { limit: OPTIONS }),
    enabled: open,
    refetchInterval: false,
  });
  const chosen = useQuery({ ...sessionQueries.detail(value ?? ""), enabled: value !== null, refetchInterval: false });
  const selected: SessionSummary | null = value
    ? { id: value, name: chosen.data?.name ?? (chosen.isError ? "(unknown session)" : "…") }
    : null;
  const list: SessionSummary[] = options.data?.data.map(({ id, name }) => ({ id, name })) ?? [];
  return (
    <Autocomplete<SessionSummary>
      open={open}
      onOpen={() => {
        setOpen(true);
      }}
      onClose={() => {
        setOpen(false);
        setInput(""); // the next opening lists every session again
      }}
      value={selected}
      onChange={(_event, next) => {
        onChange(next?.id ?? null);
      }}
      inputValue={open ? input : (selected?.name ?? "")}
      onInputChange={(_event, next, reason) => {
        if (reason === "input" || reason === "clear") setInput(next);
      }}
      options={list}
      filterOptions={(all) => all} // the server searched already
      getOptionLabel={(option) => option.name}
      isOptionEqualToValue={(option, current) => option.id === current.id}
      loading={options.isFetching}
      noOptionsText={options.isError ? errorMessage(options.error) : "No session with this name."}
      size="small"
      sx={{ minWidth: 220, flex: "1 1 220px" }}
      renderInput={(params) => <TextField {...params} label="Session" placeholder="All sessions" />}
    />
  );
}
