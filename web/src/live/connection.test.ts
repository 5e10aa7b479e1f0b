import { describe, expect, it, vi } from "vitest";
import { backoffDelay, BACKOFF_MAX_MS } from "./backoff";
import { LiveConnection, type ConnectionStatus } from "./connection";
import type { LiveEvent } from "./protocol";
import type { CloseReason, TransportHandlers, TransportName, TransportOptions } from "./transport";

interface Opened {
  name: TransportName;
  options: TransportOptions;
  closed: boolean;
}

function progressEvent(id: number): LiveEvent {
  return {
    id,
    type: "log",
    execution_id: "e1",
    session_id: "s1",
    timestamp: "2026-12-02T00:00:00Z",
    data: { id, level: "info", message: `line ${id}`, timestamp: "2026-12-02T00:00:00Z" },
  };
}

/** A connection over fake transports and a manual clock. */
function harness(token: string | null = "t1", refreshed: string | null = "t2", up = { now: true }) {
  const opened: Opened[] = [];
  const events: number[] = [];
  const statuses: ConnectionStatus[] = [];
  const timers: (() => void)[] = [];
  const gaps = { count: 0 };
  const refresh = vi.fn(() => Promise.resolve(refreshed));
  const factory = (name: TransportName) => (options: TransportOptions) => {
    const entry = { name, options, closed: false };
    opened.push(entry);
    return { close: () => { entry.closed = true; } };
  };
  const connection = new LiveConnection({
    origin: "http://127.0.0.1:8000",
    accessToken: () => token,
    refreshToken: refresh,
    onEvent: (event) => events.push(event.id),
    onGap: () => { gaps.count += 1; },
    onStatus: (status) => statuses.push(status),
    transports: { websocket: factory("websocket"), sse: factory("sse") },
    reachable: () => Promise.resolve(up.now),
    setTimer: (run) => { timers.push(run); return timers.length; },
    clearTimer: () => undefined,
  });
  const last = (): TransportHandlers => {
    const entry = opened.at(-1);
    if (!entry) throw new Error("no transport opened");
    return entry.options.handlers;
  };
  const fireTimers = async () => {
    for (const run of timers.splice(0)) run();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { connection, opened, events, statuses, timers, gaps, refresh, last, fireTimers };
}

async function flush() {
  await Promise.resolve();
  await Promise.resolve();
}
const failed = (opened: boolean): CloseReason => ({ kind: "failed", opened });

describe("LiveConnection", () => {
  it("goes live over WebSocket and delivers events once, in order", async () => {
    const h = harness();
    h.connection.start();
    await flush();
    expect(h.opened.map((o) => o.name)).toEqual(["websocket"]);
    expect(h.opened[0]?.options.token).toBe("t1");
    h.last().onOpen(false);
    expect(h.connection.currentStatus).toEqual({ state: "live", transport: "websocket" });
    h.last().onEvent(progressEvent(1));
    h.last().onEvent(progressEvent(2));
    h.last().onEvent(progressEvent(2)); // a duplicate (replayed) is dropped
    expect(h.events).toEqual([1, 2]);
  });

  it("resumes from the last event id after a drop, and shows reconnecting meanwhile", async () => {
    const h = harness();
    h.connection.start();
    await flush();
    h.last().onOpen(false);
    h.last().onEvent(progressEvent(7));
    h.last().onClose(failed(true));
    expect(h.connection.currentStatus.state).toBe("reconnecting");
    await h.fireTimers();
    expect(h.opened).toHaveLength(2);
    expect(h.opened[1]?.name).toBe("websocket"); // it had worked: no fallback
    expect(h.opened[1]?.options.lastEventId).toBe(7);
  });

  it("falls back to SSE when WebSocket never opens twice in a row, and stays there", async () => {
    const h = harness();
    h.connection.start();
    await flush();
    h.last().onClose(failed(false));
    await flush();
    await h.fireTimers();
    expect(h.opened.at(-1)?.name).toBe("websocket");
    h.last().onClose(failed(false));
    await flush();
    await h.fireTimers();
    expect(h.opened.at(-1)?.name).toBe("sse");
    h.last().onOpen(false);
    expect(h.connection.currentStatus).toEqual({ state: "live", transport: "sse" });
    h.last().onClose(failed(true));
    await h.fireTimers();
    expect(h.opened.at(-1)?.name).toBe("sse");
  });

  it("does not take a server that is down for a blocked WebSocket", async () => {
    const up = { now: false };
    const h = harness("t1", "t2", up);
    h.connection.start();
    await flush();
    for (let attempt = 0; attempt < 4; attempt++) {
      h.last().onClose(failed(false)); // the server is down: WebSocket and HTTP both fail
      await flush();
      await h.fireTimers();
    }
    expect(new Set(h.opened.map((o) => o.name))).toEqual(new Set(["websocket"]));
    up.now = true; // back: WebSocket works again
    h.last().onOpen(false);
    expect(h.connection.currentStatus).toEqual({ state: "live", transport: "websocket" });
  });

  it("after a gap (server restart) reloads and accepts the new, lower ids", async () => {
    const h = harness();
    h.connection.start();
    await flush();
    h.last().onOpen(false);
    h.last().onEvent(progressEvent(500));
    h.last().onClose(failed(true));
    await h.fireTimers();
    expect(h.last()).toBeDefined();
    h.last().onOpen(true);
    expect(h.gaps.count).toBe(1);
    h.last().onEvent(progressEvent(1));
    expect(h.events).toEqual([500, 1]);
  });

  it("refreshes the token when the server refuses it, then reconnects with the new one", async () => {
    const h = harness();
    h.connection.start();
    await flush();
    h.last().onClose({ kind: "unauthorized" });
    await flush();
    expect(h.refresh).toHaveBeenCalledTimes(1);
    await h.fireTimers();
    expect(h.opened).toHaveLength(2);
  });

  it("stops when the sign-in is over (no token, refresh refused)", async () => {
    const h = harness(null, null);
    h.connection.start();
    await flush();
    expect(h.opened).toHaveLength(0);
    expect(h.connection.currentStatus).toEqual({ state: "offline", transport: null });
  });

  it("a lagged subscriber reconnects at once from its last id", async () => {
    const h = harness();
    h.connection.start();
    await flush();
    h.last().onOpen(false);
    h.last().onEvent(progressEvent(3));
    h.last().onClose({ kind: "lagged" });
    await h.fireTimers();
    expect(h.opened[1]?.options.lastEventId).toBe(3);
  });

  it("ignores everything after stop", async () => {
    const h = harness();
    h.connection.start();
    await flush();
    const handlers = h.last();
    h.connection.stop();
    expect(h.opened[0]?.closed).toBe(true);
    handlers.onEvent(progressEvent(1));
    handlers.onClose(failed(true));
    expect(h.events).toEqual([]);
    expect(h.timers).toHaveLength(0);
  });
});

describe("backoffDelay", () => {
  it("grows from half a second and never passes the cap", () => {
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(0, 0.999)).toBeLessThanOrEqual(500);
    expect(backoffDelay(3, 0)).toBe(2000);
    expect(backoffDelay(30, 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
    expect(backoffDelay(30, 0)).toBe(BACKOFF_MAX_MS / 2);
  });
});
