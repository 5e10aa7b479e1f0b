"""`f2l sync` against `rclone sync` on the same loopback servers and data, in one run.

    uv run python -m bench.sync [--files 5000] [--compare-files 200000] [--json out.json]

Scenarios (each tool as a fresh process; wall time and peak RSS of that process):
  small→s3       N small files (1-16 KiB) local → moto S3
  rerun→s3       the same sync again, nothing changed (pure scan + compare), and the bare listing
  s3→local       N small files S3 → local
  small→sftp     --sftp-files small files local → OpenSSH sshd (needs root; skipped otherwise)
  big→s3         4 × 64 MiB local → S3
  compare-local  a no-change sync of M local files (peak RSS)
rclone runs with its defaults and with its fastest flags (`--transfers 16 --checkers 16`,
plus `--s3-no-head --checksum` for S3, as the issue names them, and
`--sftp-disable-hashcheck` for SFTP). F2L runs with
`--transfers 16 --checkers 16`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3

from bench.storage import make_files, peak_rss_kib
from tests.storage.servers.moto import moto_server
from tests.storage.servers.sshd import new_key, private_key_text, sshd_server

F2L = str(Path(sys.executable).parent / "f2l")
AWS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"}
F2L_FLAGS = ["--transfers", "16", "--checkers", "16"]
RCLONE_FAST = ["--transfers", "16", "--checkers", "16"]
RCLONE_S3_FAST = [*RCLONE_FAST, "--s3-no-head", "--checksum"]
RCLONE_SFTP_FAST = [*RCLONE_FAST, "--sftp-disable-hashcheck"]


def timed_run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run `command`; return (wall seconds, peak RSS MiB)."""
    started = time.perf_counter()
    rss = peak_rss_kib(command, env)
    return round(time.perf_counter() - started, 2), rss // 1024


class Tools:
    """How to call each tool against the servers of this run."""

    def __init__(self, s3_url: str, sftp: dict[str, str] | None) -> None:
        self.s3_url = s3_url
        self.sftp = sftp
        self.env = {**os.environ, **AWS}
        self.env.pop("AWS_CA_BUNDLE", None)  # rclone 1.60 cannot combine it with its transport
        self.env.update(
            {
                "RCLONE_CONFIG": "/dev/null",
                "RCLONE_CONFIG_S3_TYPE": "s3",
                "RCLONE_CONFIG_S3_PROVIDER": "Other",
                "RCLONE_CONFIG_S3_ENDPOINT": s3_url,
                "RCLONE_CONFIG_S3_ENV_AUTH": "true",
                "RCLONE_CONFIG_S3_FORCE_PATH_STYLE": "true",
            }
        )
        if sftp:
            self.env.update(
                {
                    "RCLONE_CONFIG_SSH_TYPE": "sftp",
                    "RCLONE_CONFIG_SSH_HOST": "127.0.0.1",
                    "RCLONE_CONFIG_SSH_PORT": sftp["port"],
                    "RCLONE_CONFIG_SSH_USER": "root",
                    "RCLONE_CONFIG_SSH_KEY_FILE": sftp["key"],
                    "RCLONE_CONFIG_SSH_KNOWN_HOSTS_FILE": sftp["known_hosts"],
                }
            )

    def f2l(self, source: str, destination: str) -> tuple[float, int]:
        extra = ["--s3-endpoint-url", self.s3_url]
        if self.sftp:
            extra += ["--sftp-key", self.sftp["key"], "--sftp-known-hosts", self.sftp["known_hosts"]]
        return timed_run([F2L, "sync", source, destination, *F2L_FLAGS, *extra, "--json"], self.env)

    def rclone(self, source: str, destination: str, flags: list[str]) -> tuple[float, int]:
        return timed_run(["rclone", "sync", source, destination, *flags], self.env)

    def f2l_url(self, bucket: str, prefix: str) -> str:
        return f"s3://{bucket}/{prefix}"

    def sftp_url(self, folder: str) -> str:
        assert self.sftp is not None
        return f"sftp://root@127.0.0.1:{self.sftp['port']}{folder}"


@contextmanager
def servers(work: Path) -> Iterator[Tools]:
    with moto_server() as s3_url:
        boto3.client(
            "s3",
            endpoint_url=s3_url,
            region_name="us-east-1",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
        ).create_bucket(Bucket="bench")
        if os.geteuid() != 0 or not Path("/usr/sbin/sshd").exists():
            yield Tools(s3_url, None)
            return
        key = new_key()
        (work / "id").write_text(private_key_text(key))
        (work / "id").chmod(0o600)
        with sshd_server(work / "sshd", [key]) as info:
            (work / "known_hosts").write_text(info.known_hosts)
            yield Tools(
                s3_url,
                {
                    "port": str(info.port),
                    "key": str(work / "id"),
                    "known_hosts": str(work / "known_hosts"),
                    "home": str(info.root),
                },
            )


