"""One app process for the multi-process tests: a Conversation on the database given,
acting as one user, sending numbered messages to a shared assessment and to its own,
alternately. Prints one JSON line: what it sent and what was refused.

    python -m tests.conversation_worker DATABASE_URL USER SHARED_ID OWN_ID N READY_DIR WORKERS

The processes start sending together: each, once built and warmed up, leaves a file in
READY_DIR and waits for WORKERS of them, so a slow import in one (a busy machine) cannot
let the other finish before it starts.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from assistant.config import Settings
from assistant.conversation.access import make_user
from assistant.conversation.offline import OfflineDialogue
from assistant.conversation.service import Conversation
from assistant.conversation.store import SessionStore
from assistant.i18n import translator
from assistant.questionnaire.japanese import is_japanese
from tests.conftest import KNOWLEDGE
from tests.unit.test_dialogue import fake_search
from tests.unit.test_engine import engine


def main(url: str, user: str, shared: str, own: str, n: int, ready: Path, workers: int) -> None:
    settings = Settings(
        data_dir=Path("/tmp/advisor-worker-unused"),
        knowledge_dir=KNOWLEDGE,
        database_url=url,
        rate_limit_per_minute=100_000,  # the test measures loss, not the limits
    )
    offline = OfflineDialogue(fake_search, engine().recommend, None)
    conv = Conversation(settings, SessionStore(url), offline).as_user(make_user(user))
    sent: dict[str, list[str]] = {shared: [], own: []}
    translator("ja")  # what a first turn loads lazily, loaded before the start
    is_japanese("準備")
    (ready / user).touch()
    deadline = time.monotonic() + 120
    while len(list(ready.iterdir())) < workers and time.monotonic() < deadline:
        time.sleep(0.01)
    for i in range(n):
        for session in (shared, own):
            text = f"{user} message {i} to {session}"
            conv.respond(session, text)
            sent[session].append(text)
    print(json.dumps({"user": user, "sent": sent}))


if __name__ == "__main__":
    url, user, shared, own, n, ready, workers = sys.argv[1:8]
    main(url, user, shared, own, int(n), Path(ready), int(workers))
