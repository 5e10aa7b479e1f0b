/**
 * The endpoint form as data: its starting values, its checks and the request bodies, all derived
 * from the type's fields (`describeBackend`), so a new field in the API needs no change here.
 */
import type { BackendForm, EndpointType, FieldSpec } from "../../../api/backends";
import type { Endpoint, EndpointCreate, EndpointUpdate } from "../../../api/endpoints";
import { formatCount } from "../../../lib/format";

/** Text inputs hold strings, switches booleans; `name` is the endpoint's own name. */
export type FormValues = Record<string, string | boolean>;

export const NAME_FIELD = "name";
const NAME_MAX = 200;

/** How the form is used: a new endpoint, or an existing one whose kept secrets need no input. */
export interface FormMode {
  kind: "create" | "edit";
  /** Secret fields the endpoint has and the user is not replacing (edit only). */
  keptSecrets: ReadonlySet<string>;
}

export const CREATE: FormMode = { kind: "create", keptSecrets: new Set() };

function stored(endpoint: Endpoint | undefined, name: string): unknown {
  return endpoint ? (endpoint as unknown as Record<string, unknown>)[name] : undefined;
}

/** Whether the endpoint holds a value for the secret `name` (answered only as `has_<name>`). */
export function hasSecret(endpoint: Endpoint | undefined, name: string): boolean {
  return stored(endpoint, `has_${name}`) === true;
}

/** Values to start from: the endpoint's (edit) or the schema's defaults (new); secrets always empty. */
export function initialValues(form: BackendForm, endpoint?: Endpoint, name = ""): FormValues {
  const values: FormValues = { [NAME_FIELD]: endpoint?.name ?? name };
  for (const field of form.fields) {
    const current = stored(endpoint, field.name);
    const value = current ?? field.defaultValue;
    if (field.kind === "secret") values[field.name] = "";
    else if (field.kind === "boolean") values[field.name] = typeof value === "boolean" ? value : false;
    else values[field.name] = typeof value === "string" || typeof value === "number" ? String(value) : "";
  }
  return values;
}

function text(values: FormValues, name: string): string {
  const value = values[name];
  return typeof value === "string" ? value : "";
}

function filled(values: FormValues, field: FieldSpec, mode: FormMode): boolean {
  if (field.kind === "boolean") return true;
  if (field.kind === "secret" && mode.keptSecrets.has(field.name)) return true;
  return text(values, field.name).trim() !== "";
}

/** The problem with one field's value, or null. */
function checkField(field: FieldSpec, values: FormValues, mode: FormMode): string | null {
  if (field.kind === "boolean") return null;
  const raw = text(values, field.name);
  const value = field.kind === "secret" || field.kind === "multiline" ? raw : raw.trim();
  if (!value) return field.required && !filled(values, field, mode) ? `${field.label} is required.` : null;
  if (field.kind === "integer") {
    if (!/^-?\d+$/.test(value)) return "Enter a whole number.";
    const number = Number(value);
    if (field.minimum !== undefined && number < field.minimum) return between(field);
    if (field.maximum !== undefined && number > field.maximum) return between(field);
  }
  if (field.kind === "enum" && field.options.length && !field.options.includes(value)) {
    return `Choose one of: ${field.options.join(", ")}.`;
  }
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    return `${formatCount(field.maxLength)} characters at most.`;
  }
  if (field.minLength !== undefined && value.length < field.minLength) {
    return `At least ${formatCount(field.minLength)} characters.`;
  }
  return null;
}

function between(field: FieldSpec): string {
  if (field.minimum !== undefined && field.maximum !== undefined) {
    return `From ${String(field.minimum)} to ${String(field.maximum)}.`;
  }
  return field.minimum !== undefined ? `At least ${String(field.minimum)}.` : `At most ${String(field.maximum)}.`;
}

/** "a password or a private key" from the labels of the alternatives' fields. */
function alternativesText(form: BackendForm): string {
  const labelOf = (name: string) => {
    const label = form.fields.find((field) => field.name === name)?.label.toLowerCase() ?? name;
    return `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
  };
  return form.alternatives.map((names) => names.map(labelOf).join(" and ")).join(" or ");
}

/** Every problem of the form, by field name (empty when it may be sent). */
export function validate(form: BackendForm, values: FormValues, mode: FormMode): Record<string, string> {
  const problems: Record<string, string> = {};
  const name = text(values, NAME_FIELD).trim();
  if (!name) problems[NAME_FIELD] = "Enter a name.";
  else if (name.length > NAME_MAX) problems[NAME_FIELD] = `${String(NAME_MAX)} characters at most.`;
  for (const field of form.fields) {
    const problem = checkField(field, values, mode);
    if (problem) problems[field.name] = problem;
  }
  const byName = new Map(form.fields.map((field) => [field.name, field]));
  const met = form.alternatives.some((names) =>
    names.every((name) => {
      const field = byName.get(name);
      return field ? filled(values, field, mode) : false;
    }),
  );
  if (form.alternatives.length && !met) {
    const message = `Enter ${alternativesText(form)}.`;
    for (const names of form.alternatives) {
      const first = names[0];
      if (first && !problems[first]) problems[first] = message;
    }
  }
  return problems;
}

/** A field's value for the API, or undefined when the input is empty. */
function valueOf(field: FieldSpec, values: FormValues): string | number | boolean | undefined {
  const value = values[field.name];
  if (field.kind === "boolean") return value === true;
  const raw = typeof value === "string" ? value : "";
  if (field.kind === "secret" || field.kind === "multiline") return raw === "" ? undefined : raw;
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  return field.kind === "integer" ? Number(trimmed) : trimmed;
}

/** The body of `POST /endpoints`: empty inputs are left out, so the API's defaults apply. */
export function toCreateBody(type: EndpointType, form: BackendForm, values: FormValues): EndpointCreate {
  const body: Record<string, unknown> = { name: text(values, NAME_FIELD).trim(), endpoint_type: type };
  for (const field of form.fields) {
    const value = valueOf(field, values);
    if (value !== undefined) body[field.name] = value;
  }
  // The fields are the type's own, named by the API's schema: the flat model accepts each of them.
  return body as EndpointCreate;
}

/**
 * The body of `PATCH /endpoints/{id}`. A secret is sent only when a new one was typed (an omitted
 * secret keeps its value) or sent as `null` when the user removed it; an emptied field is cleared
 * (`null`) or set back to its default.
 */
export function toUpdateBody(
  form: BackendForm,
  values: FormValues,
  removedSecrets: ReadonlySet<string> = new Set(),
): EndpointUpdate {
  const body: Record<string, unknown> = { name: text(values, NAME_FIELD).trim() };
  for (const field of form.fields) {
    const value = valueOf(field, values);
    if (value !== undefined) body[field.name] = value;
    else if (field.kind === "secret") {
      if (removedSecrets.has(field.name)) body[field.name] = null;
    }
    else if (field.nullable) body[field.name] = null;
    else if (field.defaultValue !== undefined) body[field.name] = field.defaultValue;
  }
  return body;
}
