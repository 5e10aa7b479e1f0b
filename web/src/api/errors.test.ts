import { describe, expect, it } from "vitest";
import { ApiError, detailText, errorMessage, sentence, unwrap } from "./errors";

describe("API errors in words", () => {
  it("reads a string detail and a 422 list naming each field", () => {
    expect(detailText({ detail: "wrong user name or password" })).toBe("wrong user name or password");
    const invalid = { detail: [{ loc: ["body", "username"], msg: "String should match pattern" }, { loc: ["body"], msg: "bad" }] };
    expect(detailText(invalid)).toBe("username: String should match pattern; bad");
    expect(detailText("plain text")).toBeNull();
  });

  it("makes the API's lower-case messages into sentences", () => {
    expect(sentence("wrong user name or password")).toBe("Wrong user name or password.");
    expect(sentence("Done!")).toBe("Done!");
  });

  it("unwraps data or throws an ApiError with the server's words", async () => {
    const ok = Promise.resolve({ data: { a: 1 }, response: new Response(null, { status: 200 }) });
    await expect(unwrap(ok)).resolves.toEqual({ a: 1 });
    const bad = Promise.resolve({ error: { detail: "no such session" }, response: new Response(null, { status: 404 }) });
    await expect(unwrap(bad)).rejects.toEqual(new ApiError(404, "No such session."));
  });

  it("says the service is unreachable on a network failure", () => {
    expect(errorMessage(new TypeError("Failed to fetch"))).toMatch(/cannot be reached/);
  });
});
