"""`/metrics`: Prometheus figures computed from the database at each scrape.

It answers without authentication, like the probes, so a scraper needs no account: outside a
trusted network, let the reverse proxy restrict who may reach it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, Response
from prometheus_client import CollectorRegistry
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric, SummaryMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.api.deps import Db
from f2l.db import dialect
from f2l.db.models import Endpoint, SyncExecution
from f2l.db.statuses import ACTIVE_STATUSES, FINAL_STATUSES
from f2l.services.stats import STATUSES

router = APIRouter(tags=["health"])


class _Snapshot(Collector):
    """Metrics from figures read beforehand: `collect` is synchronous, the database is not."""

    def __init__(self, figures: dict[str, Any]) -> None:
        self.figures = figures

    def collect(self) -> Iterable[Metric]:
        figures = self.figures
        # Gauges, although named `_total`: purged runs leave, so the values can go down.
        executions = GaugeMetricFamily("f2l_executions_total", "Runs stored, by status.", labels=["status"])
        for status, count in sorted(figures["by_status"].items()):
            executions.add_metric([status], count)
        yield executions
        yield GaugeMetricFamily(
            "f2l_bytes_transferred_total", "Bytes moved by the stored runs.", value=figures["bytes"]
        )
        yield GaugeMetricFamily(
            "f2l_files_transferred_total", "Files copied by the stored runs.", value=figures["files"]
        )
        yield SummaryMetricFamily(
            "f2l_execution_duration_seconds",
            "Wall time of the finished runs, from start to end.",
            count_value=figures["duration_count"],
            sum_value=figures["duration_sum"],
        )
        yield GaugeMetricFamily("f2l_active_executions", "Runs queued or running.", value=figures["active"])
        endpoints = GaugeMetricFamily(
            "f2l_endpoints", "Endpoints by type and connection status.", labels=["type", "status"]
        )
        for (kind, status), count in sorted(figures["endpoints"].items()):
            endpoints.add_metric([kind, status], count)
        yield endpoints


async def _figures(db: AsyncSession) -> dict[str, Any]:
    by_status = dict.fromkeys(STATUSES, 0)  # every status present, so a series never vanishes at zero
    grouped = await db.execute(select(SyncExecution.status, func.count()).group_by(SyncExecution.status))
    by_status.update({status: int(count) for status, count in grouped.all()})
    moved, files = (
        await db.execute(
            select(
                func.coalesce(func.sum(SyncExecution.bytes_transferred), 0),
                func.coalesce(func.sum(SyncExecution.files_synced), 0),
            )
        )
    ).one()
    count, total = (
        await db.execute(
            select(
                func.count(),
                func.coalesce(
                    func.sum(dialect.seconds_between(db, SyncExecution.started_at, SyncExecution.finished_at)), 0
                ),
            ).where(
                SyncExecution.status.in_(FINAL_STATUSES),
                SyncExecution.started_at.is_not(None),
                SyncExecution.finished_at.is_not(None),
            )
        )
    ).one()
    endpoints = (
        await db.execute(
            select(Endpoint.endpoint_type, Endpoint.connection_status, func.count()).group_by(
                Endpoint.endpoint_type, Endpoint.connection_status
            )
        )
    ).all()
    return {
        "by_status": by_status,
        "bytes": int(moved),
        "files": int(files),
        "duration_count": int(count),
        "duration_sum": float(total),
        "active": sum(by_status.get(status, 0) for status in ACTIVE_STATUSES),
        "endpoints": {(kind, status): int(n) for kind, status, n in endpoints},
    }


@router.get(
    "/metrics",
    operation_id="metrics-read",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format 0.0.4."}},
)
async def read_metrics(db: Db) -> Response:
    """Prometheus metrics (no sign-in: protect this path at the reverse proxy when exposed)."""
    registry = CollectorRegistry(auto_describe=False)  # one per scrape: nothing shared between requests
    registry.register(_Snapshot(await _figures(db)))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_PLAIN_0_0_4)
