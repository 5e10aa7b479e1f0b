import { describe, expect, it } from "vitest";
import { BACKENDS } from "../../components/endpoints/form/testBackends";
import { describeBackend } from "./fields";
import type { Backend } from "./queries";

function form(type: string) {
  const backend = BACKENDS.find((item) => item.endpoint_type === type);
  if (!backend) throw new Error(`no ${type} in the fixture`);
  return describeBackend(backend);
}

function field(type: string, name: string) {
  const found = form(type).fields.find((item) => item.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe("describeBackend", () => {
  it("keeps the schema's field order and marks the required ones", () => {
    const s3 = form("s3");
    expect(s3.fields[0]?.name).toBe("s3_bucket");
    expect(s3.fields.filter((item) => item.required).map((item) => item.name)).toEqual(["s3_bucket"]);
  });

  it("reads kinds from types: integer, boolean, enum, secret, several lines", () => {
    expect(field("sftp", "port")).toMatchObject({ kind: "integer", minimum: 1, maximum: 65535, defaultValue: 22 });
    expect(field("ftp", "ftp_tls")).toMatchObject({ kind: "boolean", defaultValue: false, label: "Explicit FTPS (TLS)" });
    expect(field("sftp", "host_key_policy")).toMatchObject({ kind: "enum", options: ["strict", "accept_new"] });
    expect(field("sftp", "known_hosts")).toMatchObject({ kind: "multiline", nullable: true });
    expect(field("s3", "s3_region")).toMatchObject({ kind: "text", nullable: true });
  });

  it("treats writeOnly/x-secret fields as secrets, without a default", () => {
    expect(field("s3", "s3_secret_key")).toMatchObject({ kind: "secret", defaultValue: undefined });
    expect(field("sftp", "private_key").kind).toBe("secret");
  });

  it("takes the help text from `description`", () => {
    expect(field("s3", "s3_bucket").help).toBe("Bucket name.");
  });

  it("reads `anyOf` of `required` lists as alternatives", () => {
    expect(form("sftp").alternatives).toEqual([["password"], ["private_key"]]);
    expect(form("ftp").alternatives).toEqual([]);
  });

  it("falls back to the schema's title for a field it has no label for", () => {
    const backend: Backend = {
      endpoint_type: "s3",
      summary: "x",
      json_schema: { properties: { s3_new_ssl_option: { type: "boolean", title: "S3 New Ssl Option" } } },
    };
    expect(describeBackend(backend).fields[0]?.label).toBe("S3 New SSL Option");
  });
});
