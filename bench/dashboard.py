"""The dashboard in a real browser: what it ships, how fast it shows a big history, how far its
live bars trail the server, and whether its memory stays flat under live updates.

    uv run python -m bench.dashboard [--executions 100000] [--operations 1000000]
                                     [--files 10000] [--minutes 10] [--only size,overview,lag,memory]
                                     [--json out.json]

Needs the built dashboard (`make web`) and Debian's chromium. Four measurements (issue 10's budgets):

  size      JS (gzip, as served) the browser fetched before the first page rendered: the sign-in
            page for a new visitor, the overview for a signed-in one. Budget 350 KB.
  overview  SQLite seeded with N executions and M operations (bench.api's seeder), `f2l serve`
            on it; a signed-in browser opens `/` — time from navigation to the cards, recent
            runs and the runs-per-day chart on screen (median of 5 loads, cold first). Budget 1.5 s.
  lag       a local → local run of F small files with the overview open; every progress event is
            also read by a plain SSE client; the browser records when its progress bar shows
            each value (MutationObserver). Lag = bar shows a value − the event carrying it was
            published (same machine, same clock). Budget 1 s.
  memory    the overview open while runs follow each other for `--minutes`, the JS heap
            (Chromium's `Performance.getMetrics`, after a forced GC) sampled every 30 s. It must
            not grow without bound: the report gives first, last, max and the slope of the
            second half.

Only loopback addresses; every process started here is stopped by its own handle.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import math
import platform
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from playwright.sync_api import Browser, CDPSession, Page, sync_playwright

from bench.api import ADMIN, Service, Sizes, fresh_database, seed, serve, service_env
from f2l.api.static_site import STATIC_DIR
from f2l.db.migrations import upgrade_to_head

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--enable-precise-memory-info",
]
BUDGET_JS_KB = 350
BUDGET_OVERVIEW_S = 1.5
BUDGET_LAG_S = 1.0


# -- helpers ------------------------------------------------------------------------------------


def base_url(service: Service) -> str:
    parts = urlsplit(str(service.client.base_url))
    return f"{parts.scheme}://{parts.netloc}"


def signed_in_page(browser: Browser, base: str, width: int = 1440) -> Page:
    """A new browser context signed in as the bench admin (the refresh cookie set by the API)."""
    context = browser.new_context(base_url=base, viewport={"width": width, "height": 900}, reduced_motion="reduce")
    response = context.request.post(f"{base}/api/v1/auth/login", data=ADMIN)
    assert response.ok, response.text()
    # A returning user: their browser remembers it was signed in (the flag the dashboard sets at
    # sign-in), so the dashboard fetches the shell's and the page's code while it resumes the sign-in.
    context.add_init_script("localStorage.setItem('f2l.signedIn', '1')")
    return context.new_page()


def served_gzip_bytes(path: str) -> int:
    """What the service sends for one asset: its precompressed `.gz` when there is one."""
    file = STATIC_DIR / path.lstrip("/")
    packed = file.with_name(file.name + ".gz")
    if packed.is_file():
        return packed.stat().st_size
    return len(gzip.compress(file.read_bytes(), 9)) if file.is_file() else 0


def scripts_until(page: Page, url: str, ready: str) -> list[str]:
    """The JS files the page fetched from navigation until the `ready` selector is visible."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if request.resource_type == "script" else None)
    page.goto(url)
    page.wait_for_selector(ready, state="visible", timeout=60_000)
    return [urlsplit(item).path for item in fetched]


# -- size ---------------------------------------------------------------------------------------


def measure_size(browser: Browser, service: Service) -> dict[str, Any]:
    base = base_url(service)
    context = browser.new_context(base_url=base)
    page = context.new_page()
    sign_in_scripts = scripts_until(page, f"{base}/login", "text=Sign in")
    context.close()
    page = signed_in_page(browser, base)
    overview_scripts = scripts_until(page, f"{base}/", "h1:has-text('Overview')")
    page.context.close()
    result = {}
    for name, scripts in (("sign_in", sign_in_scripts), ("overview", overview_scripts)):
        kb = sum(served_gzip_bytes(path) for path in set(scripts)) / 1000
        result[name] = {"scripts": len(set(scripts)), "gzip_kb": round(kb, 1), "within_budget": kb <= BUDGET_JS_KB}
    return result


# -- overview with a big history ----------------------------------------------------------------


OVERVIEW_READY = [
    "h1:has-text('Overview')",
    "section[aria-label='Recent runs'] a",
    "section[aria-label='Runs per day'] .recharts-bar-rectangle",
]


def time_overview(page: Page, base: str) -> float:
    started = time.perf_counter()
    page.goto(f"{base}/")
    for selector in OVERVIEW_READY:
        page.wait_for_selector(selector, state="attached", timeout=60_000)
    return time.perf_counter() - started


