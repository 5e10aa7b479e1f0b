import { useQueryClient } from "@tanstack/react-query";
import { createContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { authSession } from "../api/auth";
import { executionQueries } from "../api/executions/queries";
import { applyEvent, createInvalidator } from "./cache";
import { LiveConnection, type ConnectionStatus } from "./connection";
import { announceRunEnd } from "./notifications";
import { ProgressStore } from "./progressStore";
import type { LiveEvent } from "./protocol";

export type LiveListener = (event: LiveEvent) => void;

export interface LiveContextValue {
  status: ConnectionStatus;
  progress: ProgressStore;
  /** Listen to every event; returns the unsubscribe function. */
  listen: (listener: LiveListener) => () => void;
}

export const LiveContext = createContext<LiveContextValue | null>(null);

const SSE_PREFERENCE = "f2l.live.sse";

/**
 * Holds the tab's one live connection while the user is signed in (rendered inside the app
 * shell): events go to the cache, to the progress store, to page listeners and, when a run
 * ends, to the user as a toast or notification.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [status, setStatus] = useState<ConnectionStatus>({ state: "connecting", transport: null });
  const listeners = useRef(new Set<LiveListener>());
  const progress = useMemo(() => new ProgressStore(), []);

  useEffect(() => {
    const invalidate = createInvalidator(client);
    const connection = new LiveConnection({
      origin: globalThis.location.origin,
      accessToken: authSession.accessToken,
      refreshToken: authSession.refresh,
      // A tab that found WebSocket blocked goes straight to SSE next time it loads.
      preferSse: globalThis.sessionStorage.getItem(SSE_PREFERENCE) === "1",
      onEvent: (event) => {
        applyEvent(event, client, progress, invalidate);
        if (event.type === "execution_completed" || event.type === "execution_error") {
          const data = event.data;
          client
            .query(executionQueries.detail(data.execution_id))
            .then((execution) => { announceRunEnd(execution.session_name, data); })
            .catch(() => { announceRunEnd(null, data); });
        }
        for (const listener of listeners.current) listener(event);
      },
      onGap: () => {
        progress.clear();
        invalidate.everything();
      },
      onStatus: (next) => {
        if (next.transport === "sse") globalThis.sessionStorage.setItem(SSE_PREFERENCE, "1");
        setStatus(next);
      },
    });
    const nudge = () => { connection.nudge(); };
    const onVisible = () => {
      if (document.visibilityState === "visible") connection.nudge();
    };
    globalThis.addEventListener("online", nudge);
    document.addEventListener("visibilitychange", onVisible);
    connection.start();
    return () => {
      globalThis.removeEventListener("online", nudge);
      document.removeEventListener("visibilitychange", onVisible);
      connection.stop();
      invalidate.dispose();
    };
  }, [client, progress]);

  const value = useMemo<LiveContextValue>(
    () => ({
      status,
      progress,
      listen: (listener) => {
        listeners.current.add(listener);
        return () => {
          listeners.current.delete(listener);
        };
      },
    }),
    [status, progress],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
