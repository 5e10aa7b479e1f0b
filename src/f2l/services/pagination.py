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


async def fetch_page(db: AsyncSession, query: Select[Any], params: PageParams) -> tuple[Sequence[Any], int]:
    """The rows of `query` on the requested page, and how many rows it has in all."""
    total = (await db.execute(select(func.count()).select_from(query.order_by(None).subquery()))).scalar_one()
    rows = (await db.execute(query.offset(params.offset).limit(params.limit))).scalars().all()
    return rows, int(total)


def page_of(items: list[T], total: int, params: PageParams) -> Page[T]:
    """Wrap converted items in the envelope."""
    return Page[T](data=items, pagination=Pagination(page=params.page, limit=params.limit, total=total))
