"""Settings, read from ``ADVISOR_*`` environment variables (and a ``.env`` file).

Built on demand with :func:`load_settings`, never at import time, so tests and two
processes with different data directories never share state by accident.

Every setting is checked when the settings are built, so a command stops at start (exit 2,
naming the setting) rather than after the questions: the knowledge folder must exist, an
explicitly set price overrides file must exist and hold a JSON object, the data folder
must be creatable, and the Chroma address must be a usable URL (empty means embedded).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_LLM_TIMEOUT_SECONDS = 3600.0


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
    embedding_model: Literal["all-MiniLM-L6-v2", "multilingual-e5-small"] = Field(
        "all-MiniLM-L6-v2",
        description="The model behind the knowledge index: all-MiniLM-L6-v2 (English) or "
        "multilingual-e5-small (Japanese and English questions in one index).",
    )
    chroma_url: str | None = Field(
        None, description="Unset: embedded Chroma under the data directory; else http://host:port."
    )
    price_overrides: Path | None = Field(
        None,
        description="JSON file of negotiated token prices and self-hosting assumptions "
        "(default: <data_dir>/price_overrides.json when it exists).",
    )
    llm_timeout_seconds: float = Field(
        60.0,
        gt=0,
        le=MAX_LLM_TIMEOUT_SECONDS,
        allow_inf_nan=False,
        description="Per-turn limit for the model.",
    )
    max_message_chars: int = Field(4000, ge=100, description="Longest accepted chat message.")
    rate_limit_per_minute: int = Field(
        30, ge=1, description="Messages a session may send a minute."
    )
    client_rate_limit_per_minute: int = Field(
        120, ge=1, description="Messages one client may send a minute, over all its sessions."
    )
    new_sessions_per_hour: int = Field(
        30, ge=1, description="Assessments one client may start an hour."
    )
    database_url: str | None = Field(
        None,
        description="Unset: SQLite under the data directory; postgresql://user:pw@host/db: "
        "sessions, pilot results, limits and agent memory in PostgreSQL.",
    )
    user: str = Field(
        "local",
        description="Who the terminal commands act as: 'local' (the one user when sign-in "
        "is off) or a signed-in user's e-mail.",
    )
    admins: str = Field(
        "", description="Comma-separated e-mails of users who see and manage every assessment."
    )
    admin_claim: str = Field(
        "",
        description="claim=value: signed-in users whose identity token carries it are admins.",
    )

    @field_validator("database_url")
    @classmethod
    def _database_url_format(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:  # empty means SQLite under the data directory, like unset
            return None
        usage = "use postgresql://user:password@host:port/database (or leave it unset for SQLite)"
        if not value.startswith(("postgresql://", "postgres://")):
            raise ValueError(f"{value.split('://')[0][:20]!r} addresses are not supported: {usage}")
        url = urlparse(value)
        try:
            url.port  # noqa: B018 - raises for a port that is not a number in range
        except ValueError:
            raise ValueError(f"the address has an invalid port: {usage}") from None
        if not url.hostname and "host=" not in url.query:
            raise ValueError(f"the address names no host: {usage}")
        return value

    @field_validator("user")
    @classmethod
    def _user_format(cls, value: str) -> str:
        from assistant.conversation.access import user_id

        return user_id(value or "local")

    @field_validator("admins")
    @classmethod
    def _admins_format(cls, value: str) -> str:
        from assistant.conversation.access import user_id

        return ",".join(user_id(part) for part in value.split(",") if part.strip())

    @field_validator("admin_claim")
    @classmethod
    def _admin_claim_format(cls, value: str) -> str:
        value = value.strip()
        name, sep, wanted = value.partition("=")
        if value and not (sep and name.strip() and wanted.strip()):
            raise ValueError(f"{value[:60]!r}: use claim=value, e.g. groups=advisor-admins")
        return value

    @property
    def admin_ids(self) -> tuple[str, ...]:
        return tuple(a for a in self.admins.split(",") if a)

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
        value = (value or "").strip()
        if not value:  # ADVISOR_CHROMA_URL= (empty) means embedded, like unset
            return None
        usage = "use http://host:port (or leave it empty for embedded Chroma)"
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r}: {usage}")
        url = urlparse(value)
        try:
            url.port  # noqa: B018 - raises for a port that is not a number in range
        except ValueError:
            raise ValueError(f"{value!r} has an invalid port: {usage}") from None
        if not url.hostname:
            raise ValueError(f"{value!r} names no host: {usage}")
        return value

    @field_validator("knowledge_dir")
    @classmethod
    def _knowledge_folder(cls, value: Path) -> Path:
        if not value.is_dir():
            what = "is a file" if value.exists() else "does not exist"
            raise ValueError(
                f"{value} {what}: give the folder of Markdown guidance documents "
                "(default ./knowledge, relative to where the command runs)"
            )
        return value

    @field_validator("data_dir")
    @classmethod
    def _data_folder(cls, value: Path) -> Path:
        existing = value
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        if not existing.is_dir():
            raise ValueError(f"{value} cannot be created: {existing} is a file, not a folder")
        if not os.access(existing, os.W_OK | os.X_OK):
            verb = "written to" if existing == value else "created"
            raise ValueError(f"{value} cannot be {verb}: {existing} is not writable by this user")
        return value

    @field_validator("price_overrides")
    @classmethod
    def _overrides_file(cls, value: Path | None) -> Path | None:
        if value is None or str(value).strip() in ("", "."):
            return None
        accepted = "a JSON object of negotiated prices (or leave it unset)"
        if not value.is_file():
            what = "is a folder" if value.is_dir() else "does not exist"
            raise ValueError(f"{value} {what}: give {accepted}")
        try:
            data = json.loads(value.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ValueError(f"{value} cannot be read as JSON ({first}): give {accepted}") from None
        if not isinstance(data, dict):
            raise ValueError(f"{value} holds a JSON {type(data).__name__}: give {accepted}")
        return value

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
    def sessions_target(self) -> Path | str:
        """Where sessions live: the Postgres address, else the SQLite file."""
        return self.database_url or self.sessions_db

    @property
    def agent_memory_target(self) -> Path | str:
        """Where the agent's LangGraph memory lives: the same Postgres, else SQLite."""
        return self.database_url or self.data_dir / "agent_memory.sqlite"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def price_overrides_path(self) -> Path:
        return self.price_overrides or self.data_dir / "price_overrides.json"


def load_settings(**overrides: object) -> Settings:
    """Read the settings now (environment, then ``overrides``)."""
    return Settings(**overrides)  # type: ignore[arg-type]
