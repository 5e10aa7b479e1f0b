"""`/settings`: the service settings admins edit at run time."""

from __future__ import annotations

from fastapi import APIRouter

from f2l.api.audit import Audit
from f2l.api.deps import Admin, Db, State
from f2l.api.lifecycle import apply_app_settings
from f2l.services import app_settings as service
from f2l.services.app_settings import AppSettingsModel, AppSettingsUpdate

router = APIRouter(prefix="/settings", tags=["settings"])


@router.get("", operation_id="settings-read")
async def read_settings(db: Db, state: State, admin: Admin) -> AppSettingsModel:
    """The effective settings: stored values, else the defaults from the process configuration."""
    return await service.load_app_settings(db, state.settings)


@router.patch("", operation_id="settings-update")
async def update_settings(
    change: AppSettingsUpdate, db: Db, state: State, admin: Admin, audit: Audit
) -> AppSettingsModel:
    """Change some settings (unknown keys are refused; `null` restores a default); answers all of them."""
    await service.update_app_settings(db, state.settings, change)
    effective = await apply_app_settings(state)  # in effect at once in this process (others within the hour)
    sent = change.model_dump(exclude_unset=True)
    values = ", ".join(f"{name} = {getattr(effective, name)}" for name in sorted(sent))
    await audit(f"settings changed ({values or 'nothing'})")
    return effective
