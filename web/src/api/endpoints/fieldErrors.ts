/**
 * Refusals that name their fields. The API answers a 422 as `{"detail": [{"loc": [..., field],
 * "msg": ...}]}` (FastAPI's shape, which F2L's own checks share) and a taken name as a 409
 * `"name: an endpoint named 'x' already exists"`: both become `{field: message}`, so a form can
 * show each problem under its input.
 */
import { ApiError, sentence, unwrap } from "../errors";

/** An ApiError that also says which fields were refused, and why. */
export class FieldApiError extends ApiError {
  readonly fields: Readonly<Record<string, string>>;

  constructor(status: number, message: string, fields: Readonly<Record<string, string>>) {
    super(status, message);
    this.name = "FieldApiError";
    this.fields = fields;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** `{field: "Message."}` from an error body: each 422 item's `loc` last part, or a "field: …" string. */
export function fieldProblems(body: unknown): Record<string, string> {
  const detail = isRecord(body) ? body.detail : undefined;
  const problems: Record<string, string> = {};
  if (Array.isArray(detail)) {
    for (const item of detail.filter(isRecord)) {
      const loc = Array.isArray(item.loc) ? item.loc : [];
      const field = loc.length ? String(loc[loc.length - 1]) : "";
      const msg = typeof item.msg === "string" ? item.msg : "is not valid";
      if (!field || field === "body" || problems[field]) continue; // the first problem of a field is enough
      problems[field] = sentence(msg.replace(/^Value error, /, ""));
    }
  } else if (typeof detail === "string") {
    const match = /^([a-z][a-z0-9_]*): (.+)$/s.exec(detail);
    if (match?.[1] && match[2]) problems[match[1]] = sentence(match[2]);
  }
  return problems;
}

/** Like `unwrap`, but a refusal naming fields is thrown as a FieldApiError. */
export async function unwrapFields<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const result = await call;
  try {
    return await unwrap(Promise.resolve(result));
  } catch (error) {
    const fields = fieldProblems(result.error);
    if (error instanceof ApiError && Object.keys(fields).length) {
      throw new FieldApiError(error.status, error.message, fields);
    }
    throw error;
  }
}
