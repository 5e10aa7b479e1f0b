/**
 * The Server-Sent Events transport of `/api/v1/events`, read with `fetch` rather than
 * `EventSource`: it can send the Bearer token as a header (EventSource can only put it in the
 * URL) and tell a 401 from a network failure.
 */
import { createParser } from "eventsource-parser";
import { isLiveEvent, parseJson } from "./protocol";
import type { CloseReason, Transport, TransportOptions } from "./transport";

export function sseUrl(origin: string, lastEventId: number | null): string {
  const url = new URL("/api/v1/events", origin);
  if (lastEventId !== null) url.searchParams.set("last_event_id", String(lastEventId));
  return url.toString();
}

export function openEventStream({ origin, token, lastEventId, handlers }: TransportOptions): Transport {
  const abort = new AbortController();
  let opened = false;
  let done = false;
  const finish = (reason: CloseReason | null) => {
    if (done) return;
    done = true;
    abort.abort();
    if (reason) handlers.onClose(reason);
  };
  const parser = createParser({
    onEvent(message) {
      if (message.event === "replay_gap") {
        handlers.onOpen(true); // said again, now with the gap: the client reloads what it shows
        return;
      }
      const parsed = parseJson(message.data);
      if (isLiveEvent(parsed)) handlers.onEvent(parsed);
    },
  });

  const read = async () => {
    const response = await fetch(sseUrl(origin, lastEventId), {
      headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
      credentials: "same-origin",
      cache: "no-store",
      signal: abort.signal,
    });
    if (response.status === 401 || response.status === 403) {
      finish({ kind: "unauthorized" });
      return;
    }
    if (!response.ok || !response.body) {
      finish({ kind: "failed", opened: false });
      return;
    }
    opened = true;
    handlers.onOpen(false);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      parser.feed(value);
    }
    // The server ends the stream when the access token expires: reconnect (refreshing if needed).
    finish({ kind: "failed", opened: true });
  };
  read().catch(() => { finish({ kind: "failed", opened }); });
  return { close: () => { finish(null); } };
}
