/**
 * After F2L is upgraded (the dashboard rebuilt), a tab opened before still asks for the old
 * bundle's page chunks, which are gone: Vite reports `vite:preloadError`. Reload once to get the
 * new bundle; a second failure within a minute is shown as an error instead of looping.
 */
const RELOADED_AT = "f2l.staleBundleReloadAt";
const LOOP_WINDOW_MS = 60_000;

export function reloadOnStaleBundle(): void {
  globalThis.addEventListener("vite:preloadError", (event) => {
    const last = Number(globalThis.sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < LOOP_WINDOW_MS) return; // let the route's error page show it
    event.preventDefault();
    globalThis.sessionStorage.setItem(RELOADED_AT, String(Date.now()));
    globalThis.location.reload();
  });
}
