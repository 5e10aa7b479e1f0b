import { afterEach, describe, expect, it, vi } from "vitest";
import { openEventStream, sseUrl } from "./sse";
import type { CloseReason } from "./transport";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

function record() {
  const seen = { opens: [] as boolean[], ids: [] as number[], closes: [] as CloseReason[] };
  return {
    seen,
    handlers: {
      onOpen: (gap: boolean) => seen.opens.push(gap),
      onEvent: (event: { id: number }) => seen.ids.push(event.id),
      onClose: (reason: CloseReason) => seen.closes.push(reason),
    },
  };
}

const LOG = (id: number) =>
  `id: ${id}\nevent: log\ndata: {"id": ${id}, "type": "log", "execution_id": null, "session_id": null, "timestamp": "t", "data": {"level": "info", "message": "m", "timestamp": "t"}}\n\n`;

afterEach(() => { vi.unstubAllGlobals(); });

describe("the SSE transport", () => {
  it("sends the token as a header, resumes after the last id, and parses events split across chunks", async () => {
    const fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>(() =>
      Promise.resolve(new Response(streamOf([": ping\n\n", LOG(4).slice(0, 20), LOG(4).slice(20), LOG(5)]), { status: 200 })),
    );
    vi.stubGlobal("fetch", fetchMock);
    const { seen, handlers } = record();
    openEventStream({ origin: "http://127.0.0.1:9", token: "secret-token", lastEventId: 3, handlers });
    await vi.waitFor(() => { expect(seen.closes).toHaveLength(1); });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe("http://127.0.0.1:9/api/v1/events?last_event_id=3");
    expect(url).not.toContain("secret-token");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer secret-token");
    expect(seen.opens).toEqual([false]);
    expect(seen.ids).toEqual([4, 5]);
    expect(seen.closes).toEqual([{ kind: "failed", opened: true }]); // the stream ended: reconnect
  });

  it("reports a replay gap, and a 401 as unauthorized rather than a failure", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response(streamOf(["event: replay_gap\ndata: {}\n\n"])))));
    const first = record();
    openEventStream({ origin: "http://127.0.0.1:9", token: "t", lastEventId: 900, handlers: first.handlers });
    await vi.waitFor(() => { expect(first.seen.closes).toHaveLength(1); });
    expect(first.seen.opens).toEqual([false, true]);

    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response("{}", { status: 401 }))));
    const second = record();
    openEventStream({ origin: "http://127.0.0.1:9", token: "t", lastEventId: null, handlers: second.handlers });
    await vi.waitFor(() => { expect(second.seen.closes).toEqual([{ kind: "unauthorized" }]); });
    expect(sseUrl("http://127.0.0.1:9", null)).toBe("http://127.0.0.1:9/api/v1/events");
  });

  it("a network failure before any answer counts as never opened", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    const { seen, handlers } = record();
    openEventStream({ origin: "http://127.0.0.1:9", token: "t", lastEventId: null, handlers });
    await vi.waitFor(() => { expect(seen.closes).toEqual([{ kind: "failed", opened: false }]); });
  });
});
