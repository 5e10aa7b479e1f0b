/** The latest live counters of each running run, as an external store for `useSyncExternalStore`. */
import type { ExecutionProgress } from "./protocol";

type Listener = () => void;

export class ProgressStore {
  private runs: ReadonlyMap<string, ExecutionProgress> = new Map();
  private readonly listeners = new Set<Listener>();

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Every run with live counters (a new map object whenever one changes). */
  readonly getAll = (): ReadonlyMap<string, ExecutionProgress> => this.runs;

  get(executionId: string): ExecutionProgress | undefined {
    return this.runs.get(executionId);
  }

  /** Whether this is the first progress seen of the run (a run just started). */
  update(progress: ExecutionProgress): boolean {
    const isNew = !this.runs.has(progress.execution_id);
    const next = new Map(this.runs);
    next.set(progress.execution_id, progress);
    this.runs = next;
    this.emit();
    return isNew;
  }

  /** The run ended: its counters now come from the API. */
  remove(executionId: string): void {
    if (!this.runs.has(executionId)) return;
    const next = new Map(this.runs);
    next.delete(executionId);
    this.runs = next;
    this.emit();
  }

  clear(): void {
    if (this.runs.size === 0) return;
    this.runs = new Map();
    this.emit();
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }
}