def measure_overview(browser: Browser, service: Service, loads: int = 5) -> dict[str, Any]:
    base = base_url(service)
    page = signed_in_page(browser, base)
    times = [time_overview(page, base) for _ in range(loads)]
    stats_ms = []
    for _ in range(10):
        began = time.perf_counter()
        service.client.get("/stats", params={"days": 30}).raise_for_status()
        stats_ms.append((time.perf_counter() - began) * 1000)
    page.context.close()
    median = statistics.median(times)
    return {
        "cold_s": round(times[0], 3),
        "median_s": round(median, 3),
        "all_s": [round(value, 3) for value in times],
        "stats_api_median_ms": round(statistics.median(stats_ms), 1),
        "within_budget": median <= BUDGET_OVERVIEW_S,
    }


# -- live lag -----------------------------------------------------------------------------------


def make_files(root: Path, count: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        folder = root / f"d{index // 500:03}"
        folder.mkdir(exist_ok=True)
        (folder / f"f{index:06}.txt").write_bytes(b"x" * (1024 + index % 3000))


def local_session(
    service: Service, source: Path, target: Path, name: str, bandwidth_limit: str | None = None
) -> str:
    ids = []
    for label, path in ((f"{name} source", source), (f"{name} target", target)):
        path.mkdir(parents=True, exist_ok=True)
        created = service.client.post(
            "/endpoints", json={"name": label, "endpoint_type": "local", "local_path": str(path)}
        )
        created.raise_for_status()
        ids.append(created.json()["id"])
    session = service.client.post(
        "/sessions",
        json={
            "name": name,
            "source_endpoint_id": ids[0],
            "destination_endpoint_id": ids[1],
            "bandwidth_limit": bandwidth_limit,
        },
    )
    session.raise_for_status()
    session_id: str = session.json()["id"]
    return session_id


def start(service: Service, session_id: str) -> str:
    started = service.client.post(f"/sessions/{session_id}/start", json={"force_overwrite": True})
    started.raise_for_status()
    execution_id: str = started.json()["execution_id"]
    return execution_id


def wait_end(service: Service, execution_id: str, timeout: float = 1800) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run: dict[str, Any] = service.client.get(f"/executions/{execution_id}").json()
        if run["status"] not in ("queued", "running"):
            return run
        time.sleep(0.5)
    raise TimeoutError(execution_id)


class EventRecorder(threading.Thread):
    """A plain SSE client: the publish time of each progress value of the runs it sees."""

    def __init__(self, base: str, token: str) -> None:
        super().__init__(daemon=True)
        self.base, self.token = base, token
        self.published: dict[str, float] = {}  # "percent" -> epoch seconds of the first event with it
        self.stop = threading.Event()

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"}
        with (
            httpx.Client(timeout=None) as client,
            client.stream("GET", f"{self.base}/api/v1/events", headers=headers) as response,
        ):
            for line in response.iter_lines():
                if self.stop.is_set():
                    break
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("type") == "execution_progress":
                    key = f"{event['data']['progress_percentage']:g}"
                    when = datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00")).timestamp()
                    self.published.setdefault(key, when)


OBSERVE_BAR = """
() => {
  window.__barSeen = [];
  const seen = (bar) => {
    const value = bar.getAttribute('aria-valuenow');
    if (value !== null) window.__barSeen.push([String(Number(value)), Date.now() / 1000]);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      const target = record.target;
      if (target instanceof Element && target.getAttribute('role') === 'progressbar') seen(target);
      if (record.type === 'childList') for (const node of record.addedNodes)
        if (node instanceof Element) node.querySelectorAll('[role=progressbar]').forEach(seen);
    }
  }).observe(document.body,
    { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
}
"""


def measure_lag(browser: Browser, service: Service, work: Path, files: int) -> dict[str, Any]:
    base = base_url(service)
    make_files(work / "lag" / "source", files)
    session_id = local_session(service, work / "lag" / "source", work / "lag" / "target", "Lag bench")
    page = signed_in_page(browser, base)
    page.goto(f"{base}/")
    page.wait_for_selector("[role=status][data-state=live]", timeout=30_000)
    page.evaluate(OBSERVE_BAR)
    token = str(service.client.headers["Authorization"]).split(" ", 1)[1]
    recorder = EventRecorder(base, token)
    recorder.start()
    time.sleep(0.5)  # the recorder subscribed
    began = time.perf_counter()
    run = wait_end(service, start(service, session_id))
    elapsed = time.perf_counter() - began
    time.sleep(1)
    seen: list[list[Any]] = page.evaluate("window.__barSeen")
    recorder.stop.set()
    page.context.close()
    shown: dict[str, float] = {}
    for value, when in seen:
        shown.setdefault(value, when)
    lags = [shown[key] - published for key, published in recorder.published.items() if key in shown]
    ordered = sorted(lags)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else None  # nearest rank
    return {
        "files": files,
        "run_status": run["status"],
        "run_s": round(elapsed, 1),
        "progress_events": len(recorder.published),
        "values_matched": len(lags),
        "lag_median_s": round(statistics.median(ordered), 3) if ordered else None,
        "lag_p95_s": round(p95, 3) if p95 is not None else None,
        "lag_max_s": round(ordered[-1], 3) if ordered else None,
        "within_budget": p95 is not None and p95 <= BUDGET_LAG_S,
    }


# -- memory -------------------------------------------------------------------------------------


def heap_mib(cdp: CDPSession) -> float:
    """The page's used JS heap after a forced garbage collection (CDP, `Performance` enabled)."""
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {item["name"]: item["value"] for item in cdp.send("Performance.getMetrics")["metrics"]}
    return float(metrics["JSHeapUsedSize"]) / 2**20


def measure_memory(browser: Browser, service: Service, work: Path, minutes: float) -> dict[str, Any]:
    base = base_url(service)
    # Throttled runs of bigger files: progress events all along at little CPU (the browser is measured).
    source = work / "memory" / "source"
    source.mkdir(parents=True, exist_ok=True)
    for index in range(200):
        (source / f"part-{index:03}.bin").write_bytes(bytes([index % 251]) * 50_000)
    session_id = local_session(service, source, work / "memory" / "target", "Memory bench", bandwidth_limit="1M")
    page = signed_in_page(browser, base)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(f"{base}/")
    page.wait_for_selector("[role=status][data-state=live]", timeout=30_000)
    stop = threading.Event()
    runs = {"count": 0}

    def keep_running() -> None:
        while not stop.is_set():
            wait_end(service, start(service, session_id))
            runs["count"] += 1

    runner = threading.Thread(target=keep_running, daemon=True)
    runner.start()
    samples: list[tuple[float, float]] = []
    began = time.monotonic()
    while time.monotonic() - began < minutes * 60:
        samples.append((round((time.monotonic() - began) / 60, 2), round(heap_mib(cdp), 2)))
        time.sleep(min(30.0, minutes * 60 / 4))
    samples.append((round((time.monotonic() - began) / 60, 2), round(heap_mib(cdp), 2)))
    stop.set()
    runner.join(600)
    page.context.close()
    half = samples[len(samples) // 2 :]
    slope = 0.0
    if len(half) >= 2:
        xs, ys = [x for x, _ in half], [y for _, y in half]
        mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
        denominator = sum((x - mean_x) ** 2 for x in xs) or 1.0
        slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / denominator
    heaps = [heap for _, heap in samples]
    return {
        "minutes": minutes,
        "runs": runs["count"],
        "heap_first_mib": heaps[0],
        "heap_last_mib": heaps[-1],
        "heap_max_mib": max(heaps),
        "second_half_slope_mib_per_min": round(slope, 3),
        "samples": samples,
    }


# -- main ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def service_on(url: str, work: Path, name: str) -> Iterator[Service]:
    env = service_env(url, work / name / "data", work)
    with serve(env, work / name / "serve.log") as service:
        yield service


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--operations", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=10_000, help="files of the live-lag run")
    parser.add_argument("--minutes", type=float, default=10.0, help="duration of the memory measurement")
    parser.add_argument("--only", default="size,overview,lag,memory")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (STATIC_DIR / "index.html").is_file():
        raise SystemExit("the dashboard is not built: run `make web` first")
    only = set(args.only.split(","))
    results: dict[str, Any] = {
        "machine": f"{platform.node()}, {platform.machine()}",
        "date": datetime.now().isoformat(timespec="seconds"),
    }
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="f2l-bench-dashboard-")))
        # Databases are prepared before Playwright starts: its sync API runs an event loop of its
        # own, inside which the migrations' and the seeder's asyncio.run cannot.
        small_url = stack.enter_context(fresh_database("sqlite", work / "small"))
        upgrade_to_head(small_url)
        big_url = None
        if "overview" in only:
            big_url = stack.enter_context(fresh_database("sqlite", work / "big"))
            upgrade_to_head(big_url)
            began = time.perf_counter()
            asyncio.run(seed(big_url, Sizes(executions=args.executions, operations=args.operations, logs=20_000)))
            seconds = time.perf_counter() - began
            print(f"seeded {args.executions} runs, {args.operations} operations in {seconds:.0f} s", flush=True)
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        if only & {"size", "lag", "memory"}:
            with service_on(small_url, work, "small") as service:
                if "size" in only:
                    results["size"] = measure_size(browser, service)
                    print("size", json.dumps(results["size"]), flush=True)
                if "lag" in only:
                    results["lag"] = measure_lag(browser, service, work, args.files)
                    print("lag", json.dumps(results["lag"]), flush=True)
                if "memory" in only:
                    results["memory"] = measure_memory(browser, service, work, args.minutes)
                    print("memory", json.dumps(results["memory"]), flush=True)
        if big_url is not None:
            with service_on(big_url, work, "big") as service:
                results["overview"] = measure_overview(browser, service)
                print("overview", json.dumps(results["overview"]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
