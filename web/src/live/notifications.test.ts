import { afterEach, describe, expect, it, vi } from "vitest";
import { toastStore } from "../lib/toasts";
import { announceRunEnd, browserNotificationsOn, setBrowserNotifications } from "./notifications";

/** A stand-in for the browser's Notification: the permission it answers, the notifications shown. */
function fakeNotification(answer: NotificationPermission) {
  const shown: { title: string; body?: string }[] = [];
  const Fake = Object.assign(
    function (this: unknown, title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body });
    },
    { permission: "default", requestPermission: vi.fn(() => Promise.resolve(answer)) },
  );
  Fake.requestPermission.mockImplementation(() => {
    Fake.permission = answer;
    return Promise.resolve(answer);
  });
  vi.stubGlobal("Notification", Fake);
  return { Fake, shown };
}

const RUN = { execution_id: "e1", session_id: "s1", error_message: null, finished_at: "t" };

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("browser notifications", () => {
  it("stay off when the browser refuses, and say so by returning false", async () => {
    fakeNotification("denied");
    expect(await setBrowserNotifications(true)).toBe(false);
    expect(browserNotificationsOn()).toBe(false);
  });

  it("once allowed, notify of a run's end only while the tab is in the background", async () => {
    const { shown } = fakeNotification("granted");
    expect(await setBrowserNotifications(true)).toBe(true);
    expect(browserNotificationsOn()).toBe(true);
    vi.spyOn(document, "visibilityState", "get").mockReturnValue("visible");
    announceRunEnd("Docs", { ...RUN, status: "failed", error_message: "disk full" });
    expect(shown).toEqual([]);
    vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    announceRunEnd("Docs", { ...RUN, status: "failed", error_message: "disk full" });
    expect(shown).toEqual([{ title: "F2L", body: "“Docs” failed: disk full" }]);
    // The in-app toast shows either way.
    expect(toastStore.getQueue().map((toast) => toast.message)).toContain("“Docs” failed: disk full");
  });

  it("can be turned off again", async () => {
    fakeNotification("granted");
    await setBrowserNotifications(true);
    expect(await setBrowserNotifications(false)).toBe(false);
    expect(browserNotificationsOn()).toBe(false);
  });
});
