/** What the connection needs of a transport (WebSocket or SSE): open, deliver, say how it ended. */
import type { LiveEvent } from "./protocol";

/** How a transport's stream ended. */
export type CloseReason =
  /** The server refused or ended the sign-in (expired access token): refresh, then reconnect. */
  | { kind: "unauthorized" }
  /** The server dropped a subscriber that fell behind: reconnect at once from the last id. */
  | { kind: "lagged" }
  /** The connection failed; `opened` says whether it had been working (a never-opened WebSocket counts toward SSE fallback). */
  | { kind: "failed"; opened: boolean };

export interface TransportHandlers {
  /** The stream is live (subscribed); `gap` when events after `lastEventId` are gone. */
  onOpen(gap: boolean): void;
  onEvent(event: LiveEvent): void;
  onClose(reason: CloseReason): void;
}

export interface TransportOptions {
  origin: string;
  token: string;
  /** Resume after this id; null: live events only. */
  lastEventId: number | null;
  handlers: TransportHandlers;
}

export interface Transport {
  /** Close without reporting (the connection is stopping or switching). */
  close(): void;
}

export type TransportName = "websocket" | "sse";

export type TransportFactory = (options: TransportOptions) => Transport;
