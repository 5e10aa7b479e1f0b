/**
 * A refused session form keeps the API's words per field: a 422's `detail[]` as field → message,
 * the field being the last named part of `loc` (`["body", "folder_names", 0]` → `folder_names`).
 */
import { ApiError, detailText, sentence } from "../errors";

export type FieldMessages = Readonly<Record<string, string>>;

/** An ApiError that also says which fields were refused and why. */
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

/** Field → message of a 422 body (several messages for one field are joined). */
export function fieldMessages(body: unknown): FieldMessages {
  const detail = isRecord(body) ? body.detail : undefined;
  if (!Array.isArray(detail)) return {};
  const fields: Record<string, string> = {};
  for (const item of detail) {
    if (!isRecord(item) || typeof item.msg !== "string") continue;
    const loc: unknown[] = Array.isArray(item.loc) ? item.loc : [];
    const field = [...loc].reverse().find((part): part is string => typeof part === "string" && part !== "body");
    if (!field) continue;
    const message = sentence(item.msg.replace(/^Value error, /, ""));
    fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
  }
  return fields;
}

/** Like `unwrap`, but a 422 becomes a FieldsError carrying each field's message. */
export async function unwrapFields<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const detail = detailText(error);
  const message = detail ? sentence(detail) : `The server answered ${String(response.status)}.`;
  if (response.status === 422) throw new FieldsError(422, message, fieldMessages(error));
  throw new ApiError(response.status, message);
}
