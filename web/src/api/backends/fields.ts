/**
 * The fields of an endpoint type, read from the JSON Schema `GET /backends` answers: what a form
 * needs to render and check each one (kind, label, help, required, bounds, allowed values, secret).
 */
import type { Schemas } from "../../client";
import type { Backend } from "./queries";

export type EndpointType = Schemas["EndpointType"];

/** How a field is edited: text, several lines, a whole number, a switch, a choice, or a secret. */
export type FieldKind = "text" | "multiline" | "integer" | "boolean" | "enum" | "secret";

export interface FieldSpec {
  /** The API name, e.g. `s3_bucket`. */
  name: string;
  label: string;
  /** Help text (the schema's `description`). */
  help: string;
  kind: FieldKind;
  required: boolean;
  /** Whether `null` is a value of its own (an empty input then sends null). */
  nullable: boolean;
  /** The schema's default (never present for a secret). */
  defaultValue: string | number | boolean | null | undefined;
  options: readonly string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export interface BackendForm {
  type: EndpointType;
  summary: string;
  fields: readonly FieldSpec[];
  /**
   * The schema's `anyOf` of `required` lists: the type needs every field of at least one of them
   * (SFTP: a password, or a private key). Empty when there is no such rule.
   */
  alternatives: readonly (readonly string[])[];
}

/** Labels people read; the schema's titles ("S3 Use Ssl") are derived from the API names. */
const LABELS: Readonly<Record<string, string>> = {
  s3_bucket: "Bucket",
  s3_region: "Region",
  s3_endpoint_url: "Endpoint URL",
  s3_path_style: "Path-style addressing",
  s3_access_key: "Access key ID",
  s3_secret_key: "Secret access key",
  s3_use_ssl: "Use HTTPS",
  s3_verify_ssl: "Verify the TLS certificate",
  s3_storage_class: "Storage class",
  remote_path: "Root path",
  host: "Host",
  port: "Port",
  username: "User name",
  password: "Password",
  private_key: "Private key",
  private_key_passphrase: "Private key passphrase",
  host_key_policy: "Host key policy",
  known_hosts: "Known hosts",
  ftp_passive: "Passive mode",
  ftp_tls: "Explicit FTPS (TLS)",
  ftp_verify_tls: "Verify the TLS certificate",
  local_path: "Folder on the F2L host",
};

/** Inputs longer than this are text areas (keys, known_hosts lines). */
const MULTILINE_OVER = 4096;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** "S3 Use Ssl" → "S3 Use SSL": the fallback for a field this file has no label for. */
function labelOf(name: string, title: unknown): string {
  const label = LABELS[name];
  if (label) return label;
  const text = typeof title === "string" && title ? title : name.replaceAll("_", " ");
  return text.replace(/\b(Ssl|Tls|Url|Ftp|Sftp|Id)\b/g, (word) => word.toUpperCase());
}

/** The property with its non-null `anyOf` branch merged in, and whether null is allowed. */
function flatten(property: Json): { merged: Json; nullable: boolean } {
  const branches = Array.isArray(property.anyOf) ? property.anyOf.filter(isRecord) : [];
  const nullable = property.type === "null" || branches.some((branch) => branch.type === "null");
  const value = branches.find((branch) => branch.type !== "null") ?? {};
  return { merged: { ...value, ...property }, nullable };
}

function kindOf(property: Json, secret: boolean): FieldKind {
  if (secret) return "secret";
  if (strings(property.enum).length) return "enum";
  if (property.type === "boolean") return "boolean";
  if (property.type === "integer") return "integer";
  const max = numberOf(property.maxLength);
  return max !== undefined && max > MULTILINE_OVER ? "multiline" : "text";
}

function defaultOf(property: Json): FieldSpec["defaultValue"] {
  const value = property.default;
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
    return value as FieldSpec["defaultValue"];
  }
  return undefined;
}

/** One field of the schema as a form renders it. */
export function describeField(name: string, property: Json, required: boolean): FieldSpec {
  const { merged, nullable } = flatten(property);
  const secret = merged["x-secret"] === true || merged.writeOnly === true || merged.format === "password";
  const kind = kindOf(merged, secret);
  return {
    name,
    label: labelOf(name, merged.title),
    help: typeof merged.description === "string" ? merged.description : "",
    kind,
    required,
    nullable,
    defaultValue: secret ? undefined : defaultOf(merged),
    options: strings(merged.enum),
    minLength: numberOf(merged.minLength),
    maxLength: numberOf(merged.maxLength),
    minimum: numberOf(merged.minimum),
    maximum: numberOf(merged.maximum),
  };
}

/** The form of one endpoint type: its fields in the schema's order, required ones marked. */
export function describeBackend(backend: Backend): BackendForm {
  const schema = backend.json_schema;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(strings(schema.required));
  const fields = Object.entries(properties)
    .filter((entry): entry is [string, Json] => isRecord(entry[1]))
    .map(([name, property]) => describeField(name, property, required.has(name)));
  const alternatives = (Array.isArray(schema.anyOf) ? schema.anyOf : [])
    .filter(isRecord)
    .map((branch) => strings(branch.required))
    .filter((branch) => branch.length > 0);
  return { type: backend.endpoint_type, summary: backend.summary, fields, alternatives };
}

/** Names people read for each endpoint type. */
export const TYPE_LABELS: Readonly<Record<EndpointType, string>> = {
  s3: "S3",
  sftp: "SFTP",
  ftp: "FTP",
  local: "Local folder",
};
