"""The command line: ``python -m assistant ask | recommend | assess | chat | portfolio | ui |
bench``.

Every failure a user can cause ends in one line on stderr that names what is wrong and
what is accepted, and a non-zero status: 2 for bad input, 1 for a failure to do the work.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.config import Settings, load_settings
from assistant.providers import ProviderError

EXIT_FAILURE = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input from the user: exit status 2 with this one-line message."""


def settings_from_env() -> Settings:
    try:
        return load_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = "ADVISOR_" + str(first["loc"][0]).upper() if first["loc"] else "ADVISOR_*"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise UsageError(f"setting {field}: {message}") from None


def cli_user(settings: Settings, given: str | None) -> Any:
    """Who a terminal command acts as: ``--user``, else ``ADVISOR_USER`` (``local``, the
    one user when sign-in is off). Whoever can run commands here can read the database
    itself, so this chooses whose view to show; it is not a sign-in."""
    from assistant.conversation.access import make_user

    try:
        return make_user(given or settings.user, settings.admin_ids)
    except ValueError as exc:
        raise UsageError(f"--user: {exc}") from None


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user", help="act as this user (an e-mail; default ADVISOR_USER, 'local')"
    )


def load_at_start(advisor: Any) -> None:
    """Load what the end of an interview needs (the price book with its overrides, the
    knowledge documents the recommendation cites) before the first question, so a bad
    file stops the command now, as bad input naming its setting, not at the last answer."""
    from assistant.kb.documents import DocumentError

    try:
        advisor.prices  # noqa: B018 - loading is the check
    except ValueError as exc:
        raise UsageError(f"setting ADVISOR_PRICE_OVERRIDES: {exc}") from None
    try:
        advisor.catalog  # noqa: B018
    except DocumentError as exc:
        raise UsageError(f"setting ADVISOR_KNOWLEDGE_DIR: {exc}") from None


@contextmanager
def progress_bar(enabled: bool, description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A tqdm bar on a terminal; nothing when output is piped or JSON."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=description, unit="passage", file=sys.stderr)
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


def _say_waiting(who: str) -> None:
    print(f"{who[:1].upper()}{who[1:]}: waiting for it to finish…", file=sys.stderr)


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


# -- ask ---------------------------------------------------------------------------------


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.wiring import build_advisor

    if args.file and args.question:
        raise UsageError("give either a QUESTION or --file, not both")
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            raise UsageError(f"--file {path}: no such file (one question per line)")
        try:
            questions = [q.strip() for q in path.read_text(encoding="utf-8").splitlines()]
        except UnicodeDecodeError:
            raise UsageError(f"--file {path}: not UTF-8 text (one question per line)") from None
        questions = [q for q in questions if q]
        if not questions:
            raise UsageError(f"--file {path}: has no questions (one question per line)")
    elif args.question:
        questions = [args.question]
    else:
        raise UsageError("give a QUESTION in quotes, or --file QUESTIONS.txt")
    advisor = build_advisor(settings_from_env())
    interactive = sys.stderr.isatty() and not args.json
    with progress_bar(interactive, "Indexing the knowledge base") as progress:
        advisor.ensure_index(progress, waiting=_say_waiting if interactive else None)
    for question in questions:
        try:
            answer = advisor.ask(question, k=args.k)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if args.json:
            _print_json(answer.model_dump())
        else:
            print(answer.answer)
            if len(questions) > 1:
                print()
    return 0


# -- the argument parser -----------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not the whole usage text."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _positive_k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--k takes a whole number from 1 to 20, not {value!r}"
        ) from None
    if not 1 <= k <= 20:
        raise argparse.ArgumentTypeError(f"--k takes a whole number from 1 to 20, not {k}")
    return k


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m assistant", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ask = commands.add_parser("ask", help="Ask the knowledge base a question.")
    ask.add_argument("question", nargs="?", help="the question, in quotes")
    ask.add_argument("--file", help="a file of questions, one per line (prints JSON Lines)")
    ask.add_argument("--k", type=_positive_k, default=5, help="passages to cite (1-20)")
    ask.add_argument("--json", action="store_true", help="print JSON")
    ask.set_defaults(handler=cmd_ask)

    for register in _EXTRA_COMMANDS:
        register(commands)
    return parser


# Commands defined in other modules add themselves here (keeps this file about parsing).
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "file", None) and args.command == "ask":
            args.json = True  # --file always prints JSON Lines
        return int(args.handler(args))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ProviderError as exc:  # ADVISOR_LLM names a model this install cannot use
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: never a traceback to a user
        from assistant.errors import describe

        print(f"error: {describe(exc)}", file=sys.stderr)
        return EXIT_FAILURE


