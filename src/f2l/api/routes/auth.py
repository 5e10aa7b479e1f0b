"""`/auth`: first-run setup, login, token refresh, logout, the current user."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel

from f2l.api.deps import ACCESS_COOKIE, REFRESH_COOKIE, CurrentUser, Db, State, client_key
from f2l.services import users
from f2l.services.errors import AuthenticationError, RateLimitedError
from f2l.services.users import Credentials, RefreshRequest, TokenPair, UserRead

router = APIRouter(prefix="/auth", tags=["auth"])


class SetupStatus(BaseModel):
    """Whether the first admin still has to be created."""

    setup_required: bool


@router.get("/status", operation_id="auth-status")
async def read_setup_status(db: Db) -> SetupStatus:
    """Whether first-run setup is still open (no user exists)."""
    return SetupStatus(setup_required=await users.setup_required(db))


@router.post(
    "/setup",
    status_code=status.HTTP_201_CREATED,
    operation_id="auth-setup",
    responses={409: {"description": "A user already exists."}},
)
async def setup(data: Credentials, db: Db) -> UserRead:
    """Create the first admin. Refused once any user exists."""
    return users.user_read(await users.setup_first_admin(db, data))


@router.post(
    "/login",
    operation_id="auth-login",
    responses={401: {"description": "Wrong credentials."}, 429: {"description": "Too many attempts."}},
)
async def login(data: Credentials, request: Request, response: Response, db: Db, state: State) -> TokenPair:
    """Sign in: tokens in the body (for tools) and as HTTP-only cookies (for the browser)."""
    for key in (f"ip:{client_key(request)}", f"user:{data.username.lower()}"):
        wait = state.login_limiter.hit(key)
        if wait:
            raise RateLimitedError(f"too many sign-in attempts; try again in {wait} s", wait)
    user = await users.authenticate(db, data)
    state.login_limiter.reset(f"user:{data.username.lower()}")
    pair = await users.issue_tokens(db, state.secret_key, state.settings, user)
    _set_cookies(request, response, pair, state.settings.refresh_token_days)
    return pair


@router.post("/refresh", operation_id="auth-refresh", responses={401: {"description": "Invalid refresh token."}})
async def refresh(
    request: Request, response: Response, db: Db, state: State, data: RefreshRequest | None = None
) -> TokenPair:
    """Trade a refresh token (body or cookie) for a new pair; each refresh token works once."""
    token = (data.refresh_token if data else None) or request.cookies.get(REFRESH_COOKIE)
    if not token:
        raise AuthenticationError("no refresh token: send it in the body or sign in again")
    pair = await users.rotate_refresh_token(db, state.secret_key, state.settings, token)
    _set_cookies(request, response, pair, state.settings.refresh_token_days)
    return pair


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, operation_id="auth-logout")
async def logout(
    request: Request, response: Response, db: Db, state: State, data: RefreshRequest | None = None
) -> None:
    """Revoke the refresh token's sign-in and clear the cookies."""
    token = (data.refresh_token if data else None) or request.cookies.get(REFRESH_COOKIE)
    await users.logout(db, state.secret_key, token)
    response.delete_cookie(ACCESS_COOKIE, path="/")
    response.delete_cookie(REFRESH_COOKIE, path="/api/v1/auth")


@router.get("/me", operation_id="auth-me")
async def read_me(user: CurrentUser) -> UserRead:
    """The signed-in user."""
    return users.user_read(user)


def _set_cookies(request: Request, response: Response, pair: TokenPair, refresh_days: int) -> None:
    secure = request.url.scheme == "https"  # Secure behind TLS; plain http on loopback would drop it
    response.set_cookie(
        ACCESS_COOKIE,
        pair.access_token,
        max_age=pair.expires_in,
        httponly=True,
        secure=secure,
        samesite="strict",
        path="/",
    )
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh_token,
        max_age=refresh_days * 86400,
        httponly=True,
        secure=secure,
        samesite="strict",
        path="/api/v1/auth",
    )
