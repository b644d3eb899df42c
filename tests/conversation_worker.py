"""One app process for the multi-process tests: a Conversation on the database given,
acting as one user, sending numbered messages to a shared assessment and to its own,
alternately. Prints one JSON line: what it sent and what was refused.

    python -m tests.conversation_worker DATABASE_URL USER SHARED_ID OWN_ID N START_AT
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
from tests.conftest import KNOWLEDGE
from tests.unit.test_dialogue import fake_search
from tests.unit.test_engine import engine


def main(url: str, user: str, shared: str, own: str, n: int, start_at: float) -> None:
    settings = Settings(
        data_dir=Path("/tmp/advisor-worker-unused"),
        knowledge_dir=KNOWLEDGE,
        database_url=url,
        rate_limit_per_minute=100_000,  # the test measures loss, not the limits
    )
    offline = OfflineDialogue(fake_search, engine().recommend, None)
    conv = Conversation(settings, SessionStore(url), offline).as_user(make_user(user))
    sent: dict[str, list[str]] = {shared: [], own: []}
    time.sleep(max(0.0, start_at - time.time()))  # both processes begin together
    for i in range(n):
        for session in (shared, own):
            text = f"{user} message {i} to {session}"
            conv.respond(session, text)
            sent[session].append(text)
    print(json.dumps({"user": user, "sent": sent}))


if __name__ == "__main__":
    url, user, shared, own, n, start_at = sys.argv[1:7]
    main(url, user, shared, own, int(n), float(start_at))
