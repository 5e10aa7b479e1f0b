import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useRef } from "react";
import { fetchLogPage, LOG_PAGE_SIZE, logQueries, matchesFilter, type LogFilter } from "../../api/logs";
import { useLiveEvents, type LiveEvent } from "../../live";
import { canLoadOlder, createStream, itemFromEvent, streamReducer, type LogItem, type OlderCursor } from "./logStream";

const LOG_EVENTS = ["log"] as const;
/** Live lines are added in batches at most this often: a busy run logs hundreds a second. */
const FLUSH_MS = 200;

/**
 * The logs page's lines for `filter`: the newest page, then live lines that match it (the
 * server's rule, applied here), older pages on demand, and a pause that holds new lines.
 * Another filter starts the stream over.
 */
export function useLogStream(filter: LogFilter) {
  const key = JSON.stringify(filter);
  const [state, dispatch] = useReducer(streamReducer, undefined, () => createStream(key, filter.until));
  // A new filter: start over in this render, before anything shows the old filter's lines.
  if (state.key !== key) dispatch({ type: "reset", key, filterUntil: filter.until });
  const latest = useQuery(logQueries.latest(filter));

  useEffect(() => {
    const page = latest.data;
    if (!page) return;
    const { total, total_capped, limit } = page.pagination;
    dispatch({ type: "latest", key, rows: page.data, complete: !total_capped && total <= limit });
  }, [latest.data, key]);

  const pending = useRef<{ key: string; items: LogItem[] }>({ key, items: [] });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type !== "log") return;
      const item = itemFromEvent(event);
      if (!matchesFilter(item, filter)) return;
      if (pending.current.key !== key) pending.current = { key, items: [] };
      pending.current.items.push(item);
      timer.current ??= setTimeout(() => {
        timer.current = null;
        const batch = pending.current;
        pending.current = { key: batch.key, items: [] };
        dispatch({ type: "live", key: batch.key, items: batch.items });
      }, FLUSH_MS);
    },
    [filter, key],
  );
  useLiveEvents(onEvent, { types: LOG_EVENTS });

  const older = useMutation({
    mutationFn: async ({ cursor }: { cursor: OlderCursor; key: string }) =>
      fetchLogPage({ ...filter, until: cursor.until, page: cursor.page }),
    onSuccess: (page, { key: asked }) => {
      dispatch({ type: "older", key: asked, rows: page.data, full: page.data.length >= LOG_PAGE_SIZE });
    },
  });
  const cursor = state.older;
  const { mutate } = older;

  return {
    state,
    latest,
    older,
    canLoadOlder: canLoadOlder(state),
    pause: useCallback(() => { dispatch({ type: "pause" }); }, []),
    resume: useCallback(() => { dispatch({ type: "resume" }); }, []),
    loadOlder: useCallback(() => {
      if (cursor) mutate({ cursor, key });
    }, [cursor, key, mutate]),
  };
}
