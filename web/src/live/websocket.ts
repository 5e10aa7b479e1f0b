/**
 * The WebSocket transport of `/api/v1/ws`. The token goes in the first message (`auth`), never in
 * the URL, so it stays out of proxies' access logs.
 */
import { isLiveEvent, parseJson } from "./protocol";
import type { CloseReason, Transport, TransportOptions } from "./transport";

/** A socket that does not reach `subscribed` within this long counts as failed (a proxy holding it). */
export const SUBSCRIBE_TIMEOUT_MS = 10_000;
/** Pings keep idle proxies from closing the socket and find a dead one. */
export const PING_INTERVAL_MS = 25_000;

const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_TRY_AGAIN = 1013;

export function websocketUrl(origin: string): string {
  const url = new URL("/api/v1/ws", origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export function openWebSocket({ origin, token, lastEventId, handlers }: TransportOptions): Transport {
  let opened = false;
  let done = false;
  const socket = new WebSocket(websocketUrl(origin));
  const finish = (reason: CloseReason | null) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    clearInterval(pinger);
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
    if (reason) handlers.onClose(reason);
  };
  const timer = setTimeout(() => { finish({ kind: "failed", opened: false }); }, SUBSCRIBE_TIMEOUT_MS);
  const pinger = setInterval(() => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
  }, PING_INTERVAL_MS);

  socket.onopen = () => {
    socket.send(JSON.stringify({ type: "auth", token }));
    socket.send(JSON.stringify({ type: "subscribe", execution_id: null, last_event_id: lastEventId }));
  };
  socket.onmessage = (message: MessageEvent) => {
    if (done || typeof message.data !== "string") return;
    const parsed = parseJson(message.data);
    if (isLiveEvent(parsed)) {
      handlers.onEvent(parsed);
    } else if (typeof parsed === "object" && parsed !== null && "type" in parsed && parsed.type === "subscribed") {
      opened = true;
      clearTimeout(timer);
      handlers.onOpen("replay_gap" in parsed && parsed.replay_gap === true);
    }
  };
  socket.onclose = (event: CloseEvent) => {
    if (event.code === CLOSE_UNAUTHORIZED || event.code === CLOSE_FORBIDDEN) finish({ kind: "unauthorized" });
    else if (event.code === CLOSE_TRY_AGAIN) finish({ kind: "lagged" });
    else finish({ kind: "failed", opened });
  };
  // An error is always followed by a close event, which reports it.
  socket.onerror = () => undefined;
  return { close: () => { finish(null); } };
}
