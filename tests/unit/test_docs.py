"""The README documents every setting and every command (a new one without docs fails)."""

from __future__ import annotations

import argparse

from assistant.cli import build_parser
from assistant.config import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"ADVISOR_{name.upper()}" in README, name


def test_every_command_is_documented() -> None:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = set(actions[0].choices)
    assert commands >= {"ask", "recommend", "assess", "chat", "ui", "bench"}
    for command in commands:
        assert f"python -m assistant {command}" in README, command
    assert "scripts/reindex.py" in README
