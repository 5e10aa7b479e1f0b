/**
 * One live connection per tab: WebSocket first, Server-Sent Events when WebSocket does not work
 * (a proxy that blocks it), reconnect with backoff, resume from the last event id, drop
 * duplicates by id. Framework-free so it can be tested with fake transports and clocks.
 */
import { backoffDelay } from "./backoff";
import type { LiveEvent } from "./protocol";
import { openEventStream } from "./sse";
import type { CloseReason, Transport, TransportFactory, TransportName } from "./transport";
import { openWebSocket } from "./websocket";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

export interface ConnectionStatus {
  state: ConnectionState;
  transport: TransportName | null;
}

/**
 * WebSocket attempts that never open while the server answers HTTP, in a row, before the
 * connection switches to SSE for good (a server that is down fails both: it does not count).
 */
export const WEBSOCKET_FAILURES_BEFORE_SSE = 2;

export interface ConnectionOptions {
  origin: string;
  /** The current access token, or null. */
  accessToken: () => string | null;
  /** A new access token, or null when the sign-in is over. */
  refreshToken: () => Promise<string | null>;
  onEvent: (event: LiveEvent) => void;
  /** Events were lost (a gap, a server restart): reload what is on screen from the API. */
  onGap: () => void;
  onStatus: (status: ConnectionStatus) => void;
  transports?: Partial<Record<TransportName, TransportFactory>>;
  /** Whether the server answers plain HTTP now (default: `GET /health`). */
  reachable?: () => Promise<boolean>;
  /** Start with SSE (a tab that already found WebSocket blocked). */
  preferSse?: boolean;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class LiveConnection {
  private readonly options: ConnectionOptions;
  private readonly factories: Record<TransportName, TransportFactory>;
  private transportName: TransportName;
  private transport: Transport | null = null;
  private timer: unknown = null;
  private stopped = true;
  private attempt = 0;
  private websocketFailures = 0;
  private refusedInARow = 0;
  /** The id of the newest event delivered; null before the first (live events only, no replay). */
  private lastEventId: number | null = null;
  private status: ConnectionStatus = { state: "offline", transport: null };

  constructor(options: ConnectionOptions) {
    this.options = options;
    this.factories = {
      websocket: options.transports?.websocket ?? openWebSocket,
      sse: options.transports?.sse ?? openEventStream,
    };
    this.transportName = options.preferSse ? "sse" : "websocket";
  }

  /** A method, not the field: TypeScript would keep its narrowing across an await. */
  private isStopped(): boolean {
    return this.stopped;
  }

  get currentStatus(): ConnectionStatus {
    return this.status;
  }

  get lastSeenEventId(): number | null {
    return this.lastEventId;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setStatus("connecting");
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    this.transport?.close();
    this.transport = null;
    this.setStatus("offline");
  }

  /** Reconnect now (the browser came back online, the tab became visible) unless already live. */
  nudge(): void {
    if (this.stopped || this.status.state === "live" || this.status.state === "connecting") return;
    this.cancelTimer();
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    let token = this.options.accessToken();
    if (!token) token = await this.options.refreshToken();
    if (this.isStopped()) return; // stopped while the refresh was on its way
    if (!token) {
      this.stop(); // signed out: the app returns to the sign-in page
      return;
    }
    const name = this.transportName;
    this.transport = this.factories[name]({
      origin: this.options.origin,
      token,
      lastEventId: this.lastEventId,
      handlers: {
        onOpen: (gap) => { this.opened(name, gap); },
        onEvent: (event) => { this.deliver(event); },
        onClose: (reason) => { this.closed(name, reason); },
      },
    });
  }

  private opened(name: TransportName, gap: boolean) {
    if (this.stopped) return;
    this.attempt = 0;
    this.refusedInARow = 0;
    if (name === "websocket") this.websocketFailures = 0;
    this.setStatus("live", name);
    if (gap) {
      // After a server restart ids start again from 1: forget the old high-water mark.
      this.lastEventId = null;
      this.options.onGap();
    }
  }

  private deliver(event: LiveEvent) {
    if (this.stopped) return;
    if (this.lastEventId !== null && event.id <= this.lastEventId) return; // a replayed duplicate
    this.lastEventId = event.id;
    this.options.onEvent(event);
  }

  private closed(name: TransportName, reason: CloseReason) {
    this.transport = null;
    if (this.stopped) return;
    if (reason.kind === "unauthorized") {
      this.refusedInARow += 1;
      if (this.refusedInARow > 2) {
        this.stop();
        return;
      }
      void this.options.refreshToken().then((token) => {
        if (this.stopped) return;
        if (token) this.schedule(0);
        else this.stop();
      });
      this.setStatus("reconnecting");
      return;
    }
    if (reason.kind === "lagged") {
      this.schedule(0);
      return;
    }
    if (name === "websocket" && !reason.opened) {
      this.setStatus("reconnecting");
      void this.reachable().then((up) => {
        if (this.isStopped()) return;
        if (up) this.websocketFailures += 1; // HTTP works but WebSocket does not: something blocks it
        if (this.websocketFailures >= WEBSOCKET_FAILURES_BEFORE_SSE) {
          this.transportName = "sse"; // stay on SSE for this tab
          this.schedule(0);
        } else {
          this.retryLater();
        }
      });
      return;
    }
    this.retryLater();
  }

  private retryLater() {
    this.schedule(backoffDelay(this.attempt));
    this.attempt += 1;
  }

  private async reachable(): Promise<boolean> {
    if (this.options.reachable) return this.options.reachable();
    try {
      const response = await fetch(new URL("/health", this.options.origin), {
        cache: "no-store",
        signal: AbortSignal.timeout(5000),
      });
      return response.ok;
    } catch {
      return false;
    }
  }

  private schedule(ms: number) {
    this.cancelTimer();
    this.setStatus("reconnecting");
    const set = this.options.setTimer ?? ((run: () => void, delay: number) => setTimeout(run, delay));
    this.timer = set(() => { void this.connect(); }, ms);
  }

  private cancelTimer() {
    if (this.timer === null) return;
    const clear = this.options.clearTimer ?? ((timer: unknown) => { clearTimeout(timer as ReturnType<typeof setTimeout>); });
    clear(this.timer);
    this.timer = null;
  }

  private setStatus(state: ConnectionState, transport: TransportName | null = this.status.transport) {
    const next = { state, transport: state === "offline" ? null : transport };
    if (next.state === this.status.state && next.transport === this.status.transport) return;
    this.status = next;
    this.options.onStatus(next);
  }
}
