"""The list envelope of every collection route: `{"data": [...], "pagination": {page, limit, total}}`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
MAX_LIMIT = 500
"""Largest page a client may ask for: bigger requests are refused, not silently cut."""


class Pagination(BaseModel):
    """Where a page sits in its collection."""

    page: int
    limit: int
    total: int
    total_capped: bool = Field(
        False,
        description="`total` is a lower bound: counting stopped there (text searches over very large tables).",
    )


class Page(BaseModel, Generic[T]):
    """One page of a collection."""

    data: list[T]
    pagination: Pagination


class PageParams(BaseModel):
    """`page` (from 1) and `limit` (1-500) of a list request."""

    page: int = Field(1, ge=1, le=1_000_000)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


async def fetch_page(
    db: AsyncSession, query: Select[Any], params: PageParams, count_limit: int | None = None
) -> tuple[Sequence[Any], int]:
    """The rows of `query` on the requested page, and how many rows it has in all.

    With `count_limit`, counting stops after that many rows (a search that must read every
    row to count them would cost more than the page itself); the total is then at most it.
    """
    counted = query.order_by(None)
    if count_limit is not None:
        counted = counted.limit(count_limit)
    total = (await db.execute(select(func.count()).select_from(counted.subquery()))).scalar_one()
    rows = (await db.execute(query.offset(params.offset).limit(params.limit))).scalars().all()
    return rows, int(total)


def page_of(items: list[T], total: int, params: PageParams, *, capped: bool = False) -> Page[T]:
    """Wrap converted items in the envelope."""
    return Page[T](
        data=items, pagination=Pagination(page=params.page, limit=params.limit, total=total, total_capped=capped)
    )
