"""The one settings class of screening-svc (env prefix SCREENING_; AUTH_SECRET, KAFKA_* shared).

Thresholds are configuration: every reason shows the score it was judged on.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from lodestone_contracts.catalog import DEFAULT_VERSION
from lodestone_runtime.settings import ServiceSettings
from screening_svc.domain.matching import DEFAULT_BLOCK_THRESHOLD, DEFAULT_REVIEW_THRESHOLD


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SCREENING_", extra="ignore", frozen=True)

    port: int = 8002
    block_threshold: float = Field(default=DEFAULT_BLOCK_THRESHOLD, gt=0.0, le=1.0)
    review_threshold: float = Field(default=DEFAULT_REVIEW_THRESHOLD, gt=0.0, le=1.0)
    catalog_version: str = DEFAULT_VERSION
    max_wait_seconds: float = Field(default=10.0, ge=0.0, le=10.0)
    list_body_limit: int = Field(default=64 * 1024 * 1024, ge=1024 * 1024)
    list_refresh_seconds: float = Field(default=5.0, gt=0.0)
