"""Users and sign-in: first-run setup, login, refresh-token rotation, logout, user administration."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.config import Settings
from f2l.db.models import AppSetting, RefreshToken, User, utc_now
from f2l.security.passwords import check_password_policy, hash_password, verify_password_or_dummy
from f2l.security.tokens import InvalidTokenError, TokenClaims, decode_token, issue_token
from f2l.services.errors import AuthenticationError, ConflictError, FieldError, NotFoundError
from f2l.services.pagination import PageParams, fetch_page


class Role(StrEnum):
    """What a user may do: `viewer` reads, `operator` also edits and runs, `admin` also manages users."""

    ADMIN = "admin"
    OPERATOR = "operator"
    VIEWER = "viewer"


ROLE_RANK: dict[str, int] = {Role.VIEWER: 0, Role.OPERATOR: 1, Role.ADMIN: 2}
SETUP_MARKER = "setup_completed"
LOGIN_FAILED = "wrong user name or password"  # one message: it must not reveal whether the user exists
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,149}$"


class Credentials(BaseModel):
    """A user name and password (setup and login)."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=150, pattern=USERNAME_PATTERN)
    password: str = Field(min_length=1, max_length=1024)


class UserCreate(Credentials):
    """A new user, created by an admin."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    role: Role = Role.VIEWER


class UserUpdate(BaseModel):
    """Changes to a user: only the fields sent change."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    password: str | None = Field(None, min_length=1, max_length=1024)
    role: Role | None = None
    is_active: bool | None = None


class UserRead(BaseModel):
    """A user as answered (never the password hash)."""

    id: uuid.UUID
    username: str
    role: Role
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class TokenPair(BaseModel):
    """What a login or a refresh answers."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    user: UserRead


class RefreshRequest(BaseModel):
    """A refresh token sent in the body (tools); browsers send the cookie instead."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str | None = Field(None, max_length=4096)


def user_read(user: User) -> UserRead:
    """The user as answered."""
    return UserRead(
        id=user.id,
        username=user.username,
        role=user.role,
        is_active=user.is_active,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
    )


async def setup_first_admin(db: AsyncSession, data: Credentials) -> User:
    """Create the first admin; refused (409) once any user exists, even under concurrent calls."""
    _check_password(data.password)
    if (await db.execute(select(func.count()).select_from(User))).scalar_one() > 0:
        raise ConflictError("setup is already done: sign in, or ask an admin for an account")
    # The marker row's primary key makes a second, concurrent setup fail at commit.
    db.add(AppSetting(key=SETUP_MARKER, value=True))
    user = User(
        id=uuid.uuid4(), username=data.username, password_hash=hash_password(data.password), role=Role.ADMIN.value
    )
    db.add(user)
    try:
        await db.commit()
    except IntegrityError:
        await db.rollback()
        raise ConflictError("setup is already done: sign in, or ask an admin for an account") from None
    return user


async def setup_required(db: AsyncSession) -> bool:
    """Whether no user exists yet (the dashboard then shows the setup form)."""
    return (await db.execute(select(func.count()).select_from(User))).scalar_one() == 0


async def authenticate(db: AsyncSession, data: Credentials) -> User:
    """The active user with these credentials, else `AuthenticationError` (one answer for every failure)."""
    user = (await db.execute(select(User).where(User.username == data.username))).scalar_one_or_none()
    # Verify against a dummy hash for unknown users: the time taken must not tell them apart.
    valid = verify_password_or_dummy(user.password_hash if user else None, data.password)
    if user is None or not valid or not user.is_active:
        raise AuthenticationError(LOGIN_FAILED)
    user.last_login_at = utc_now()
    await db.commit()
    return user


async def issue_tokens(
    db: AsyncSession, key: bytes, settings: Settings, user: User, family: str | None = None
) -> TokenPair:
    """A new access token and refresh token; the refresh token is remembered for rotation."""
    access_life = timedelta(minutes=settings.access_token_minutes)
    access, _ = issue_token(key, str(user.id), user.role, "access", access_life)
    refresh, claims = issue_token(
        key, str(user.id), user.role, "refresh", timedelta(days=settings.refresh_token_days), family=family
    )
    assert claims.family is not None
    db.add(RefreshToken(jti=claims.jti, user_id=user.id, family=claims.family, expires_at=claims.expires_at))
    await db.commit()
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(access_life.total_seconds()),
        user=user_read(user),
    )


