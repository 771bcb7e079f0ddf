"""The one settings class of license-svc: prefix LICENSE_; AUTH_SECRET and KAFKA_* are shared."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from lodestone_contracts.catalog import DEFAULT_VERSION
from lodestone_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LICENSE_", extra="ignore", frozen=True)

    port: int = 8001
    catalog_version: str = DEFAULT_VERSION
