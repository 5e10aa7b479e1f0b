import { useCallback, useLayoutEffect, useMemo, useRef } from "react";
import { useSearchParams } from "react-router";
import { historySearch, parseHistoryParams, patchHistoryState, type HistoryState } from "./historyParams";

/**
 * The History state read from and written to the URL. Each change is a history entry (the back
 * button undoes it) unless `replace` is asked, e.g. when correcting a page past the end.
 */
export function useHistoryParams(): [HistoryState, (patch: Partial<HistoryState>, replace?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const state = useMemo(() => parseHistoryParams(new URLSearchParams(search)), [search]);
  // The query string as last written: two changes before the next render (typing From, then
  // To) must build on each other, and the router's own updater sees the last render's URL.
  const latest = useRef(search);
  useLayoutEffect(() => {
    latest.current = search;
  }, [search]);
  const update = useCallback(
    (patch: Partial<HistoryState>, replace = false) => {
      const next = historySearch(patchHistoryState(parseHistoryParams(new URLSearchParams(latest.current)), patch));
      latest.current = next.toString();
      setParams(next, { replace });
    },
    [setParams],
  );
  return [state, update];
}
