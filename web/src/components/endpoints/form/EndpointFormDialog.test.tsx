/**
 * The schema-driven endpoint form through the real client: only `fetch` is replaced, by a fake of
 * the API's endpoint routes that records what the form sent.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Endpoint } from "../../../api/endpoints";
import { EndpointFormDialog } from "./EndpointFormDialog";
import { BACKENDS } from "./testBackends";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const FTP: Endpoint = {
  id: "0f6c1c3e-0000-4000-8000-000000000001",
  name: "Partner FTP",
  endpoint_type: "ftp",
  s3_bucket: null,
  remote_path: "incoming",
  s3_region: null,
  s3_endpoint_url: null,
  s3_path_style: null,
  s3_access_key: null,
  s3_use_ssl: null,
  s3_verify_ssl: null,
  s3_storage_class: null,
  host: "ftp.example.org",
  port: 2121,
  username: "partner",
  host_key_policy: null,
  known_hosts: null,
  ftp_passive: true,
  ftp_tls: false,
  ftp_verify_tls: true,
  local_path: null,
  has_s3_secret_key: false,
  has_password: true,
  has_private_key: false,
  has_private_key_passphrase: false,
  connection_status: "online",
  last_health_check: "2026-12-01T11:00:00Z",
  last_error: null,
  last_latency_ms: 12,
  created_at: "2026-12-01T10:00:00Z",
  updated_at: "2026-12-01T10:00:00Z",
};

interface Sent {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}

/** What the fake API answers to a write; the default echoes an endpoint. */
type Answer = (sent: Sent) => Response;

let sent: Sent[];
let answer: Answer;

