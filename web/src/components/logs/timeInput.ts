/** `<input type="datetime-local">` shows local time without a zone; the API and the URL use UTC ISO times. */

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** An ISO time as the input's local `YYYY-MM-DDTHH:MM` (seconds only when set); "" when invalid. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const base = `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return date.getSeconds() ? `${base}:${pad(date.getSeconds())}` : base;
}

/** The input's local time as an ISO time in UTC; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value); // a date-time without a zone is local time (ECMAScript)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
