/** Reconnect delays: exponential from 0.5 s to 30 s, with jitter so many tabs do not return together. */

export const BACKOFF_FIRST_MS = 500;
export const BACKOFF_MAX_MS = 30_000;

/** The wait before reconnect attempt `attempt` (0 = the first retry); `random` is in [0, 1). */
export function backoffDelay(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempt));
  // "Equal jitter": at least half the ceiling, so delays still grow; the rest is random.
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
