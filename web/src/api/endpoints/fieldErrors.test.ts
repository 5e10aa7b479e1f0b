import { describe, expect, it } from "vitest";
import { ApiError } from "../errors";
import { FieldApiError, fieldProblems, unwrapFields } from "./fieldErrors";

function result(body: unknown, status: number) {
  return Promise.resolve({ error: body, response: new Response(null, { status }) });
}

describe("fieldProblems", () => {
  it("maps each 422 item to the last part of its loc", () => {
    const body = {
      detail: [
        { loc: ["body", "port"], msg: "Input should be less than or equal to 65535", type: "less_than_equal" },
        { loc: ["body", "host"], msg: "is required for ftp endpoints", type: "value_error" },
        { loc: ["body", "host"], msg: "a second problem", type: "value_error" },
        { loc: ["body"], msg: "whole body", type: "value_error" },
      ],
    };
    expect(fieldProblems(body)).toEqual({
      port: "Input should be less than or equal to 65535.",
      host: "Is required for ftp endpoints.",
    });
  });

  it("reads a 'field: message' string (the 409 of a taken name)", () => {
    expect(fieldProblems({ detail: "name: an endpoint named 'x' already exists" })).toEqual({
      name: "An endpoint named 'x' already exists.",
    });
    expect(fieldProblems({ detail: "endpoint is used by session 'Docs'" })).toEqual({});
  });
});

describe("unwrapFields", () => {
  it("throws a FieldApiError naming the fields", async () => {
    const call = result({ detail: [{ loc: ["body", "s3_bucket"], msg: "is required", type: "x" }] }, 422);
    const error: unknown = await unwrapFields(call).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FieldApiError);
    expect((error as FieldApiError).fields).toEqual({ s3_bucket: "Is required." });
    expect((error as FieldApiError).status).toBe(422);
  });

  it("throws a plain ApiError when no field is named", async () => {
    const error: unknown = await unwrapFields(result({ detail: "forbidden" }, 403)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(FieldApiError);
  });
});
