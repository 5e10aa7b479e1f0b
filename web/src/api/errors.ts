/** Errors of API calls, as the UI shows them. */

/** "wrong user name or password" → "Wrong user name or password." (the API's messages are lower case). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}

/** A failed API call: the HTTP status and the server's `detail`, in words. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

interface FieldError {
  loc?: unknown;
  msg?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The words of a `{"detail": …}` body: a string, or the 422 list of `{loc, msg}` as "field: msg". */
export function detailText(body: unknown): string | null {
  const detail = isRecord(body) ? body.detail : undefined;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    const parts = detail.filter(isRecord).map((item: FieldError) => {
      const loc = Array.isArray(item.loc) ? item.loc : [];
      const field = loc.length ? String(loc[loc.length - 1]) : "";
      const msg = typeof item.msg === "string" ? item.msg : "invalid";
      return field && field !== "body" ? `${field}: ${msg}` : msg;
    });
    return parts.length ? parts.join("; ") : null;
  }
  return null;
}

const STATUS_TEXT: Record<number, string> = {
  401: "You are not signed in.",
  403: "Your role does not allow this.",
  404: "Not found.",
  429: "Too many requests; try again in a moment.",
};

/** The data of an openapi-fetch result, or an ApiError carrying the server's words. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const detail = detailText(error);
  const message = detail ? sentence(detail) : (STATUS_TEXT[response.status] ?? `The server answered ${response.status}.`);
  throw new ApiError(response.status, message);
}

/** Words for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The F2L service cannot be reached. Is it running?";
  return error instanceof Error ? error.message : "Something went wrong.";
}
