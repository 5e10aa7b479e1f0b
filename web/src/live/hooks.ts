import { useContext, useEffect, useRef, useSyncExternalStore } from "react";
import type { ConnectionStatus } from "./connection";
import { LiveContext, type LiveContextValue } from "./LiveEventsProvider";
import type { ExecutionProgress, LiveEvent, LiveEventType } from "./protocol";
import { ProgressStore } from "./progressStore";

const NO_RUNS: ReadonlyMap<string, ExecutionProgress> = new Map();
const DETACHED = new ProgressStore(); // outside a provider (tests of a lone component): nothing live

function useLive(): LiveContextValue | null {
  return useContext(LiveContext);
}

export interface LiveFilter {
  /** Only the events of this run. */
  executionId?: string;
  /** Only events of these types. */
  types?: readonly LiveEventType[];
}

/** Whether `event` passes `filter`. */
export function eventMatches(event: LiveEvent, filter: LiveFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.executionId !== undefined && event.execution_id !== filter.executionId) return false;
  return !filter.types || filter.types.includes(event.type);
}

/**
 * Calls `listener` with each live event passing `filter` while the component is mounted. The
 * latest `listener` is used without resubscribing, so an inline function is fine.
 */
export function useLiveEvents(listener: (event: LiveEvent) => void, filter?: LiveFilter): void {
  const live = useLive();
  const latest = useRef({ listener, filter });
  useEffect(() => {
    latest.current = { listener, filter };
  });
  useEffect(() => {
    if (!live) return undefined;
    return live.listen((event) => {
      if (eventMatches(event, latest.current.filter)) latest.current.listener(event);
    });
  }, [live]);
}

/** The latest live counters of a run while it runs; undefined before the first or after its end. */
export function useExecutionProgress(executionId: string | undefined): ExecutionProgress | undefined {
  const store = useLive()?.progress ?? DETACHED;
  const runs = useSyncExternalStore(store.subscribe, store.getAll);
  return executionId === undefined ? undefined : runs.get(executionId);
}

/** Every run with live counters now, by execution id. */
export function useActiveProgress(): ReadonlyMap<string, ExecutionProgress> {
  const store = useLive()?.progress;
  const runs = useSyncExternalStore((store ?? DETACHED).subscribe, (store ?? DETACHED).getAll);
  return store ? runs : NO_RUNS;
}

/** The live connection's state and transport, for the indicator in the top bar. */
export function useLiveConnection(): ConnectionStatus {
  return useLive()?.status ?? { state: "offline", transport: null };
}
