import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { FieldsError, fieldMessages, unwrapFields } from "./fieldErrors";

function result(body: unknown, status: number) {
  return Promise.resolve({ error: body, response: new Response(null, { status }) });
}

describe("fieldMessages", () => {
  it("maps each 422 item to the last part of its loc; a field's messages are joined", () => {
    const body = {
      detail: [
        { loc: ["body", "port"], msg: "Input should be less than or equal to 65535", type: "less_than_equal" },
        { loc: ["body", "host"], msg: "is required for ftp endpoints", type: "value_error" },
        { loc: ["body", "host"], msg: "a second problem", type: "value_error" },
        { loc: ["body"], msg: "whole body", type: "value_error" },
      ],
    };
    expect(fieldMessages(body)).toEqual({
      port: "Input should be less than or equal to 65535.",
      host: "Is required for ftp endpoints. A second problem.",
    });
  });

  it("reads a 'field: message' string (the 409 of a taken name)", () => {
    expect(fieldMessages({ detail: "name: an endpoint named 'x' already exists" })).toEqual({
      name: "An endpoint named 'x' already exists.",
    });
    expect(fieldMessages({ detail: "endpoint is used by session 'Docs'" })).toEqual({});
  });
});

describe("unwrapFields", () => {
  it("throws a FieldsError naming the fields", async () => {
    const call = result({ detail: [{ loc: ["body", "s3_bucket"], msg: "is required", type: "x" }] }, 422);
    const error: unknown = await unwrapFields(call).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FieldsError);
    expect((error as FieldsError).fields).toEqual({ s3_bucket: "Is required." });
    expect((error as FieldsError).status).toBe(422);
  });

  it("throws a plain ApiError when no field is named", async () => {
    const error: unknown = await unwrapFields(result({ detail: "forbidden" }, 403)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(FieldsError);
  });
});

describe("fieldMessages of list items", () => {
  it("names the list, not the item's index, and joins a field's messages", () => {
    const body = {
      detail: [
        { loc: ["body", "folder_names", 0], msg: "must not be empty" },
        { loc: ["body", "folder_names", 1], msg: "Value error, must not contain '/'" },
      ],
    };
    expect(fieldMessages(body)).toEqual({ folder_names: "Must not be empty. Must not contain '/'." });
  });
});
