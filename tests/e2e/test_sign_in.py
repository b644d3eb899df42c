"""Sign-in for a team, for real: a local OpenID Connect provider (``nanoidp``) started by
the test, the app configured for it through Streamlit's ``[auth]`` secrets, and two people
in two browsers. Each sees only their own assessments; a forged ``?session=`` of the
other's shows "not found"; sharing to read shows it to the colleague without a chat box."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.bench_browser import CHROMIUM, launch_chromium, start_app, stop_app, wait_healthy
from assistant.processes import stop
from tests.conftest import KNOWLEDGE, free_port
from tests.e2e.conftest import STARTUP_SECONDS
from tests.e2e.test_browser import CHAT_INPUT

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.server, pytest.mark.slow]

USERS = {"alice": "alice@example.com", "bob": "bob@example.com"}
PASSWORD = "correct-horse-battery"
CLIENT_ID, CLIENT_SECRET = "adoption-advisor", secrets.token_urlsafe(16)


def _provider_config(folder: Path, port: int, redirect_uri: str) -> None:
    folder.mkdir()
    (folder / "settings.yaml").write_text(
        f"""config_version: 1
server:
  host: "127.0.0.1"
  port: {port}
oauth:
  issuer: "http://127.0.0.1:{port}"
  audience: "{CLIENT_ID}"
  token_expiry_minutes: 60
  clients:
    - client_id: "{CLIENT_ID}"
      client_secret: "{CLIENT_SECRET}"
      redirect_uris: ["{redirect_uri}"]
"""
    )
    users = "".join(
        f'  {name}:\n    password: "{PASSWORD}"\n    email: "{email}"\n    roles: ["USER"]\n'
        for name, email in USERS.items()
    )
    (folder / "users.yaml").write_text(f"config_version: 1\nusers:\n{users}")


@pytest.fixture
def signed_in_app(tmp_path: Path, indexed_data_dir: Path) -> Iterator[str]:
    """The app with sign-in through a nanoidp provider on another free port."""
    if shutil.which("nanoidp", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("nanoidp is missing from the venv: run `make setup` (it is a dev extra)")
    app_port, idp_port = free_port(), free_port()
    app_url, idp_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{idp_port}"
    _provider_config(tmp_path / "idp", idp_port, f"{app_url}/oauth2callback")
    idp_log = (tmp_path / "idp.log").open("wb")
    idp = subprocess.Popen(
        [str(Path(sys.executable).parent / "nanoidp"), "--config", str(tmp_path / "idp")],
        stdout=idp_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=tmp_path,  # nanoidp writes its signing keys to keys/ in its working folder
    )
    # The app runs in tmp_path (the data folder's parent): its .streamlit/secrets.toml is
    # where Streamlit reads the [auth] settings from.
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f"""[auth]
redirect_uri = "{app_url}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"

[auth.default]
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{idp_url}/.well-known/openid-configuration"
# nanoidp, like several providers, puts the e-mail in the ID token only when asked.
authorize_params = {{ claims = '{{"id_token": {{"email": null, "name": null}}}}' }}
"""
    )
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data)
    (tmp_path / "app-home").mkdir()
    log = tmp_path / "app.log"
    app = start_app(data, KNOWLEDGE, app_port, log, home=tmp_path / "app-home")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{idp_url}/.well-known/openid-configuration", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or idp.poll() is not None:
                    raise RuntimeError((tmp_path / "idp.log").read_text()[-2000:]) from None
                time.sleep(0.3)
        wait_healthy(app_url, app, log, STARTUP_SECONDS)
        yield app_url
    finally:
        stop_app(app)
        stop(idp, timeout=20)
        idp_log.close()


def _browser(playwright: Any, work: Path) -> Any:
    work.mkdir()
    context = launch_chromium(playwright, work, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    return context


def sign_in(context: Any, app_url: str, username: str) -> Any:
    page = context.new_page()
    page.goto(app_url)
    expect(page.get_by_text("Sign in to see your assessments")).to_be_visible()
    assert page.locator(CHAT_INPUT).count() == 0  # nothing of the app before signing in
    page.get_by_role("button", name="Sign in").click()
    page.locator("#username").fill(username)
    if page.locator("#password").count() == 0:  # a provider that asks in two steps
        page.locator("button[type=submit]").click()
    page.locator("#password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{app_url}/**")
    expect(page.get_by_text(f"Signed in as {USERS[username]}")).to_be_visible()
    # The first page after signing in is the app's first full run (the advisor is built
    # then, not for the sign-in prompt), which on a fresh machine can take over a minute.
    page.locator(CHAT_INPUT).wait_for(timeout=STARTUP_SECONDS * 1000)
    return page


def start_assessment(page: Any, text: str) -> str:
    page.locator(CHAT_INPUT).fill(text)
    page.locator(CHAT_INPUT).press("Enter")
    page.wait_for_url("**session=*")
    expect(page.get_by_text("Here is what I understood")).to_be_visible()
    return str(page.url.split("session=")[1].split("&")[0])


def test_two_people_see_only_their_own_and_what_is_shared(
    signed_in_app: str, tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    expect.set_options(timeout=60_000)
    with sync_playwright() as playwright:
        alice_browser = _browser(playwright, tmp_path / "alice")
        bob_browser = _browser(playwright, tmp_path / "bob")
        try:
            alice = sign_in(alice_browser, signed_in_app, "alice")
            claims = start_assessment(
                alice, "We want to summarise insurance claims for our adjusters"
            )
            bob = sign_in(bob_browser, signed_in_app, "bob")
            start_assessment(bob, "We want to translate product descriptions for our shop")

            # Bob's list has his assessment only; Alice's address shows "not found".
            bob.get_by_role("link", name="Assessments").click()
            expect(bob.get_by_text("translate product descriptions").first).to_be_visible()
            expect(bob.get_by_text("summarise insurance claims")).to_have_count(0)
            bob.goto(f"{signed_in_app}/?session={claims}")
            expect(bob.get_by_text("Assessment not found")).to_be_visible()
            expect(bob.get_by_text("summarise insurance claims")).to_have_count(0)
            assert f"session={claims}" not in bob.url

            # Alice shares it with Bob to read: he sees it, without a chat box.
            alice.get_by_role("link", name="Assessments").click()
            expect(alice.get_by_text("summarise insurance claims").first).to_be_visible()
            expect(alice.get_by_text("translate product descriptions")).to_have_count(0)
            alice.get_by_role("button", name="Share").first.click()
            alice.get_by_label("Colleague's e-mail").fill("bob@example.com")
            alice.get_by_role("button", name="Share", exact=True).last.click()
            expect(alice.get_by_text("bob@example.com: may read it")).to_be_visible()

            bob.goto(f"{signed_in_app}/?session={claims}")
            expect(bob.get_by_text("summarise insurance claims").first).to_be_visible()
            expect(bob.get_by_text("shared with you to read")).to_be_visible()
            assert bob.locator(CHAT_INPUT).count() == 0
            assert bob.get_by_text("Change an answer").count() == 0
            bob.get_by_role("link", name="Assessments").click()
            expect(bob.get_by_text("alice@example.com's, you may read it")).to_be_visible()
        finally:
            alice_browser.close()
            bob_browser.close()
