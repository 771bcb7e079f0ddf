"""The one settings class of audit-svc (env prefix AUDIT_; AUTH_SECRET and KAFKA_* are shared)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from lodestone_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUDIT_", extra="ignore", frozen=True)

    port: int = 8003
    # The checkpoint origin and signing key name (C2SP: no spaces, no '+').
    origin: str = "lodestone.local/audit"
    # Hex Ed25519 seed; when unset, one is generated once into the data folder.
    signing_key: str | None = None
    checkpoint_interval: float = 0.5
