/** The JSON of the live streams (declared by the API: `LiveEvent`, `WebSocketServerMessage`). */
import type { Schemas } from "../client";

export type LiveEvent = Schemas["LiveEvent"];
export type LiveEventType = LiveEvent["type"];
export type ExecutionProgress = Schemas["ExecutionProgress"];
export type ExecutionFinished = Schemas["ExecutionFinished"];
export type ServerMessage = Schemas["WebSocketServerMessage"];

const EVENT_TYPES: ReadonlySet<string> = new Set<LiveEventType>([
  "execution_progress",
  "execution_completed",
  "execution_error",
  "log",
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Whether a parsed message is an event (rather than a protocol message like `pong`). */
export function isLiveEvent(message: unknown): message is LiveEvent {
  return (
    isRecord(message) &&
    typeof message.type === "string" &&
    EVENT_TYPES.has(message.type) &&
    typeof message.id === "number" &&
    isRecord(message.data)
  );
}

/** JSON text → a value, or undefined when it is not JSON (a broken proxy, a truncated frame). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