# -- bench -------------------------------------------------------------------------------


def cmd_bench(args: argparse.Namespace) -> int:
    from assistant import bench

    unknown = [name for name in args.only or [] if name not in bench.all_sections()]
    if unknown:
        raise UsageError(
            f"--only {unknown[0]!r} is not a section; choose from "
            + ", ".join(bench.all_sections())
        )
    if args.scale < 1000:
        raise UsageError("--scale takes a number of passages of at least 1000")
    report = bench.run(settings_from_env(), only=args.only, scale=args.scale)
    bench.print_report(report, args.json)
    return 0


def _register_bench(commands: Any) -> None:
    bench = commands.add_parser("bench", help="Measure speed and quality (docs/benchmarks.md).")
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.add_argument("--only", nargs="+", metavar="SECTION", help="run only these sections")
    bench.add_argument("--scale", type=int, default=100_000, help="synthetic passages (scale)")
    bench.set_defaults(handler=cmd_bench)


_EXTRA_COMMANDS.append(_register_bench)


# -- recommend ---------------------------------------------------------------------------


def write_report(view: Any, target: str) -> Path:
    """Write the report of a presented recommendation (``Advisor.present``) to ``target``."""
    from assistant.advice.report import markdown_report, pdf_report

    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in (".md", ".pdf"):
        raise UsageError(f"--report {target}: use a file name ending in .md or .pdf")
    if not path.parent.exists():
        raise UsageError(f"--report {target}: the folder {path.parent} does not exist")
    # Write next to the target and rename, so a failure never leaves half a report.
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".md":
            partial.write_text(markdown_report(view), encoding="utf-8")
        else:
            pdf_report(view, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def cmd_recommend(args: argparse.Namespace) -> int:
    from assistant.advice.profile_io import ProfileError, load_profile
    from assistant.advice.report import markdown_report
    from assistant.wiring import build_advisor

    try:
        profile = load_profile(Path(args.profile))
    except ProfileError as exc:
        raise UsageError(str(exc)) from None
    if args.report and Path(args.report).suffix.lower() not in (".md", ".pdf"):
        raise UsageError(f"--report {args.report}: use a file name ending in .md or .pdf")
    advisor = build_advisor(settings_from_env())
    load_at_start(advisor)
    recommendation = advisor.recommend(profile)
    view = advisor.present(recommendation, profile, lang=args.lang)
    if args.report:
        written = write_report(view, args.report)
        print(f"report written to {written}", file=sys.stderr)
    if args.json:
        _print_json(recommendation.model_dump(mode="json"))
    else:
        print(markdown_report(view))
    return 0


def _register_recommend(commands: Any) -> None:
    rec = commands.add_parser("recommend", help="Recommend from a use-case profile (JSON).")
    rec.add_argument("--profile", required=True, help="the profile, a JSON file")
    rec.add_argument("--json", action="store_true", help="print the recommendation as JSON")
    rec.add_argument("--report", help="also write a report: out.md or out.pdf")
    rec.add_argument(
        "--lang",
        choices=("en", "ja"),
        default="en",
        help="the language of the report and the printed recommendation (en or ja)",
    )
    rec.set_defaults(handler=cmd_recommend)


_EXTRA_COMMANDS.append(_register_recommend)


# -- assess: the interview in a terminal -------------------------------------------------


def cmd_assess(args: argparse.Namespace) -> int:
    from assistant.advice.report import markdown_report
    from assistant.questionnaire import Interview
    from assistant.wiring import build_advisor

    advisor = build_advisor(settings_from_env())
    load_at_start(advisor)
    interview = Interview()
    similarity = advisor.similarity
    out = sys.stderr if args.json else sys.stdout
    print(
        "Adoption Advisor: a few questions about your use case. Answer in your own words; "
        "'skip' takes a default.",
        file=out,
    )
    while (question := interview.next_question()) is not None:
        answered, total = interview.progress()
        print(f"\n[{answered + 1}/{total}] {question.prompt}", file=out)
        for choice in question.choices:
            print(f"  - {choice.value}: {choice.description}", file=out)
        print("> ", end="", file=out, flush=True)
        line = sys.stdin.readline()
        if not line:
            raise UsageError("the interview ended before every question was answered")
        result = interview.answer(line.strip(), similarity)
        if not result.ok:
            print(result.message, file=out)
    profile = interview.to_profile()
    recommendation = advisor.recommend(profile)
    if args.save_profile:
        Path(args.save_profile).write_text(profile.model_dump_json(indent=2, exclude_none=True))
    view = advisor.present(recommendation, profile)
    if args.report:
        write_report(view, args.report)
        print(f"report written to {args.report}", file=sys.stderr)
    if args.json:
        _print_json(recommendation.model_dump(mode="json"))
    else:
        print("\n" + markdown_report(view))
    return 0


def _register_assess(commands: Any) -> None:
    assess = commands.add_parser("assess", help="The assessment interview in a terminal.")
    assess.add_argument("--json", action="store_true", help="print the recommendation as JSON")
    assess.add_argument("--report", help="also write a report: out.md or out.pdf")
    assess.add_argument("--save-profile", help="write the profile as JSON to this file")
    assess.set_defaults(handler=cmd_assess)


_EXTRA_COMMANDS.append(_register_assess)


# -- chat --------------------------------------------------------------------------------


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.conversation.limits import LOCAL_CLIENT
    from assistant.conversation.service import (
        AccessDenied,
        InvalidSessionId,
        LimitExceeded,
        SessionNotFound,
    )
    from assistant.wiring import build_advisor

    settings = settings_from_env()
    user = cli_user(settings, args.user)
    advisor = build_advisor(settings)
    load_at_start(advisor)
    conversation = advisor.conversation.as_user(user)
    try:  # the terminal is one local client for the limits, whatever its process
        opened = conversation.start(args.session, client=LOCAL_CLIENT, lang=args.lang)
    except (InvalidSessionId, LimitExceeded, SessionNotFound) as exc:
        raise UsageError(str(exc)) from None
    read_only = bool(args.session) and conversation.access_level(opened.session) == "read"
    session = opened.session
    if not args.json:
        print(f"(session {session}; it continues with --session {session})", file=sys.stderr)
        print(opened.reply + "\n")
    for line in sys.stdin:
        message = line.rstrip("\n")
        if not message.strip():
            continue
        if read_only:
            raise UsageError(str(AccessDenied(session, "read", "write")))
        reply = conversation.respond(session, message, client=LOCAL_CLIENT)
        if args.json:
            _print_json(reply.contract_json())
        else:
            if reply.notice:
                print(f"[{reply.notice}]")
            print(reply.reply + "\n", flush=True)
    return 0


def _register_chat(commands: Any) -> None:
    chat = commands.add_parser("chat", help="Chat from a terminal or a script (stdin lines).")
    chat.add_argument("--session", help="continue this session (created if new)")
    chat.add_argument("--json", action="store_true", help="one JSON object per answer")
    chat.add_argument(
        "--lang",
        choices=("en", "ja"),
        help="the language of the assessment (default: the language of the first message; "
        "a continued session keeps its own)",
    )
    add_user_option(chat)
    chat.set_defaults(handler=cmd_chat)


_EXTRA_COMMANDS.append(_register_chat)


# -- portfolio: every assessment side by side ---------------------------------------------


def _report_target(target: str) -> Path:
    """A report file name the command can write, or the one-line reason it cannot."""
    path = Path(target)
    if path.suffix.lower() not in (".md", ".pdf"):
        raise UsageError(f"--report {target}: use a file name ending in .md or .pdf")
    if not path.parent.exists():
        raise UsageError(f"--report {target}: the folder {path.parent} does not exist")
    return path


def cmd_portfolio(args: argparse.Namespace) -> int:
    from assistant.advice.portfolio import contract_json, filter_rows, portfolio_rows, sort_rows
    from assistant.advice.portfolio_report import (
        markdown_portfolio,
        pdf_portfolio,
        portfolio_report,
        text_table,
    )
    from assistant.conversation import access
    from assistant.conversation.store import SessionStore
    from assistant.pilot.service import Pilot

    target = _report_target(args.report) if args.report else None
    settings = settings_from_env()
    user = cli_user(settings, args.user)
    # Reading needs no index or model; a data folder without sessions is an empty portfolio
    # (and is not created just to say so).
    db = settings.sessions_db
    sessions = (
        SessionStore(settings.sessions_target) if settings.database_url or db.exists() else None
    )
    records = (
        [record for record, _ in access.visible(sessions, user)] if sessions is not None else []
    )
    decisions = Pilot(sessions).as_user(user).decision_of if sessions is not None else None
    rows = sort_rows(
        filter_rows(portfolio_rows(records, decisions), tracks=args.track, verdicts=args.verdict),
        args.sort,
    )
    report = portfolio_report(rows, name=args.name)
    if target is not None:
        # Written next to the target and renamed, so a failure never leaves half a file.
        partial = target.with_name(f".{target.name}.partial")
        try:
            if target.suffix.lower() == ".md":
                partial.write_text(markdown_portfolio(report), encoding="utf-8")
            else:
                pdf_portfolio(report, partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        print(f"portfolio written to {target}", file=sys.stderr)
    if args.json:
        _print_json([contract_json(row) for row in rows])
    else:
        sys.stdout.write(text_table(report))
    return 0


def _register_portfolio(commands: Any) -> None:
    from assistant.advice.portfolio import SORTS, TRACK_ORDER
    from assistant.advice.wording import VERDICT_LABELS

    portfolio = commands.add_parser(
        "portfolio", help="Every assessment side by side: verdict, track, cost, value, risk."
    )
    portfolio.add_argument("--json", action="store_true", help="print a JSON list")
    portfolio.add_argument(
        "--sort", choices=list(SORTS), default="value", help="order (default: value)"
    )
    portfolio.add_argument(
        "--track",
        action="append",
        choices=[*TRACK_ORDER, "none"],
        help="only this track (repeatable; none: assessed before tracks existed)",
    )
    portfolio.add_argument(
        "--verdict", action="append", choices=list(VERDICT_LABELS), help="only this verdict"
    )
    portfolio.add_argument("--report", help="also write it for a meeting: out.md or out.pdf")
    portfolio.add_argument("--name", default="Use-case portfolio", help="the report's title")
    add_user_option(portfolio)
    portfolio.set_defaults(handler=cmd_portfolio)


_EXTRA_COMMANDS.append(_register_portfolio)


# -- share: give colleagues access to an assessment ---------------------------------------


def cmd_share(args: argparse.Namespace) -> int:
    from assistant.conversation.service import AccessDenied, SessionNotFound
    from assistant.wiring import build_advisor

    settings = settings_from_env()
    user = cli_user(settings, args.user)
    conversation = build_advisor(settings).conversation.as_user(user)
    try:
        if args.remove:
            for colleague in args.remove:
                conversation.unshare(args.session, colleague)
        for colleague in args.with_ or []:
            conversation.share(args.session, colleague, args.level)
        shares = conversation.shares(args.session)
    except (SessionNotFound, AccessDenied, ValueError) as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        _print_json({"session": args.session, "shares": shares})
    elif not shares:
        print("Shared with nobody.")
    for colleague, level in sorted(shares.items()):
        if not args.json:
            print(f"{colleague}: {level}")
    return 0


def _register_share(commands: Any) -> None:
    share = commands.add_parser(
        "share", help="Share an assessment with colleagues (read, or write: ask and log)."
    )
    share.add_argument("--session", required=True, help="the assessment's session id")
    share.add_argument(
        "--with", dest="with_", action="append", metavar="EMAIL", help="share with (repeatable)"
    )
    share.add_argument(
        "--level", choices=["read", "write"], default="read", help="what they may do"
    )
    share.add_argument("--remove", action="append", metavar="EMAIL", help="stop sharing")
    share.add_argument("--json", action="store_true", help="print the shares as JSON")
    add_user_option(share)
    share.set_defaults(handler=cmd_share)


_EXTRA_COMMANDS.append(_register_share)


# -- ui ----------------------------------------------------------------------------------


def cmd_ui(args: argparse.Namespace) -> int:
    import os
    import subprocess

    settings_from_env()  # a bad setting is reported here, not inside the browser
    app = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    if not app.exists():
        raise UsageError(f"the web app is missing at {app}: run from a checkout of the project")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        # The shipped configuration (.streamlit/config.toml), passed as flags too so it
        # holds from any working directory.
        "--client.toolbarMode",
        "minimal",
        "--runner.magicEnabled",
        "false",
    ]
    print(f"Adoption Advisor on http://{args.address}:{args.port}", file=sys.stderr)
    return subprocess.call(command, env=env)


def _register_ui(commands: Any) -> None:
    ui = commands.add_parser("ui", help="Run the web app (Streamlit).")
    ui.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    ui.add_argument("--address", default="localhost", help="address to listen on")
    ui.set_defaults(handler=cmd_ui)


_EXTRA_COMMANDS.append(_register_ui)


# -- pilot: a team's PoC results (assistant/pilot/cli.py) --------------------------------


def _register_pilot(commands: Any) -> None:
    from assistant.pilot.cli import register

    register(commands)


_EXTRA_COMMANDS.append(_register_pilot)
