"""Reading a use-case profile from JSON, with one-line errors that name the field and
what it accepts."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from assistant.schemas import Profile

MAX_PROFILE_BYTES = 200_000


class ProfileError(ValueError):
    """A profile that breaks the contract; the message is one line for the user."""


def _accepts(field: str) -> str:
    info = Profile.model_fields.get(field)
    if info is None:
        return "a known field"
    for arg in (info.annotation, *get_args(info.annotation)):
        if isinstance(arg, type) and issubclass(arg, StrEnum):
            return "one of " + ", ".join(member.value for member in arg)
    kinds = {t for t in get_args(info.annotation) if t is not type(None)} or {info.annotation}
    minimum = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    if int in kinds:
        return f"a whole number{'' if minimum is None else f' >= {minimum}'}"
    if float in kinds:
        return f"a number{'' if minimum is None else f' >= {minimum}'}"
    if bool in kinds:
        return "true or false"
    if str in kinds:
        return "text"
    return "a valid value"


def describe_error(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "profile"
    if first["type"] == "extra_forbidden":
        known = ", ".join(Profile.model_fields)
        return f"field '{field}' is not a profile field; known fields: {known}"
    if first["type"] == "missing":
        return f"field '{field}' is required: give {_accepts(field)}"
    value = first.get("input")
    shown = json.dumps(value)[:60] if value is not None else "null"
    return f"field '{field}': {shown} is not accepted; give {_accepts(field)}"


def parse_profile(data: Any) -> Profile:
    if not isinstance(data, dict):
        raise ProfileError(
            "the profile must be a JSON object of fields, e.g. "
            '{"use_case": "...", "task_type": "summarization"}'
        )
    try:
        # Strict JSON rules: "5000" is not a number and "yes" is not a boolean.
        return Profile.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        raise ProfileError(describe_error(exc)) from None


def load_profile(path: Path) -> Profile:
    if not path.is_file():
        raise ProfileError(f"--profile {path}: no such file (a JSON object of profile fields)")
    if path.stat().st_size > MAX_PROFILE_BYTES:
        raise ProfileError(f"--profile {path}: larger than {MAX_PROFILE_BYTES:,} bytes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProfileError(f"--profile {path}: not valid JSON ({exc})".splitlines()[0]) from None
    return parse_profile(data)
