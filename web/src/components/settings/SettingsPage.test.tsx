import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authSession, type Role } from "../../api/auth";
import type { AppSettings } from "../../api/settings";
import type { UserAccount } from "../../api/users";
import SettingsPage from "../../routes/SettingsPage";

const SETTINGS: AppSettings = {
  max_concurrent_executions: 4,
  default_transfers: 8,
  default_checkers: 8,
  log_retention_days: 90,
  execution_retention_days: 365,
  health_check_interval_seconds: 300,
  write_rate_limit_per_minute: 100,
};

function account(username: string, role: Role, id = `id-${username}`): UserAccount {
  return { id, username, role, is_active: true, created_at: "2026-12-01T10:00:00Z", last_login_at: null };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function signInAs(role: Role) {
  act(() => {
    authSession.signedIn({
      access_token: "token",
      refresh_token: "refresh",
      token_type: "bearer",
      expires_in: 900,
      user: account("me", role, "id-me"),
    });
  });
}

type Handler = (request: Request, body: unknown) => Response | undefined;

/** A fake API: `handle` may answer a request; the rest get the defaults. Records every call. */
function fakeApi(handle: Handler = () => undefined) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.text();
      const body: unknown = text ? JSON.parse(text) : undefined;
      calls.push({ method: request.method, path: url.pathname, body });
      const answer = handle(request, body);
      if (answer) return answer;
      if (url.pathname === "/api/v1/settings") return json(SETTINGS);
      if (url.pathname === "/api/v1/users") {
        return json({ data: [account("me", "admin", "id-me"), account("olga", "operator")], pagination: { page: 1, limit: 500, total: 2, total_capped: false } });
      }
      return json({ detail: "Not Found" }, 404);
    }),
  );
  return calls;
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <SettingsPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  act(() => { authSession.signedOut(); });
});

describe("SettingsPage", () => {
  it.each(["viewer", "operator"] as const)("shows a %s the reason and no control, and asks the API nothing", (role) => {
    const calls = fakeApi();
    signInAs(role);
    renderPage();
    expect(screen.getByText(/Only administrators can change settings/)).toBeTruthy();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
    expect(screen.queryAllByRole("textbox")).toHaveLength(0);
    expect(screen.queryAllByRole("spinbutton")).toHaveLength(0);
    expect(calls).toHaveLength(0);
  });

  it("shows an admin the users and the run settings", async () => {
    fakeApi();
    signInAs("admin");
    renderPage();
    const users = await screen.findByRole("table", { name: "Users" });
    expect(within(users).getAllByRole("row")).toHaveLength(3);
    expect(within(users).getByText("you")).toBeTruthy();
    expect(await screen.findByLabelText("Maximum concurrent runs")).toHaveProperty("value", "4");
    expect(screen.getByLabelText("Keep log lines for")).toHaveProperty("value", "90");
  });

  it("saves only what changed", async () => {
    const calls = fakeApi((request, body) =>
      request.method === "PATCH" ? json({ ...SETTINGS, ...(body as Partial<AppSettings>) }) : undefined,
    );
    signInAs("admin");
    renderPage();
    const field = await screen.findByLabelText("Maximum concurrent runs");
    fireEvent.change(field, { target: { value: "6" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => { expect(calls.some((call) => call.method === "PATCH")).toBe(true); });
    expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({ max_concurrent_executions: 6 });
  });

  it("shows the API's 422 under the field it names", async () => {
    fakeApi((request) =>
      request.method === "PATCH"
        ? json(
            {
              detail: [
                { loc: ["body", "log_retention_days"], msg: "Input should be less than or equal to 3650", type: "less_than_equal" },
              ],
            },
            422,
          )
        : undefined,
    );
    signInAs("admin");
    renderPage();
    const field = await screen.findByLabelText("Keep log lines for");
    fireEvent.change(field, { target: { value: "5000" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await screen.findByText("Input should be less than or equal to 3650.");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByText(/were not saved/)).toBeNull(); // said under the field, not twice
  });

  it("refuses text that is not a whole number before asking the API", async () => {
    const calls = fakeApi();
    signInAs("admin");
    renderPage();
    const field = await screen.findByLabelText("Endpoint health-check interval");
    fireEvent.change(field, { target: { value: "1.5" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await screen.findByText("Enter a whole number.");
    expect(calls.some((call) => call.method === "PATCH")).toBe(false);
  });

  it("says why a role change was refused, in the API's words", async () => {
    fakeApi((request) =>
      request.method === "PATCH" && request.url.includes("/users/")
        ? json({ detail: "this is the last active admin: promote another user first" }, 409)
        : undefined,
    );
    signInAs("admin");
    renderPage();
    const role = await screen.findByRole("combobox", { name: "Role of me" });
    fireEvent.mouseDown(role);
    fireEvent.click(await screen.findByRole("option", { name: "Viewer" }));
    await screen.findByText("The change was refused: This is the last active admin: promote another user first.");
  });

  it("adds a user, showing a taken name under the name field", async () => {
    const calls = fakeApi((request) =>
      request.method === "POST" ? json({ detail: "username: 'olga' is taken" }, 409) : undefined,
    );
    signInAs("admin");
    renderPage();
    fireEvent.click(await screen.findByRole("button", { name: "Add user" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a user" });
    fireEvent.change(within(dialog).getByLabelText(/User name/), { target: { value: "olga" } });
    fireEvent.change(within(dialog).getByLabelText(/Password/), { target: { value: "Long-enough-pass-1" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add user" }));
    await within(dialog).findByText("'olga' is taken.");
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ username: "olga", password: "Long-enough-pass-1", role: "viewer" });
  });
});
