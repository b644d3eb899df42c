"""Reading a use-case profile from JSON, with one-line errors that name the field and
what it accepts.

The file's text goes to pydantic's own JSON parser in one step (strict JSON rules, no
Python round trip), so a number of any size, ``NaN`` or ``Infinity`` is refused by the
field it was given for, within that field's bounds. What the parser refuses as JSON (a
value nested too deep, a lone surrogate, bytes that are not UTF-8) is blamed on the field
it sits in, found from the position of the fault.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from assistant.schemas import MAX_USE_CASE_CHARS, AnnexIIIArea, Profile

MAX_PROFILE_BYTES = 200_000
_POSITION = re.compile(r"at line (\d+) column (\d+)")


class ProfileError(ValueError):
    """A profile that breaks the contract; the message is one line for the user."""


def _shown(text: str) -> str:
    """Text safe to print on any terminal: no lone surrogate, no control character."""
    return json.dumps(text)[1:-1]


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def _accepts(field: str) -> str:
    info = Profile.model_fields.get(field)
    if info is None:
        return "a known field"
    if field == "use_case":
        return f"a sentence or two of text (at most {MAX_USE_CASE_CHARS:,} characters)"
    if field == "annex_iii_areas":
        areas = ", ".join(member.value for member in AnnexIIIArea)
        return f'a list of any of {areas} ([] or "none" for none of them)'
    for arg in (info.annotation, *get_args(info.annotation)):
        if isinstance(arg, type) and issubclass(arg, StrEnum):
            return "one of " + ", ".join(member.value for member in arg)
    kinds = {t for t in get_args(info.annotation) if t is not type(None)} or {info.annotation}
    minimum = next((m.ge for m in info.metadata if getattr(m, "ge", None) is not None), None)
    maximum = next((m.le for m in info.metadata if getattr(m, "le", None) is not None), None)
    if minimum is not None and maximum is not None:
        bounds = f" from {_number(minimum)} to {_number(maximum)}"
    elif minimum is not None:
        bounds = f" >= {_number(minimum)}"
    else:
        bounds = ""
    if int in kinds:
        return f"a whole number{bounds}"
    if float in kinds:
        return f"a number{bounds}"
    if bool in kinds:
        return "true or false"
    if field == "currency":
        return "an ISO 4217 currency code such as USD or EUR"
    if str in kinds:
        return "text"
    return "a valid value"


def _top_level_key(text: str, offset: int) -> str | None:
    """The key of the top-level member that ``offset`` of the JSON ``text`` falls in."""
    depth = 0
    key: str | None = None
    candidate_start = -1
    in_string = escaped = False
    last_string = ""
    for position, char in enumerate(text[:offset]):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
                last_string = text[candidate_start + 1 : position]
        elif char == '"':
            in_string, candidate_start = True, position
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == ":" and depth == 1:
            try:
                key = json.loads(f'"{last_string}"')
            except ValueError:
                key = last_string
    return key


def _offset(text: str, message: str) -> int | None:
    match = _POSITION.search(message)
    if not match:
        return None
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.split("\n")
    return sum(len(part) + 1 for part in lines[: line - 1]) + column


def _json_fault(text: str, message: str) -> str:
    """A JSON parse error as one line, blamed on the field where it happened."""
    offset = _offset(text, message)
    field = _top_level_key(text, offset) if offset is not None else None
    detail = message.removeprefix("Invalid JSON: ")
    if "recursion limit" in detail:
        problem = "is nested too deeply (a profile field is one value, not a structure)"
    elif "number out of range" in detail:
        problem = "is a number too large to read"
    elif "surrogate" in detail or "escape" in detail:
        problem = "holds an invalid character escape (such as a lone surrogate \\ud800)"
    else:
        problem = f"is not valid JSON ({detail})"
    if field is None or field not in Profile.model_fields:
        return f"the profile {problem}"
    return f"field '{field}' {problem}; give {_accepts(field)}"


def describe_error(error: ValidationError, text: str | None = None) -> str:
    first = error.errors()[0]
    field = ".".join(_shown(str(p)) for p in first["loc"]) or "profile"
    top = str(first["loc"][0]) if first["loc"] else field  # "annex_iii_areas" of ".0"
    kind = first["type"]
    if kind == "json_invalid":
        return _json_fault(text or "", str(first["msg"]))
    if kind == "model_type":
        return (
            "the profile must be a JSON object of fields, e.g. "
            '{"use_case": "...", "task_type": "summarization"}'
        )
    if kind == "extra_forbidden":
        known = ", ".join(Profile.model_fields)
        return f"field '{field}' is not a profile field; known fields: {known}"
    if kind == "missing":
        return f"field '{field}' is required: give {_accepts(field)}"
    value = first.get("input")
    if kind == "value_error":  # our own validators: say why, not only what
        reason = str(first["msg"]).removeprefix("Value error, ")
        return f"field '{field}': {reason}; give {_accepts(top)}"
    shown = json.dumps(value)[:60] if value is not None else "null"
    return f"field '{field}': {shown} is not accepted; give {_accepts(top)}"


def parse_profile_json(text: str) -> Profile:
    """A profile from JSON text, under strict JSON rules: "5000" is not a number and
    "yes" is not a boolean."""
    try:
        return Profile.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise ProfileError(describe_error(exc, text)) from None


def parse_profile(data: Any) -> Profile:
    """A profile from already-parsed JSON data."""
    if not isinstance(data, dict):
        raise ProfileError(
            "the profile must be a JSON object of fields, e.g. "
            '{"use_case": "...", "task_type": "summarization"}'
        )
    try:
        text = json.dumps(data)
    except (ValueError, TypeError, RecursionError):
        raise ProfileError("the profile is not plain JSON data (or is nested too deeply)") from None
    return parse_profile_json(text)


def load_profile(path: Path) -> Profile:
    if not path.is_file():
        raise ProfileError(f"--profile {path}: no such file (a JSON object of profile fields)")
    if path.stat().st_size > MAX_PROFILE_BYTES:
        raise ProfileError(f"--profile {path}: larger than {MAX_PROFILE_BYTES:,} bytes")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        field = _top_level_key(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        where = f"field '{field}'" if field in Profile.model_fields else "the profile"
        raise ProfileError(f"--profile {path}: {where} is not UTF-8 text") from None
    return parse_profile_json(text)
