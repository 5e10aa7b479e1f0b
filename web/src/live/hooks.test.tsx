import { act, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { useExecutionProgress, useLiveEvents } from "./hooks";
import { LiveContext, type LiveContextValue, type LiveListener } from "./LiveEventsProvider";
import { ProgressStore } from "./progressStore";
import type { ExecutionProgress, LiveEvent } from "./protocol";

function liveValue() {
  const listeners = new Set<LiveListener>();
  const value: LiveContextValue = {
    status: { state: "live", transport: "websocket" },
    progress: new ProgressStore(),
    listen: (listener) => {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
  };
  const emit = (event: LiveEvent) => { act(() => { for (const listener of listeners) listener(event); }); };
  return { value, emit, listeners };
}

const log = (id: number, executionId: string, message: string): LiveEvent => ({
  id, type: "log", execution_id: executionId, session_id: null, timestamp: "t",
  data: { id, level: "info", message, timestamp: "t" },
});

function LogTail({ executionId }: { executionId: string }) {
  const [lines, setLines] = useState<string[]>([]);
  useLiveEvents(
    (event) => {
      if (event.type === "log") setLines((old) => [...old, event.data.message]);
    },
    { executionId, types: ["log"] },
  );
  return <ul>{lines.map((line) => <li key={line}>{line}</li>)}</ul>;
}

function Counter({ executionId }: { executionId: string }) {
  const progress = useExecutionProgress(executionId);
  return <p>{progress ? `${progress.files_synced}/${progress.total_files}` : "idle"}</p>;
}

describe("useLiveEvents", () => {
  it("delivers the events of its run only, and stops listening when unmounted", () => {
    const live = liveValue();
    const view = render(
      <LiveContext.Provider value={live.value}>
        <LogTail executionId="run-1" />
      </LiveContext.Provider>,
    );
    live.emit(log(1, "run-1", "copied a.txt"));
    live.emit(log(2, "run-2", "copied other.txt"));
    expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual(["copied a.txt"]);
    view.unmount();
    expect(live.listeners.size).toBe(0);
  });
});

describe("useExecutionProgress", () => {
  it("re-renders with each progress of its run", () => {
    const live = liveValue();
    render(
      <LiveContext.Provider value={live.value}>
        <Counter executionId="run-1" />
      </LiveContext.Provider>,
    );
    expect(screen.getByText("idle")).toBeDefined();
    const progress = { execution_id: "run-1", files_synced: 3, total_files: 9 } as ExecutionProgress;
    act(() => { live.value.progress.update(progress); });
    expect(screen.getByText("3/9")).toBeDefined();
    act(() => { live.value.progress.remove("run-1"); });
    expect(screen.getByText("idle")).toBeDefined();
  });
});
