"""`/users`: accounts, managed by admins."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from f2l.api.audit import Audit
from f2l.api.deps import Admin, Db, Paging
from f2l.services import users
from f2l.services.pagination import Page, page_of
from f2l.services.users import UserCreate, UserRead, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", operation_id="users-list")
async def list_users(db: Db, admin: Admin, paging: Paging) -> Page[UserRead]:
    """Every account, by name."""
    rows, total = await users.list_users(db, paging)
    return page_of([users.user_read(row) for row in rows], total, paging)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="users-create",
    responses={409: {"description": "The name is taken."}},
)
async def create_user(data: UserCreate, db: Db, admin: Admin, audit: Audit) -> UserRead:
    """Create an account with a role: admin, operator or viewer."""
    user = await users.create_user(db, data)
    await audit(f"user {user.username!r} created as {user.role}")
    return users.user_read(user)


@router.get("/{user_id}", operation_id="users-read", responses={404: {"description": "No such user."}})
async def read_user(user_id: uuid.UUID, db: Db, admin: Admin) -> UserRead:
    """One account."""
    return users.user_read(await users.get_user(db, user_id))


@router.patch("/{user_id}", operation_id="users-update", responses={404: {"description": "No such user."}})
async def update_user(user_id: uuid.UUID, data: UserUpdate, db: Db, admin: Admin, audit: Audit) -> UserRead:
    """Change an account's role, password or active flag."""
    user = await users.update_user(db, user_id, data, admin)
    changes = [
        *([f"role set to {user.role}"] if data.role is not None else []),
        *(["password replaced"] if data.password is not None else []),
        *([("can sign in" if user.is_active else "can no longer sign in")] if data.is_active is not None else []),
    ]
    await audit(f"user {user.username!r}: {', '.join(changes) or 'nothing changed'}")
    return users.user_read(user)


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="users-delete",
    responses={404: {"description": "No such user."}, 409: {"description": "Yourself or the last admin."}},
)
async def delete_user(user_id: uuid.UUID, db: Db, admin: Admin, audit: Audit) -> None:
    """Delete an account."""
    name = (await users.get_user(db, user_id)).username
    await users.delete_user(db, user_id, admin)
    await audit(f"user {name!r} deleted")