async def rotate_refresh_token(db: AsyncSession, key: bytes, settings: Settings, token: str) -> TokenPair:
    """Trade a refresh token for a new pair. A token used twice revokes its whole family (theft)."""
    claims = _decode(key, token, "refresh")
    stored = await db.get(RefreshToken, claims.jti)
    if stored is None or stored.revoked_at is not None:
        raise AuthenticationError("refresh token revoked: sign in again")
    if stored.used_at is not None:
        await _revoke_family(db, stored.family)
        raise AuthenticationError("refresh token already used: all sessions of this sign-in are revoked")
    user = await db.get(User, stored.user_id)
    if user is None or not user.is_active:
        raise AuthenticationError("account disabled")
    claimed = await db.execute(
        update(RefreshToken)
        .where(RefreshToken.jti == claims.jti, RefreshToken.used_at.is_(None))
        .values(used_at=utc_now())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # a concurrent refresh won the race
        await _revoke_family(db, stored.family)
        raise AuthenticationError("refresh token already used: all sessions of this sign-in are revoked")
    return await issue_tokens(db, key, settings, user, family=stored.family)


async def logout(db: AsyncSession, key: bytes, token: str | None) -> None:
    """Revoke the refresh token's family (a missing or invalid token is ignored: logging out always works)."""
    if not token:
        return
    try:
        claims = _decode(key, token, "refresh")
    except AuthenticationError:
        return
    if claims.family:
        await _revoke_family(db, claims.family)


async def user_for_token(db: AsyncSession, key: bytes, token: str) -> User:
    """The active user an access token stands for, or `AuthenticationError`."""
    claims = _decode(key, token, "access")
    try:
        user_id = uuid.UUID(claims.subject)
    except ValueError:
        raise AuthenticationError("invalid token") from None
    user = await db.get(User, user_id)
    if user is None or not user.is_active:
        raise AuthenticationError("invalid token")
    return user


async def create_user(db: AsyncSession, data: UserCreate) -> User:
    """Create a user; a taken name is a conflict."""
    _check_password(data.password)
    user = User(
        id=uuid.uuid4(), username=data.username, password_hash=hash_password(data.password), role=data.role
    )
    db.add(user)
    try:
        await db.commit()
    except IntegrityError:
        await db.rollback()
        raise ConflictError(f"username: {data.username!r} is taken") from None
    return user


async def list_users(db: AsyncSession, params: PageParams) -> tuple[list[User], int]:
    """A page of users by name."""
    query: Select[Any] = select(User).order_by(User.username)
    rows, total = await fetch_page(db, query, params)
    return list(rows), total


async def get_user(db: AsyncSession, user_id: uuid.UUID) -> User:
    """The user, or `NotFoundError`."""
    user = await db.get(User, user_id)
    if user is None:
        raise NotFoundError(f"user {user_id} not found")
    return user


async def update_user(db: AsyncSession, user_id: uuid.UUID, data: UserUpdate, acting: User) -> User:
    """Change role, password or active flag; the last active admin cannot be demoted or disabled."""
    user = await get_user(db, user_id)
    demoting = (data.role is not None and data.role != Role.ADMIN) or data.is_active is False
    if user.role == Role.ADMIN and demoting and await _active_admins(db) <= 1:
        raise ConflictError("this is the last active admin: promote another user first")
    if data.password is not None:
        _check_password(data.password)
        user.password_hash = hash_password(data.password)
        await _revoke_user_tokens(db, user.id)
    if data.role is not None:
        user.role = data.role
    if data.is_active is not None:
        user.is_active = data.is_active
        if not data.is_active:
            await _revoke_user_tokens(db, user.id)
    await db.commit()
    return user


async def delete_user(db: AsyncSession, user_id: uuid.UUID, acting: User) -> None:
    """Delete a user; never yourself, never the last admin."""
    user = await get_user(db, user_id)
    if user.id == acting.id:
        raise ConflictError("you cannot delete your own account")
    if user.role == Role.ADMIN and await _active_admins(db) <= 1:
        raise ConflictError("this is the last active admin")
    await db.delete(user)
    await db.commit()


def _check_password(password: str) -> None:
    problem = check_password_policy(password)
    if problem:
        raise FieldError.one("password", problem)


def _decode(key: bytes, token: str, expected: Literal["access", "refresh"]) -> TokenClaims:
    try:
        return decode_token(key, token, expected)
    except InvalidTokenError as error:
        raise AuthenticationError(str(error)) from None


async def _revoke_family(db: AsyncSession, family: str) -> None:
    await db.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utc_now())
    )
    await db.commit()


async def _revoke_user_tokens(db: AsyncSession, user_id: uuid.UUID) -> None:
    await db.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utc_now())
    )


async def _active_admins(db: AsyncSession) -> int:
    query = select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.is_active.is_(True))
    return int((await db.execute(query)).scalar_one())
