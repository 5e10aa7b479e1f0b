"""Storage-layer benchmark: F2L's S3 backend against rclone on the same moto server and data.

Run with `make bench` (or `uv run python -m bench.storage [--files N]`). It starts a moto
S3 server on a free loopback port, makes N small files (1-16 KiB) and one 64 MiB file,
then times, for each tool in the same run:

- upload of the N small files into an empty prefix (F2L: backend writes, 16 at a time;
  rclone: `copy` with its defaults, then with `--transfers 16 --checkers 16 --s3-no-head`);
- a full recursive listing of those N objects (F2L: `walk`; rclone: `lsf -R`);
- upload of one 64 MiB file (multipart), with the peak RSS of the process that did it.

This is the raw storage layer, not a sync: the engine's benchmark comes with `f2l sync`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from f2l.storage.local import LocalBackend, LocalOptions
from f2l.storage.s3 import S3Backend
from f2l.storage.s3_options import S3Options
from tests.storage.servers.moto import moto_server

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"}


def make_files(root: Path, count: int) -> int:
    """Write `count` files of 1-16 KiB in 20 folders; return the total bytes."""
    rng = random.Random(42)
    total = 0
    for index in range(count):
        size = rng.randint(1024, 16 * 1024)
        path = root / f"dir{index % 20:02d}" / f"file{index:05d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(size))
        total += size
    return total


def s3_backend(url: str, bucket: str, prefix: str) -> S3Backend:
    return S3Backend(
        S3Options(
            bucket=bucket,
            prefix=prefix,
            endpoint_url=url,
            path_style=True,
            region="us-east-1",
            access_key_id="bench",
            secret_access_key="bench",
        )
    )


async def f2l_upload(source: Path, url: str, bucket: str, prefix: str, parallel: int) -> None:
    """Copy every file of `source` to S3 through the backends, `parallel` at a time."""
    gate = asyncio.Semaphore(parallel)
    async with LocalBackend(LocalOptions(path=str(source))) as local, s3_backend(url, bucket, prefix) as s3:

        async def copy(path: str, size: int, mtime: float | None) -> None:
            async with gate:
                await s3.write(path, local.read(path), size=size, mtime=mtime)

        tasks = [asyncio.create_task(copy(e.path, e.size, e.mtime)) async for e in local.walk()]
        await asyncio.gather(*tasks)


async def f2l_list(url: str, bucket: str, prefix: str) -> int:
    async with s3_backend(url, bucket, prefix) as s3:
        return sum([1 async for _ in s3.walk()])


def timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def rclone(args: list[str], url: str) -> int:
    """Run rclone against the moto remote `moto:`; return its peak RSS in KiB."""
    env = {
        **os.environ,
        **CREDENTIALS,
        "RCLONE_CONFIG_MOTO_TYPE": "s3",
        "RCLONE_CONFIG_MOTO_PROVIDER": "Other",
        "RCLONE_CONFIG_MOTO_ENDPOINT": url,
        "RCLONE_CONFIG_MOTO_ENV_AUTH": "true",
        "RCLONE_CONFIG_MOTO_FORCE_PATH_STYLE": "true",
        "RCLONE_CONFIG": "/dev/null",
    }
    # rclone 1.60 cannot use AWS_CA_BUNDLE with its own HTTP transport; plain HTTP needs none.
    env.pop("AWS_CA_BUNDLE", None)
    return peak_rss_kib(["rclone", *args], env)


def f2l_rss_of(code: str) -> int:
    """Run `code` in a fresh Python and return its peak RSS in KiB (fair against rclone's process)."""
    return peak_rss_kib([sys.executable, "-c", code], dict(os.environ))


def peak_rss_kib(command: list[str], env: dict[str, str]) -> int:
    """Run `command` to completion through a fresh launcher and return its peak RSS in KiB.

    A launcher process per measurement, because RUSAGE_CHILDREN keeps the maximum over all
    children a process ever waited for.
    """
    launcher = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", launcher, *command], env=env, check=True, capture_output=True, text=True
    )
    return int(completed.stdout.strip().splitlines()[-1])


def run(count: int) -> dict[str, Any]:
    import boto3

    results: dict[str, Any] = {"files": count}
    with tempfile.TemporaryDirectory() as work, moto_server() as url:
        source, big = Path(work) / "small", Path(work) / "big"
        results["bytes"] = make_files(source, count)
        big.mkdir()
        (big / "big.bin").write_bytes(os.urandom(64 << 20))
        client = boto3.client(
            "s3",
            endpoint_url=url,
            **{k.lower(): v for k, v in CREDENTIALS.items() if k != "AWS_DEFAULT_REGION"},
            region_name="us-east-1",
        )
        client.create_bucket(Bucket="bench")

        results["upload_small_f2l_s"] = timed(lambda: asyncio.run(f2l_upload(source, url, "bench", "f2l", 16)))
        results["upload_small_rclone_default_s"] = timed(
            lambda: rclone(["copy", str(source), "moto:bench/rc1"], url)
        )
        results["upload_small_rclone_fast_s"] = timed(
            lambda: rclone(
                ["copy", str(source), "moto:bench/rc2", "--transfers", "16", "--checkers", "16", "--s3-no-head"],
                url,
            )
        )
        results["list_f2l_s"] = timed(lambda: asyncio.run(f2l_list(url, "bench", "f2l")))
        results["list_rclone_s"] = timed(lambda: rclone(["lsf", "-R", "moto:bench/f2l"], url))

        code = (
            "import asyncio; from pathlib import Path; from bench.storage import f2l_upload; "
            f"asyncio.run(f2l_upload(Path({str(big)!r}), {url!r}, 'bench', 'big-f2l', 4))"
        )
        started = time.perf_counter()
        results["upload_64mib_f2l_rss_kib"] = f2l_rss_of(code)
        results["upload_64mib_f2l_s"] = time.perf_counter() - started
        started = time.perf_counter()
        results["upload_64mib_rclone_rss_kib"] = rclone(["copy", str(big), "moto:bench/big-rc"], url)
        results["upload_64mib_rclone_s"] = time.perf_counter() - started
    return results


def report(results: dict[str, Any]) -> str:
    best_rclone_upload = min(results["upload_small_rclone_default_s"], results["upload_small_rclone_fast_s"])
    lines = [
        f"{results['files']} small files, {results['bytes'] / 1e6:.1f} MB, local -> moto S3",
        f"  upload   F2L {results['upload_small_f2l_s']:.2f} s | rclone default "
        f"{results['upload_small_rclone_default_s']:.2f} s, fast {results['upload_small_rclone_fast_s']:.2f} s"
        f" | F2L/rclone-best = {results['upload_small_f2l_s'] / best_rclone_upload:.2f}",
        f"  list     F2L {results['list_f2l_s']:.2f} s | rclone {results['list_rclone_s']:.2f} s"
        f" | ratio {results['list_f2l_s'] / results['list_rclone_s']:.2f}",
        "1 x 64 MiB local -> moto S3 (multipart)",
        f"  time     F2L {results['upload_64mib_f2l_s']:.2f} s | rclone {results['upload_64mib_rclone_s']:.2f} s",
        f"  peak RSS F2L {results['upload_64mib_f2l_rss_kib'] / 1024:.0f} MiB | rclone "
        f"{results['upload_64mib_rclone_rss_kib'] / 1024:.0f} MiB",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="number of small files (default 2000)")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args()
    results = run(args.files)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
