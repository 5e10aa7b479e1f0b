/**
 * In-app toasts as a tiny store, so code outside React (the live-events layer) can raise one too.
 * One toast shows at a time; the next waits its turn (MUI's guidance for snackbars).
 */

export type ToastSeverity = "success" | "info" | "warning" | "error";

export interface Toast {
  id: number;
  message: string;
  severity: ToastSeverity;
  /** An in-app link shown as the toast's action, e.g. the run that just finished. */
  link?: { label: string; to: string };
}

type Listener = () => void;

let queue: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();

function emit() {
  for (const listener of listeners) listener();
}

/** Queue a toast; returns its id. */
export function showToast(toast: Omit<Toast, "id">): number {
  const id = nextId++;
  queue = [...queue, { ...toast, id }];
  emit();
  return id;
}

/** Remove a toast (shown or waiting). */
export function dismissToast(id: number) {
  queue = queue.filter((toast) => toast.id !== id);
  emit();
}

export const toastStore = {
  subscribe: (listener: Listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  /** The queue, oldest first: the first is the one on screen. */
  getQueue: (): readonly Toast[] => queue,
};
