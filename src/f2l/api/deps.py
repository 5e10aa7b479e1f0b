"""FastAPI dependencies: the service state, a database session, the signed-in user and role checks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.api.state import ServiceState
from f2l.db.models import User
from f2l.services.errors import AuthenticationError, PermissionDeniedError
from f2l.services.pagination import MAX_LIMIT, PageParams
from f2l.services.users import ROLE_RANK, user_for_token

ACCESS_COOKIE = "f2l_access"
REFRESH_COOKIE = "f2l_refresh"


def get_state(request: Request) -> ServiceState:
    """The service state of this process."""
    state: ServiceState = request.app.state.f2l
    return state


State = Annotated[ServiceState, Depends(get_state)]


async def get_db(state: State) -> AsyncIterator[AsyncSession]:
    """A database session for one request."""
    async with state.sessionmaker() as session:
        yield session


Db = Annotated[AsyncSession, Depends(get_db)]


def bearer_token(request: Request) -> str | None:
    """The access token of a request: `Authorization: Bearer …` (tools) or the HTTP-only cookie (browser)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get(ACCESS_COOKIE) or None


async def current_user(request: Request, state: State, db: Db) -> User:
    """The signed-in user, or 401."""
    token = bearer_token(request)
    if token is None:
        raise AuthenticationError("not signed in: send a Bearer token or sign in")
    user = await user_for_token(db, state.secret_key, token)
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(role: str) -> Callable[[User], Coroutine[Any, Any, User]]:
    """A dependency that lets through users with `role` or a higher one (viewer < operator < admin)."""

    async def check(user: CurrentUser) -> User:
        if ROLE_RANK.get(user.role, -1) < ROLE_RANK[role]:
            raise PermissionDeniedError(f"this needs the {role} role (you are {user.role})")
        return user

    return check


Viewer = Annotated[User, Depends(require_role("viewer"))]
Operator = Annotated[User, Depends(require_role("operator"))]
Admin = Annotated[User, Depends(require_role("admin"))]


def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
) -> PageParams:
    """`page` and `limit` query parameters."""
    return PageParams(page=page, limit=limit)


Paging = Annotated[PageParams, Depends(page_params)]


def client_key(request: Request) -> str:
    """Who a rate limit counts: the client's address (F2L sits behind at most a configured proxy)."""
    return request.client.host if request.client else "unknown"
