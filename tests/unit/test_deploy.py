"""The deployment examples name real settings and wire every app process to the shared
database and Chroma server behind the load balancer."""

from __future__ import annotations

import re

import yaml

from assistant.config import Settings
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
SETTINGS = {f"ADVISOR_{name.upper()}" for name in Settings.model_fields}


def test_every_setting_the_examples_use_exists() -> None:
    files = [p for p in DEPLOY.rglob("*") if p.is_file()]
    used = {name for p in files for name in re.findall(r"ADVISOR_[A-Z_]+", p.read_text())}
    assert used and used <= SETTINGS, used - SETTINGS


def test_compose_runs_two_apps_on_postgres_and_chroma_behind_the_balancer() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    apps = [name for name in services if name.startswith("app")]
    assert len(apps) == 2
    for name in apps:
        env = services[name]["environment"]
        assert env["ADVISOR_DATABASE_URL"].startswith("postgresql://")
        assert "@postgres:5432/" in env["ADVISOR_DATABASE_URL"]
        assert env["ADVISOR_CHROMA_URL"] == "http://chroma:8000"
        assert services[name]["command"][:4] == ["python", "-m", "assistant", "ui"]
    assert services["chroma"]["command"][:2] == ["chroma", "run"]
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert "ip_hash" in nginx and "X-Forwarded-For" in nginx
    assert {f"server {name}:8501;" for name in apps} <= {
        line.strip() for line in nginx.splitlines()
    }
