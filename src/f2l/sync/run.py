"""The engine's one entry point: any direction — plan, guard, execute, verify — one result.

The CLI, the service's runs and previews, and the workers all call `run`. It picks the
one-way engine (`engine.run_sync`, either way round) or the bidirectional one
(`bisync_run.run_bidirectional`) from `settings.direction`, gives each its remembered
state from `PairStates`, verifies afterwards when asked, and returns a `RunResult` whose
fields mean the same whatever the direction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from f2l.storage.base import Backend
from f2l.sync.bisync import BiAction, BiOperation
from f2l.sync.bisync_run import BiResult, run_bidirectional
from f2l.sync.compare import CompareMode
from f2l.sync.engine import FileError, RunStatus, SyncResult, run_sync
from f2l.sync.options import Direction, SyncSettings
from f2l.sync.plan import Operation
from f2l.sync.progress import OutcomeCallback, Phase, ProgressCallback, ProgressTracker
from f2l.sync.state import MemoryBaseline, PairStates
from f2l.sync.verify import CheckReport, check

_BOOKKEEPING = (BiAction.RECORD, BiAction.FORGET)


@dataclass(frozen=True, slots=True)
class PlannedOperation:
    """One step of the plan that changes something, as dry runs, previews and reports show it."""

    action: str
    """`copy` or `delete` one-way; `copy_to_dest`, `delete_on_source`, `keep_dest_as_conflict`... both ways."""
    path: str
    size: int
    reason: str

    @property
    def deletes(self) -> bool:
        return self.action.startswith("delete")


@dataclass
class RunResult:
    """What a run found and did, the same fields for every direction."""

    status: RunStatus
    direction: Direction
    dry_run: bool
    operations: list[PlannedOperation] = field(default_factory=list)
    files_unchanged: int = 0
    """Files both sides hold that needed nothing."""
    files_kept: int = 0
    """Files only on the destination of a one-way copy (no mirror), left as they are."""
    files_transferred: int = 0
    bytes_transferred: int = 0
    files_deleted: int = 0
    conflicts: int = 0
    errors: list[FileError] = field(default_factory=list)
    duration_s: float = 0.0
    message: str = ""
    check: CheckReport | None = None

    @property
    def files_to_transfer(self) -> int:
        return sum(1 for op in self.operations if not op.deletes)

    @property
    def bytes_to_transfer(self) -> int:
        return sum(op.size for op in self.operations if not op.deletes)

    @property
    def files_to_delete(self) -> int:
        return sum(1 for op in self.operations if op.deletes)


async def run(
    source: Backend,
    destination: Backend,
    settings: SyncSettings,
    *,
    states: PairStates | None = None,
    progress: ProgressCallback | None = None,
    outcomes: OutcomeCallback | None = None,
) -> RunResult:
    """Run one sync between two connected backends, in `settings.direction`, and report it.

    Never raises for file-level problems (they are in `errors`); a listing error or a guard
    ends the run `failed` with nothing changed. `states` keeps the pair's baseline
    (bidirectional) or sync record (one-way) between runs; without it a run remembers
    nothing (a bidirectional run is then always a first run: it merges and deletes nothing).
    """
    started = time.monotonic()
    tracker = ProgressTracker(progress, on_outcome=outcomes)
    # The side files come from and the side they go to (both ways: as given, for verification).
    sending, receiving = (
        (destination, source) if settings.direction is Direction.DEST_TO_SOURCE else (source, destination)
    )
    if settings.direction is Direction.BIDIRECTIONAL:
        store = states.baseline(source.label, destination.label) if states else MemoryBaseline()
        both = await run_bidirectional(source, destination, settings, store, settings.conflict, tracker=tracker)
        result = _from_bidirectional(both, settings)
    else:
        records = states.record(sending.label, receiving.label) if states else None
        one_way = await run_sync(source, destination, settings, records=records, tracker=tracker)
        result = _from_one_way(one_way, settings)
    if settings.verify and not settings.dry_run and result.status is not RunStatus.FAILED:
        tracker.set_phase(Phase.VERIFYING)
        result.check = await check(
            sending,
            receiving,
            settings.filters,
            checkers=settings.checkers,
            checksum=settings.verify_checksums or settings.compare is CompareMode.CHECKSUM,
        )
        if not result.check.in_sync and result.status is RunStatus.COMPLETED:
            result.status = RunStatus.COMPLETED_WITH_DIFFERENCES
    tracker.set_phase(Phase.DONE)
    result.duration_s = round(time.monotonic() - started, 3)
    return result


def _from_one_way(result: SyncResult, settings: SyncSettings) -> RunResult:
    plan = result.plan
    return RunResult(
        result.status,
        settings.direction,
        settings.dry_run,
        operations=[_planned_one_way(op) for op in (*plan.copies, *plan.deletes)],
        files_unchanged=plan.unchanged,
        files_kept=plan.kept,
        files_transferred=result.files_transferred,
        bytes_transferred=result.bytes_transferred,
        files_deleted=result.files_deleted,
        errors=result.errors,
        message=result.message,
    )


def _planned_one_way(op: Operation) -> PlannedOperation:
    size = op.size if op.source else max(op.destination.size if op.destination else 0, 0)
    return PlannedOperation(op.action.value, op.path, size, op.reason.value)


def _from_bidirectional(result: BiResult, settings: SyncSettings) -> RunResult:
    return RunResult(
        result.status,
        settings.direction,
        settings.dry_run,
        operations=[_planned_both_ways(op) for op in result.operations if op.action not in _BOOKKEEPING],
        files_unchanged=result.unchanged,
        files_transferred=result.files_transferred,
        bytes_transferred=result.bytes_transferred,
        files_deleted=result.files_deleted,
        conflicts=result.conflicts,
        errors=result.errors,
        message=result.message,
    )


def _planned_both_ways(op: BiOperation) -> PlannedOperation:
    return PlannedOperation(op.action.value, op.path, op.size, op.reason)
