"""Every setting is checked when a command starts: a bad one ends in exit 2 and one line
naming the setting, before any question is asked (nothing on stdout), instead of failing
on the 17th answer or blaming another setting. An empty ``ADVISOR_CHROMA_URL=`` means
embedded Chroma, like an unset one."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import load_settings
from tests.conftest import KNOWLEDGE, write_doc

PROFILE = {"use_case": "Summarise supplier contracts", "task_type": "summarization"}


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("Summarise supplier contracts\nsummaries\n"))
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE))
    return path


def _bad_settings(tmp_path: Path) -> list[tuple[str, str, str]]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    not_json = tmp_path / "prices.json"
    not_json.write_text("{not json")
    a_list = tmp_path / "list.json"
    a_list.write_text("[1, 2]")
    return [
        ("ADVISOR_PRICE_OVERRIDES", str(tmp_path / "missing-prices.json"), "does not exist"),
        ("ADVISOR_PRICE_OVERRIDES", str(not_json), "cannot be read as JSON"),
        ("ADVISOR_PRICE_OVERRIDES", str(a_list), "holds a JSON list"),
        ("ADVISOR_KNOWLEDGE_DIR", str(tmp_path / "no-knowledge"), "does not exist"),
        ("ADVISOR_KNOWLEDGE_DIR", str(a_file), "is a file"),
        ("ADVISOR_DATA_DIR", str(a_file / "data"), "cannot be created"),
        ("ADVISOR_CHROMA_URL", "localhost:8000", "use http://host:port"),
        ("ADVISOR_CHROMA_URL", "http://localhost:port", "invalid port"),
        ("ADVISOR_CHROMA_URL", "http://:8000", "names no host"),
        ("ADVISOR_LLM_TIMEOUT_SECONDS", "nan", "ADVISOR_LLM_TIMEOUT_SECONDS"),
        ("ADVISOR_LLM_TIMEOUT_SECONDS", "1e12", "ADVISOR_LLM_TIMEOUT_SECONDS"),
    ]


@pytest.mark.parametrize("command", ["chat", "recommend", "ask", "assess"])
def test_a_bad_setting_stops_every_command_at_start(
    command: str,
    tmp_path: Path,
    data_dir: Path,
    profile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = {
        "chat": ["chat"],
        "recommend": ["recommend", "--profile", str(profile)],
        "ask": ["ask", "What does the Llama licence allow?"],
        "assess": ["assess"],
    }[command]
    for name, value, expected in _bad_settings(tmp_path):
        with monkeypatch.context() as env:
            env.setenv(name, value)
            status, out, err = run(args, capsys, monkeypatch)
        assert status == 2, (name, value, err)
        assert out == "", (name, value, out)  # not one question asked
        assert err.startswith(f"error: setting {name}:"), (name, value, err)
        assert expected in err and len(err.strip().splitlines()) == 1, (name, value, err)
        assert "ADVISOR_CHROMA_URL" not in err or name == "ADVISOR_CHROMA_URL", err


def test_an_uncreatable_data_folder_is_blamed_on_the_data_folder(tmp_path: Path) -> None:
    from assistant.config import Settings
    from assistant.kb.store import StoreUnavailable, open_client

    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE)
    (tmp_path / "data").write_text("the data folder became a file after the start")
    with pytest.raises(StoreUnavailable) as caught:
        open_client(settings)
    assert "ADVISOR_DATA_DIR" in str(caught.value)
    assert "ADVISOR_CHROMA_URL" not in str(caught.value)


def test_an_empty_chroma_url_means_embedded(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for empty in ("", "  "):
        monkeypatch.setenv("ADVISOR_CHROMA_URL", empty)
        assert load_settings().chroma_url is None
    monkeypatch.setattr("sys.stdin", io.StringIO("hello\n"))
    assert main(["chat", "--json"]) == 0
    reply = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert reply["question"]["field"] == "use_case"


def test_an_unset_price_file_is_optional_but_an_empty_one_is_unset(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_PRICE_OVERRIDES", "")
    assert load_settings().price_overrides is None


@pytest.mark.parametrize("command", ["chat", "recommend", "assess"])
def test_bad_files_behind_settings_stop_the_interview_before_its_first_question(
    command: str,
    tmp_path: Path,
    data_dir: Path,
    profile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = {"chat": ["chat"], "recommend": ["recommend", "--profile", str(profile)]}.get(
        command, [command]
    )
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"mid": {"input_per_mtok": "cheap"}}))
    monkeypatch.setenv("ADVISOR_PRICE_OVERRIDES", str(prices))
    status, out, err = run(args, capsys, monkeypatch)
    assert (status, out) == (2, "")
    assert err.startswith("error: setting ADVISOR_PRICE_OVERRIDES:") and "mid" in err, err

    monkeypatch.delenv("ADVISOR_PRICE_OVERRIDES")
    knowledge = tmp_path / "knowledge"
    write_doc(knowledge, "costs-fine")
    write_doc(knowledge, "costs-broken", extra="owner: nobody\n")  # an unknown field
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(knowledge))
    status, out, err = run(args, capsys, monkeypatch)
    assert (status, out) == (2, "")
    assert err.startswith("error: setting ADVISOR_KNOWLEDGE_DIR:"), err
    assert "costs-broken.md" in err and "owner" in err, err
