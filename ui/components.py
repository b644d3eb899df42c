"""Rendering helpers shared by the pages: the cached advisor, safe Markdown, cited
passages and the knowledge-base banner. The recommendation card is in ``card``.

Everything here only draws what the package computed; decisions (verdicts, costs, risks,
what a question accepts) stay in ``assistant``. Text that came from a model, a knowledge
document or a user goes through ``inert_markdown`` so it cannot run HTML or load anything.
"""

from __future__ import annotations

import functools
import secrets
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st
from PIL import Image, ImageDraw

from assistant.config import Settings, load_settings
from assistant.conversation.access import LOCAL_USER, User, admin_by_claim, make_user
from assistant.conversation.safety import inert_markdown
from assistant.wiring import Advisor, build_advisor

# Plain values kept in st.session_state, shared by the pages.
SESSION_KEY = "session_id"  # the assessment the chat shows (falls back from the URL)
CLIENT_KEY = "client_id"  # this browser session's identity when there is no address
CHAT_PAGE = "pages/chat.py"
REINDEX_COMMAND = "python scripts/reindex.py"


# -- the page icon -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def app_icon() -> Image.Image:
    """The browser tab's icon, drawn here: a material-icon name would make the browser
    fetch the icon from Google's servers, and nothing on these pages loads anything
    remote."""
    icon = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    draw.rounded_rectangle((2, 2, 62, 62), radius=14, fill=(0, 114, 178, 255))
    draw.polygon([(32, 10), (42, 32), (32, 54), (22, 32)], fill=(255, 255, 255, 255))
    draw.polygon([(32, 10), (42, 32), (22, 32)], fill=(230, 159, 0, 255))
    return icon


# -- the advisor ---------------------------------------------------------------------------


@st.cache_resource(show_spinner="Loading the advisor…")
def _advisor_for(settings_json: str) -> Advisor:
    advisor = build_advisor(Settings.model_validate_json(settings_json))
    # The conversation's modules are imported here, before the model's: SciPy, which they
    # use, looks torch up in sys.modules and fails on a torch half imported by another
    # thread ("partially initialized module 'torch' has no attribute 'Tensor'").
    advisor.conversation  # noqa: B018 - importing and building it is the point
    # Load the embedding model in the background now (it takes seconds), so the first
    # answer the interview has to understand does not wait for it.
    threading.Thread(target=_warm, args=(advisor,), daemon=True).start()
    return advisor


def _warm(advisor: Advisor) -> None:
    try:
        advisor.embedder.warm()
        advisor.choice_embedder.warm()
    except Exception:  # the first real use reports the problem itself
        return


def get_advisor() -> Advisor:
    """One advisor per configuration for the whole server (the model load is slow). Keyed
    on the settings, so a changed environment (or each test's data folder) gets its own."""
    return _advisor_for(load_settings().model_dump_json())


# -- who is signed in ----------------------------------------------------------------------


def sign_in_configured() -> bool:
    """Sign-in is on when Streamlit's secrets hold an ``[auth]`` section (st.login's
    OpenID Connect settings, see the README); otherwise the app is single-user."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: single-user
        return False


def current_user() -> User:
    """The signed-in user (by e-mail, an admin when listed in ADVISOR_ADMINS), or the
    local user when sign-in is off. Pages call this only after ``require_sign_in``."""
    if not sign_in_configured():
        return LOCAL_USER
    email = st.user.get("email") if st.user.is_logged_in else None
    if not email:
        raise PermissionError("not signed in, or the provider gave no e-mail address")
    name = st.user.get("name")
    settings = load_settings()
    claims = {key: st.user.get(key) for key in st.user}
    return make_user(
        str(email),
        settings.admin_ids,
        name=str(name or ""),
        admin=admin_by_claim(claims, settings.admin_claim),
    )


def require_sign_in() -> None:
    """With sign-in on, a visitor who is not signed in sees only the sign-in button, and a
    signed-in one their name and a sign-out button in the sidebar."""
    if not sign_in_configured():
        return
    if not st.user.is_logged_in:
        st.title("Adoption Advisor", anchor=False)
        st.markdown("Sign in to see your assessments and those shared with you.")
        st.button("Sign in", icon=":material/login:", type="primary", on_click=st.login)
        st.stop()
    if not st.user.get("email"):
        st.error("Your identity provider did not give an e-mail address; ask your admin.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
    with st.sidebar:
        user = current_user()
        st.caption(
            f"Signed in as **{inert_markdown(user.label)}**" + (" · admin" if user.admin else "")
        )
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="sign-out")


def get_conversation() -> Any:
    """The conversation facade acting as the current user: every page loads sessions
    through this, so the access rule (``assistant.conversation.access``) applies."""
    return get_advisor().conversation.as_user(current_user())


def client_id() -> str:
    """Who is asking, for the per-client limits (``assistant.conversation.limits``).

    A signed-in user is themselves, wherever they connect from. Otherwise the visitor's
    address when the connection has one. A visit through localhost has
    none: behind a reverse proxy on this machine the address the proxy forwards
    (X-Forwarded-For, first hop) stands for the visitor, and a person at this machine is
    the one local client, as the terminal is. Only where Streamlit knows no connection
    at all is it this browser session, the narrowest identity there is.
    """
    if sign_in_configured() and st.user.is_logged_in and st.user.get("email"):
        return f"user:{current_user().id}"
    address = st.context.ip_address
    if isinstance(address, str) and address:  # (a headless test run gives a stand-in)
        return f"ip:{address}"
    headers = st.context.headers
    forwarded = (headers.get("X-Forwarded-For") or "").split(",")[0].strip()
    if forwarded:
        return f"ip:{forwarded}"
    if headers:
        return "local"
    if CLIENT_KEY not in st.session_state:
        st.session_state[CLIENT_KEY] = f"browser:{secrets.token_hex(8)}"
    return str(st.session_state[CLIENT_KEY])


# -- text ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _inert(text: str) -> str:
    # A long conversation shows the same messages on every run: parsing each one again
    # took most of the script's time on such a page.
    return inert_markdown(text)


def md(text: str) -> None:
    """Markdown that cannot run HTML or fetch remote content."""
    st.markdown(_inert(text))


def knowledge_unavailable(problem: str) -> None:
    """The banner for a missing index or an unreachable Chroma server."""
    st.error(
        f"The knowledge base is unavailable: {inert_markdown(problem)}\n\n"
        "The interview and the recommendation still work; answers to questions will say "
        f"that the knowledge base cannot be searched. An administrator can rebuild the index "
        f"with `{REINDEX_COMMAND}`.",
        icon=":material/database_off:",
    )


def sources(items: Iterable[Mapping[str, Any]]) -> None:
    """Cited passages, one expander each, named by the document's title and section and
    showing the passage that was retrieved (ids and file paths are for the Knowledge page)."""
    for n, source in enumerate(items, 1):
        heading = f" — {inert_markdown(source['heading'])}" if source.get("heading") else ""
        label = f"[{n}] {inert_markdown(source['title'])}{heading}"
        with st.expander(label, icon=":material/description:"):
            if source.get("text"):
                md(source["text"])
            score = source.get("score")
            if score is not None:
                st.caption(f"How closely it matches the question: {score:.0%}")
