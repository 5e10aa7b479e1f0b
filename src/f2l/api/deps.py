"""FastAPI dependencies: the service state, a database session, the signed-in user and role checks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.api.state import ServiceState
from f2l.db.models import User
from f2l.services.errors import AuthenticationError, PermissionDeniedError
from f2l.services.pagination import MAX_LIMIT, PageParams
from f2l.services.users import ROLE_RANK, Role, user_for_token

ACCESS_COOKIE = "f2l_access"
REFRESH_COOKIE = "f2l_refresh"

BEARER_SCHEME = "bearerAuth"
"""The OpenAPI security scheme of the access token in `Authorization: Bearer …` (tools, generated clients)."""
COOKIE_SCHEME = "cookieAuth"
"""The OpenAPI security scheme of the access token in the sign-in cookie (the browser)."""
SECURITY: list[dict[str, list[str]]] = [{BEARER_SCHEME: []}, {COOKIE_SCHEME: []}]
"""An operation's security requirement: either scheme (for routes that authenticate on their own)."""

# auto_error=False: either one may be absent; `current_user` answers 401 when both are.
bearer_scheme = HTTPBearer(
    scheme_name=BEARER_SCHEME,
    bearerFormat="JWT",
    description="The access token of `POST /auth/login` or `/auth/refresh`: `Authorization: Bearer <token>`.",
    auto_error=False,
)
cookie_scheme = APIKeyCookie(
    name=ACCESS_COOKIE,
    scheme_name=COOKIE_SCHEME,
    description="The HTTP-only cookie `POST /auth/login` sets for the browser (the same access token).",
    auto_error=False,
)


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


async def current_user(
    request: Request,
    state: State,
    db: Db,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(cookie_scheme)],
) -> User:
    """The signed-in user, or 401: the token of `Authorization: Bearer …` (tools), else the cookie (browser)."""
    token = (bearer.credentials.strip() if bearer else "") or cookie or None
    if token is None:
        raise AuthenticationError("not signed in: send a Bearer token or sign in")
    user = await user_for_token(db, state.secret_key, token)
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(role: Role) -> Callable[[User], Coroutine[Any, Any, User]]:
    """A dependency that lets through users with `role` or a higher one (viewer < operator < admin)."""

    async def check(user: CurrentUser) -> User:
        if ROLE_RANK.get(user.role, -1) < ROLE_RANK[role]:
            raise PermissionDeniedError(f"this needs the {role} role (you are {user.role})")
        return user

    return check


Viewer = Annotated[User, Depends(require_role(Role.VIEWER))]
Operator = Annotated[User, Depends(require_role(Role.OPERATOR))]
Admin = Annotated[User, Depends(require_role(Role.ADMIN))]


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
