import { afterEach, describe, expect, it, vi } from "vitest";
import { attachmentName, fetchLogExport } from "./export";

afterEach(() => { vi.unstubAllGlobals(); });

describe("the log export", () => {
  it("reads the file name the server suggests", () => {
    expect(attachmentName('attachment; filename="f2l-logs.csv"', "x")).toBe("f2l-logs.csv");
    expect(attachmentName("attachment; filename*=UTF-8''f2l%20logs.json", "x")).toBe("f2l logs.json");
    expect(attachmentName(null, "f2l-logs.json")).toBe("f2l-logs.json");
  });

  it("asks for the current filters in the chosen format and returns the file", async () => {
    const requests: Request[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn((request: Request) => {
        requests.push(request);
        return Promise.resolve(
          new Response("id,timestamp,level,message,session_id,execution_id\n", {
            headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="f2l-logs.csv"' },
          }),
        );
      }),
    );
    const file = await fetchLogExport({ level: "error", search: "time out" }, "csv");
    const url = new URL(requests[0]?.url ?? "");
    expect(url.pathname).toBe("/api/v1/logs/export");
    expect(Object.fromEntries(url.searchParams)).toEqual({ level: "error", search: "time out", format: "csv" });
    expect(file.filename).toBe("f2l-logs.csv");
    expect(await file.blob.text()).toContain("id,timestamp,level");
  });

  it("says why the server refused", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify({ detail: [{ loc: ["query", "until"], msg: "must be later than since" }] }), {
            status: 422,
            headers: { "Content-Type": "application/json" },
          }),
        ),
      ),
    );
    await expect(fetchLogExport({}, "json")).rejects.toThrow("Until: must be later than since.");
  });
});
