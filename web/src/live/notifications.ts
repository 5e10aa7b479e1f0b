/**
 * Word of a run's end: an in-app toast always, and a browser notification for users who opted
 * in (kept in localStorage) while the tab is not in front.
 */
import type { Schemas } from "../client";
import { showToast, type ToastSeverity } from "../lib/toasts";
import type { ExecutionFinished } from "./protocol";

type Status = Schemas["ExecutionStatus"];

const PREFERENCE_KEY = "f2l.notifications";

/** What a finished run's toast says and how loud it is. */
export function runEndMessage(sessionName: string | null, data: ExecutionFinished): {
  text: string;
  severity: ToastSeverity;
} {
  const name = sessionName ? `“${sessionName}”` : "A run";
  const outcome: Partial<Record<Status, [string, ToastSeverity]>> = {
    completed: ["completed", "success"],
    completed_with_differences: ["completed with differences", "warning"],
    cancelled: ["was cancelled", "info"],
    failed: ["failed", "error"],
    interrupted: ["was interrupted", "error"],
  };
  const [words, severity] = outcome[data.status] ?? [`ended ${data.status}`, "info"];
  const files =
    data.files_synced !== undefined && (data.status === "completed" || data.status === "completed_with_differences")
      ? ` · ${data.files_synced} file${data.files_synced === 1 ? "" : "s"} transferred`
      : "";
  const error = data.error_message && severity === "error" ? `: ${data.error_message}` : "";
  return { text: `${name} ${words}${files}${error}`, severity };
}

export function browserNotificationsSupported(): boolean {
  return typeof globalThis.Notification === "function";
}

/** Whether the user asked for browser notifications (and the browser still allows them). */
export function browserNotificationsOn(): boolean {
  return (
    browserNotificationsSupported() &&
    Notification.permission === "granted" &&
    globalThis.localStorage.getItem(PREFERENCE_KEY) === "on"
  );
}

/** Ask the browser's permission and remember the choice; resolves to whether they are on. */
export async function setBrowserNotifications(on: boolean): Promise<boolean> {
  if (!on || !browserNotificationsSupported()) {
    globalThis.localStorage.removeItem(PREFERENCE_KEY);
    return false;
  }
  const permission = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
  if (permission !== "granted") {
    globalThis.localStorage.removeItem(PREFERENCE_KEY);
    return false;
  }
  globalThis.localStorage.setItem(PREFERENCE_KEY, "on");
  return true;
}

/** Tell the user a run ended. */
export function announceRunEnd(sessionName: string | null, data: ExecutionFinished): void {
  const { text, severity } = runEndMessage(sessionName, data);
  showToast({ message: text, severity, link: { label: "Open", to: `/executions/${data.execution_id}` } });
  if (browserNotificationsOn() && document.visibilityState !== "visible") {
    const notification = new Notification("F2L", { body: text, tag: data.execution_id });
    notification.onclick = () => {
      globalThis.focus();
      globalThis.location.assign(`/executions/${data.execution_id}`);
    };
  }
}
