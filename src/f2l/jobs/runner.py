"""Where executions run. `InProcessRunner` runs them as tasks of the service's event loop, at most
`MAX_CONCURRENT_EXECUTIONS` at once; a Celery runner will implement the same interface."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class Runner(Protocol):
    """Executes queued executions (the database row says what to do; the runner only schedules work)."""

    async def submit(self, execution_id: uuid.UUID) -> None:
        """Run the execution once a slot is free."""
        ...

    async def cancel(self, execution_id: uuid.UUID) -> None:
        """Stop the execution promptly if it runs here (the database flag reaches it elsewhere)."""
        ...

    def active(self) -> list[uuid.UUID]:
        """Executions submitted here and not finished."""
        ...

    async def set_limit(self, max_concurrent: int) -> None:
        """How many executions may run at once from now on."""
        ...

    async def shutdown(self) -> None:
        """Stop every execution (they end `interrupted`) and wait for them."""
        ...


class InProcessRunner:
    """Runs executions as asyncio tasks in this process, bounded by a semaphore."""

    def __init__(self, work: Callable[[uuid.UUID], Awaitable[Any]], max_concurrent: int) -> None:
        self._work = work
        self._limit = max_concurrent
        self._running = 0
        self._turn = asyncio.Condition()
        self._tasks: dict[uuid.UUID, asyncio.Task[None]] = {}

    async def set_limit(self, max_concurrent: int) -> None:
        """Change how many run at once (an admin setting); waiting runs start if the limit grew."""
        self._limit = max_concurrent
        async with self._turn:
            self._turn.notify_all()

    async def submit(self, execution_id: uuid.UUID) -> None:
        if execution_id in self._tasks:
            return
        task = asyncio.create_task(self._run(execution_id), name=f"execution-{execution_id}")
        self._tasks[execution_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(execution_id, None))

    async def _run(self, execution_id: uuid.UUID) -> None:
        async with self._turn:
            await self._turn.wait_for(lambda: self._running < self._limit)
            self._running += 1
        try:
            await self._work(execution_id)
        except asyncio.CancelledError:
            raise
        except Exception:  # the job records its own failures; this is the last line of defence
            logger.exception("execution %s crashed", execution_id)
        finally:
            async with self._turn:
                self._running -= 1
                self._turn.notify_all()

    async def cancel(self, execution_id: uuid.UUID) -> None:
        # The job watches the database flag and cancels its own work within a second, so it
        # can record `cancelled`; cancelling the task here would make it `interrupted`.
        return

    def active(self) -> list[uuid.UUID]:
        return list(self._tasks)

    async def shutdown(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=30)
