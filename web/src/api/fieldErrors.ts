/**
 * Refusals that name their fields, for forms to show each problem under its input. The API
 * answers a 422 as `{"detail": [{"loc": [..., field], "msg": ...}]}` (FastAPI's shape, which F2L's
 * own checks share) and a taken name as a 409 `"name: an endpoint named 'x' already exists"`.
 */
import { ApiError, sentence, unwrap } from "./errors";

export type FieldMessages = Readonly<Record<string, string>>;

/** An ApiError that also says which fields were refused, and why. */
export class FieldsError extends ApiError {
  readonly fields: FieldMessages;

  constructor(status: number, message: string, fields: FieldMessages) {
    super(status, message);
    this.name = "FieldsError";
    this.fields = fields;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Field → message of an error body: each 422 item under the last named part of its `loc`
 * (`["body", "folder_names", 0]` → `folder_names`; several messages of one field are joined), or
 * a `"field: message"` string detail.
 */
export function fieldMessages(body: unknown): FieldMessages {
  const detail = isRecord(body) ? body.detail : undefined;
  const fields: Record<string, string> = {};
  if (Array.isArray(detail)) {
    for (const item of detail) {
      if (!isRecord(item)) continue;
      const loc: unknown[] = Array.isArray(item.loc) ? item.loc : [];
      const field = [...loc].reverse().find((part): part is string => typeof part === "string" && part !== "body");
      if (!field) continue;
      const message = sentence((typeof item.msg === "string" ? item.msg : "is not valid").replace(/^Value error, /, ""));
      fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
    }
  } else if (typeof detail === "string") {
    const match = /^([a-z][a-z0-9_]*): (.+)$/s.exec(detail);
    if (match?.[1] && match[2]) fields[match[1]] = sentence(match[2]);
  }
  return fields;
}

/** Like `unwrap`, but a refusal naming fields is thrown as a FieldsError. */
export async function unwrapFields<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const result = await call;
  try {
    return await unwrap(Promise.resolve(result));
  } catch (error) {
    const fields = fieldMessages(result.error);
    if (error instanceof ApiError && Object.keys(fields).length) {
      throw new FieldsError(error.status, error.message, fields);
    }
    throw error;
  }
}
