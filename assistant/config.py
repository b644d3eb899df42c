"""Settings, read from ``ADVISOR_*`` environment variables (and a ``.env`` file).

Built on demand with :func:`load_settings`, never at import time, so tests and two
processes with different data directories never share state by accident.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting the product reads. The README documents each one."""

    model_config = SettingsConfigDict(env_prefix="ADVISOR_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Runtime data: index, sessions, exports.")
    knowledge_dir: Path = Field(Path("knowledge"), description="The Markdown guidance documents.")
    llm: str = Field(
        "offline",
        description="'offline' (no model, the default) or 'provider:model', "
        "e.g. openai:gpt-4.1-mini.",
    )
    chroma_url: str | None = Field(
        None, description="Unset: embedded Chroma under the data directory; else http://host:port."
    )
    price_overrides: Path | None = Field(
        None,
        description="JSON file of negotiated token prices and self-hosting assumptions "
        "(default: <data_dir>/price_overrides.json when it exists).",
    )
    llm_timeout_seconds: float = Field(60.0, gt=0, description="Per-turn limit for the model.")
    max_message_chars: int = Field(4000, ge=100, description="Longest accepted chat message.")
    rate_limit_per_minute: int = Field(
        30, ge=1, description="Messages a session may send a minute."
    )

    @field_validator("llm")
    @classmethod
    def _llm_format(cls, value: str) -> str:
        value = value.strip() or "offline"
        if value != "offline" and ":" not in value:
            raise ValueError("use 'offline' or 'provider:model', e.g. 'openai:gpt-4.1-mini'")
        return value

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url_format(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("use http://host:port (or leave unset for embedded Chroma)")
        return value or None

    @property
    def offline(self) -> bool:
        return self.llm == "offline"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def sessions_db(self) -> Path:
        return self.data_dir / "sessions.sqlite"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def price_overrides_path(self) -> Path:
        return self.price_overrides or self.data_dir / "price_overrides.json"


def load_settings(**overrides: object) -> Settings:
    """Read the settings now (environment, then ``overrides``)."""
    return Settings(**overrides)  # type: ignore[arg-type]