beforeEach(() => {
  sent = [];
  answer = ({ body }) => json({ ...FTP, ...body }, 201);
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/backends") return json(BACKENDS);
      const text = await request.text();
      const call = { method: request.method, path, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
      sent.push(call);
      return answer(call);
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderDialog(endpoint?: Endpoint) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const onClose = vi.fn();
  render(
    <QueryClientProvider client={client}>
      <EndpointFormDialog endpoint={endpoint} onClose={onClose} />
    </QueryClientProvider>,
  );
  return { onClose };
}

async function chooseType(label: RegExp) {
  fireEvent.click(await screen.findByRole("radio", { name: label }));
}

function submit(name: RegExp) {
  fireEvent.click(screen.getByRole("button", { name }));
}

// MUI dialogs render slowly in jsdom on a busy machine.
const SLOW = { timeout: 30_000 };

describe("EndpointFormDialog (add)", SLOW, () => {
  it("asks for the type first, then renders that type's fields from its schema", async () => {
    renderDialog();
    expect(await screen.findByRole("radiogroup", { name: "Type" })).toBeTruthy();
    expect(screen.queryByLabelText(/^Host/)).toBeNull();
    await chooseType(/^FTP/);
    const host = screen.getByRole("textbox", { name: /^Host/ });
    expect(host.hasAttribute("required")).toBe(true); // required fields are marked
    expect(screen.getByText("Server host name or IP address.")).toBeTruthy(); // help from `description`
    const port = screen.getByRole("spinbutton", { name: /^Port/ }); // integer → number input
    expect((port as HTMLInputElement).value).toBe("21"); // the schema's default
    expect(port.hasAttribute("required")).toBe(false);
    expect(screen.getByLabelText<HTMLInputElement>(/^Password/).type).toBe("password");
    expect(screen.getByRole<HTMLInputElement>("switch", { name: "Passive mode" }).checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>("switch", { name: "Explicit FTPS (TLS)" }).checked).toBe(false);
  });

  it("offers an enum as a select", async () => {
    renderDialog();
    await chooseType(/^SFTP/);
    const policy = screen.getByRole("combobox", { name: /Host key policy/ });
    expect(policy.textContent).toContain("strict");
    fireEvent.mouseDown(policy);
    const options = within(await screen.findByRole("listbox")).getAllByRole("option");
    expect(options.map((option) => option.textContent)).toEqual(["strict", "accept new"]);
  });

  it("refuses empty required fields and the missing login of SFTP without sending", async () => {
    renderDialog();
    await chooseType(/^SFTP/);
    submit(/^Add endpoint$/);
    expect(await screen.findByText("Enter a name.")).toBeTruthy();
    expect(screen.getByText("Host is required.")).toBeTruthy();
    expect(screen.getByText("User name is required.")).toBeTruthy();
    expect(screen.getAllByText("Enter a password or a private key.")).toHaveLength(2); // under both
    expect(screen.getByRole("textbox", { name: /^Host/ }).getAttribute("aria-invalid")).toBe("true");
    expect(sent).toEqual([]);
  });

  it("checks bounds before sending", async () => {
    renderDialog();
    await chooseType(/^FTP/);
    fireEvent.change(screen.getByRole("spinbutton", { name: /^Port/ }), { target: { value: "70000" } });
    submit(/^Add endpoint$/);
    expect(await screen.findByText("From 1 to 65535.")).toBeTruthy();
    expect(sent).toEqual([]);
  });

  it("sends the type's fields, leaving empty ones to the API's defaults", async () => {
    renderDialog();
    await chooseType(/^FTP/);
    fireEvent.change(screen.getByRole("textbox", { name: /^Name/ }), { target: { value: "Partner FTP" } });
    fireEvent.change(screen.getByRole("textbox", { name: /^Host/ }), { target: { value: " ftp.example.org " } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "s3cret" } });
    submit(/^Add endpoint$/);
    expect(await screen.findByText("“Partner FTP” was added.")).toBeTruthy();
    expect(sent).toEqual([
      {
        method: "POST",
        path: "/api/v1/endpoints",
        body: {
          name: "Partner FTP",
          endpoint_type: "ftp",
          host: "ftp.example.org",
          port: 21,
          username: "anonymous",
          password: "s3cret",
          ftp_passive: true,
          ftp_tls: false,
          ftp_verify_tls: true,
        },
      },
    ]);
  });

  it("shows the API's 422 under the field it names (detail[].loc's last part)", async () => {
    answer = () =>
      json(
        {
          detail: [
            { loc: ["body", "s3_endpoint_url"], msg: "must be an http:// or https:// URL", type: "value_error" },
          ],
        },
        422,
      );
    renderDialog();
    await chooseType(/^S3/);
    fireEvent.change(screen.getByRole("textbox", { name: /^Name/ }), { target: { value: "Bucket" } });
    fireEvent.change(screen.getByRole("textbox", { name: /^Bucket/ }), { target: { value: "photos" } });
    fireEvent.change(screen.getByRole("textbox", { name: /^Endpoint URL/ }), { target: { value: "ftp://127.0.0.1" } });
    submit(/^Add endpoint$/);
    expect(await screen.findByText("Must be an http:// or https:// URL.")).toBeTruthy();
    expect(screen.getByRole("textbox", { name: /^Endpoint URL/ }).getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByRole("alert").textContent).toContain("see the marked fields");
  });

  it("shows a taken name (409) under the name", async () => {
    answer = () => json({ detail: "name: an endpoint named 'Bucket' already exists" }, 409);
    renderDialog();
    await chooseType(/^S3/);
    fireEvent.change(screen.getByRole("textbox", { name: /^Name/ }), { target: { value: "Bucket" } });
    fireEvent.change(screen.getByRole("textbox", { name: /^Bucket/ }), { target: { value: "photos" } });
    submit(/^Add endpoint$/);
    expect(await screen.findByText("An endpoint named 'Bucket' already exists.")).toBeTruthy();
  });

  it("shows a refusal that names no field above the form", async () => {
    answer = () => json({ detail: "Your role does not allow this" }, 403);
    renderDialog();
    await chooseType(/^S3/);
    fireEvent.change(screen.getByRole("textbox", { name: /^Name/ }), { target: { value: "Bucket" } });
    fireEvent.change(screen.getByRole("textbox", { name: /^Bucket/ }), { target: { value: "photos" } });
    submit(/^Add endpoint$/);
    expect((await screen.findByRole("alert")).textContent).toBe("Your role does not allow this.");
  });
});

describe("EndpointFormDialog (edit)", SLOW, () => {
  it("never shows a stored secret: 'set' with a Replace button, and sends none unless replaced", async () => {
    answer = ({ body }) => json({ ...FTP, ...body });
    renderDialog(FTP);
    expect(await screen.findByRole("textbox", { name: /^Host/ })).toBeTruthy();
    expect(screen.queryByRole("radiogroup", { name: "Type" })).toBeNull(); // the type is fixed
    expect(screen.getByRole<HTMLInputElement>("spinbutton", { name: /^Port/ }).value).toBe("2121");
    const secret = screen.getByRole("group", { name: "Password" });
    expect(within(secret).getByText("Set")).toBeTruthy();
    expect(screen.queryByLabelText(/^Password/, { selector: "input" })).toBeNull();
    submit(/^Save changes$/);
    await screen.findByText("Changes to “Partner FTP” were saved.");
    expect(sent[0]?.method).toBe("PATCH");
    expect(sent[0]?.path).toBe(`/api/v1/endpoints/${FTP.id}`);
    expect(sent[0]?.body).not.toHaveProperty("password");
    expect(sent[0]?.body).toMatchObject({ name: "Partner FTP", host: "ftp.example.org", port: 2121 });
  });

  it("reveals an empty input to replace a secret and sends the new one", async () => {
    answer = ({ body }) => json({ ...FTP, ...body });
    renderDialog(FTP);
    fireEvent.click(await screen.findByRole("button", { name: "Replace the password" }));
    const input = screen.getByLabelText<HTMLInputElement>(/^Password/, { selector: "input" });
    expect(input.value).toBe("");
    expect(input.type).toBe("password");
    fireEvent.change(input, { target: { value: "wrong-pass" } });
    submit(/^Save changes$/);
    await screen.findByText("Changes to “Partner FTP” were saved.");
    expect(sent[0]?.body).toMatchObject({ password: "wrong-pass" });
  });

  it("removes a stored secret only when saved, and a removal can be taken back", async () => {
    answer = ({ body }) => json({ ...FTP, ...body });
    renderDialog(FTP);
    fireEvent.click(await screen.findByRole("button", { name: "Remove the password" }));
    const secret = screen.getByRole("group", { name: "Password" });
    expect(within(secret).getByText("Removed when you save")).toBeTruthy();
    fireEvent.click(within(secret).getByRole("button", { name: "Keep the password" }));
    expect(within(secret).getByText("Set")).toBeTruthy();
    fireEvent.click(within(secret).getByRole("button", { name: "Remove the password" }));
    submit(/^Save changes$/);
    await screen.findByText("Changes to “Partner FTP” were saved.");
    expect(sent[0]?.body).toMatchObject({ password: null });
  });

  it("refuses to remove the only sign-in secret of an SFTP endpoint, and sends nothing", async () => {
    const sftp: Endpoint = { ...FTP, endpoint_type: "sftp", port: 22, ftp_passive: null, ftp_tls: null, ftp_verify_tls: null };
    renderDialog(sftp);
    fireEvent.click(await screen.findByRole("button", { name: "Remove the password" }));
    submit(/^Save changes$/);
    expect(await screen.findAllByText(/Enter a password or a private key/)).not.toHaveLength(0);
    expect(sent).toHaveLength(0);
  });

  it("after saving, tests the connection and shows the server's failure", async () => {
    answer = ({ method, path, body }) =>
      method === "POST" && path.endsWith("/test")
        ? json({ success: false, message: "login refused: 530 Authentication failed.", latency_ms: null })
        : json({ ...FTP, ...body });
    renderDialog(FTP);
    await screen.findByRole("textbox", { name: /^Host/ });
    submit(/^Save changes$/);
    fireEvent.click(await screen.findByRole("button", { name: "Test connection" }));
    const failure = await screen.findByRole("alert");
    expect(failure.textContent).toContain("Connection failed");
    expect(failure.textContent).toContain("Login refused: 530 Authentication failed.");
  });

  it("after saving, shows a successful test with its latency", async () => {
    answer = ({ method, path, body }) =>
      method === "POST" && path.endsWith("/test")
        ? json({ success: true, message: "connected to Partner FTP", latency_ms: 23.4 })
        : json({ ...FTP, ...body });
    renderDialog(FTP);
    await screen.findByRole("textbox", { name: /^Host/ });
    submit(/^Save changes$/);
    fireEvent.click(await screen.findByRole("button", { name: "Test connection" }));
    await waitFor(() => {
      expect(screen.getByText(/Connected to Partner FTP in 23 ms\./)).toBeTruthy();
    });
  });
});