def small_files_scenarios(tools: Tools, source: Path, results: dict[str, Any]) -> None:
    results["small_to_s3"] = {
        "f2l": tools.f2l(str(source), tools.f2l_url("bench", "f2l")),
        "rclone_default": tools.rclone(str(source), "s3:bench/rc-default", []),
        "rclone_fast": tools.rclone(str(source), "s3:bench/rc-fast", RCLONE_S3_FAST),
    }
    results["rerun_s3"] = {
        "f2l": tools.f2l(str(source), tools.f2l_url("bench", "f2l")),
        "rclone_default": tools.rclone(str(source), "s3:bench/rc-default", []),
        "rclone_fast": tools.rclone(str(source), "s3:bench/rc-fast", RCLONE_S3_FAST),
        "bare_listing_rclone": timed_run(["rclone", "lsf", "-R", "--fast-list", "s3:bench/f2l"], tools.env),
        "bare_listing_f2l": timed_run(
            [F2L, "ls", "-R", "s3://bench/f2l", "--s3-endpoint-url", tools.s3_url], tools.env
        ),
    }
    with tempfile.TemporaryDirectory() as down:
        results["s3_to_local"] = {
            "f2l": tools.f2l(tools.f2l_url("bench", "f2l"), f"{down}/f2l"),
            "rclone_default": tools.rclone("s3:bench/f2l", f"{down}/rc-default", []),
            "rclone_fast": tools.rclone("s3:bench/f2l", f"{down}/rc-fast", RCLONE_S3_FAST),
        }


def sftp_scenario(tools: Tools, source: Path, results: dict[str, Any]) -> None:
    assert tools.sftp is not None
    home = tools.sftp["home"]
    results["small_to_sftp"] = {
        "f2l": tools.f2l(str(source), tools.sftp_url(f"{home}/f2l")),
        "rclone_default": tools.rclone(str(source), f"ssh:{home}/rc-default", []),
        "rclone_fast": tools.rclone(str(source), f"ssh:{home}/rc-fast", RCLONE_SFTP_FAST),
    }


def big_files_scenario(tools: Tools, work: Path, results: dict[str, Any]) -> None:
    big = work / "big"
    big.mkdir()
    for index in range(4):
        with open(big / f"big{index}.bin", "wb") as handle:
            for _ in range(64):
                handle.write(os.urandom(1 << 20))
    results["big_to_s3"] = {
        "f2l": tools.f2l(str(big), tools.f2l_url("bench", "big-f2l")),
        "rclone_default": tools.rclone(str(big), "s3:bench/big-rc-default", []),
        "rclone_fast": tools.rclone(str(big), "s3:bench/big-rc-fast", RCLONE_S3_FAST),
    }


def compare_scenario(tools: Tools, work: Path, count: int, results: dict[str, Any]) -> None:
    tree, copy = work / "many", work / "many-copy"
    for index in range(count):
        path = tree / f"d{index % 400:03d}" / f"f{index:06d}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    subprocess.run(["cp", "-a", str(tree), str(copy)], check=True)
    results["compare_local"] = {
        "files": count,
        "f2l": tools.f2l(str(tree), str(copy)),
        "rclone_default": tools.rclone(str(tree), str(copy), []),
    }


def report(results: dict[str, Any]) -> str:
    lines = []
    for name, row in results.items():
        if not isinstance(row, dict) or "f2l" not in row:
            continue
        rclone = {k: v for k, v in row.items() if k.startswith("rclone")}
        best = min(time_s for time_s, _ in rclone.values())
        cells = " | ".join(f"{k} {t:.2f} s {rss} MiB" for k, (t, rss) in rclone.items())
        f2l_time, f2l_rss = row["f2l"]
        lines.append(f"{name:14} f2l {f2l_time:.2f} s {f2l_rss} MiB | {cells} | f2l/best {f2l_time / best:.2f}")
        for extra in ("bare_listing_rclone", "bare_listing_f2l"):
            if extra in row:
                lines.append(f"{'':14} {extra} {row[extra][0]:.2f} s")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument(
        "--sftp-files",
        type=int,
        default=1000,
        help="small files for the SFTP scenario (rclone's default needs ~0.1 s a file here)",
    )
    parser.add_argument("--compare-files", type=int, default=200_000)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument(
        "--only",
        action="append",
        choices=["small", "sftp", "big", "compare"],
        help="run only these scenarios (repeatable); default: all",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    chosen = set(args.only or ["small", "sftp", "big", "compare"])
    results: dict[str, Any] = {"files": args.files}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        make_files(work / "small", args.files if "small" in chosen else 0)
        make_files(work / "sftp-small", args.sftp_files if "sftp" in chosen else 0)
        with servers(work) as tools:
            if "small" in chosen:
                small_files_scenarios(tools, work / "small", results)
            if tools.sftp and "sftp" in chosen:
                sftp_scenario(tools, work / "sftp-small", results)
            if not args.skip_big and "big" in chosen:
                big_files_scenario(tools, work, results)
            if args.compare_files and "compare" in chosen:
                compare_scenario(tools, work, args.compare_files, results)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
