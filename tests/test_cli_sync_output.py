"""What `f2l sync` prints: one JSON object in every case, the same keys for every direction, one unit
convention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.storage.servers.moto import free_port
from tests.test_cli import f2l


def test_json_is_printed_when_a_side_cannot_be_reached(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    port = free_port()
    result = f2l(
        "sync", str(tmp_path / "src"), f"ftp://user:secret-pass@127.0.0.1:{port}/x", "--json", home=tmp_path
    )
    assert result.returncode == 2
    summary = json.loads(result.stdout)
    assert summary["status"] == "failed" and summary["files_transferred"] == 0
    assert [error["operation"] for error in summary["errors"]] == ["connect"]
    assert f"127.0.0.1:{port}" in summary["message"]
    assert "secret-pass" not in result.stdout + result.stderr


@pytest.mark.parametrize("direction", ["source_to_dest", "bidirectional"])
def test_the_same_keys_and_counts_for_every_direction(tmp_path: Path, direction: str) -> None:
    source, destination = tmp_path / "src", tmp_path / "dst"
    source.mkdir()
    destination.mkdir()
    (source / "same.txt").write_text("same")
    (source / "new.txt").write_text("new")
    (destination / "only-here.txt").write_text("extra")

    def sync(*extra: str) -> dict[str, object]:
        result = f2l(
            "sync", str(source), str(destination), "--direction", direction, "--json", *extra, home=tmp_path
        )
        assert result.returncode == 0, result.stderr
        summary: dict[str, object] = json.loads(result.stdout)
        return summary

    first = sync()
    assert first["direction"] == direction
    assert set(first) >= {
        "status",
        "files_transferred",
        "bytes_transferred",
        "files_deleted",
        "files_skipped",
        "files_kept",
        "conflicts",
        "errors",
        "duration_s",
        "dry_run",
        "planned",
        "message",
    }
    planned = first["planned"]
    assert isinstance(planned, dict) and set(planned) == {"copy", "delete", "bytes", "unchanged", "operations"}
    again = sync()
    assert again["files_transferred"] == 0
    assert again["files_skipped"] == again["planned"]["unchanged"]  # type: ignore[index]
    # One-way, the destination's own file is kept, not "skipped"; both ways, it came over.
    assert again["files_kept"] == (1 if direction == "source_to_dest" else 0)
    assert again["files_skipped"] == (2 if direction == "source_to_dest" else 3)


def test_text_summaries_use_the_binary_units_of_the_progress_bar(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "big.bin").write_bytes(b"x" * (3 * 1024 * 1024 + 512 * 1024))
    result = f2l("sync", str(source), str(tmp_path / "dst"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(3.5 MiB) copied" in result.stdout
