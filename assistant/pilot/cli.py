"""``python -m assistant pilot log | cost | remove | status``: a team's PoC results from a
script.

``log`` records one KPI measurement, ``cost`` what the pilot cost for how many requests,
``remove`` takes a wrong measurement out (log it again to correct it), ``status`` shows
everything judged against the plan with the decision. Bad input is exit 2 with one line
naming what is wrong and what is accepted; nothing is stored then.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from assistant.cli import UsageError, _print_json, add_user_option, cli_user, settings_from_env

if TYPE_CHECKING:
    from assistant.pilot.decision import PilotStatus
    from assistant.pilot.service import Pilot

STATUS_LABELS = {"met": "met", "missed": "missed", "unclear": "not settled", "no_target": "-"}


def _pilot(session: str, user: str | None) -> Pilot:
    from assistant.conversation.service import SESSION_ID_HELP
    from assistant.conversation.store import valid_session_id
    from assistant.wiring import build_advisor

    if not valid_session_id(session):
        raise UsageError(f"--session {session[:40]!r} is not valid: use {SESSION_ID_HELP}")
    settings = settings_from_env()
    return build_advisor(settings).conversation.pilot.as_user(cli_user(settings, user))


def _print_status(status: PilotStatus) -> None:
    from assistant.advice.wording import DECISION_LABELS
    from assistant.pilot.decision import describe

    if not status.judgements:
        print("Nothing logged yet for this assessment's pilot.")
    for j in status.judgements:
        when = f"[{j.measurement.period}] " if j.measurement.period else ""
        print(f"#{j.measurement.id} {when}{describe(j)}: {STATUS_LABELS[j.status]}")
    if status.cost is not None:
        print(f"Cost: {status.cost.reason}.")
    print(f"\nDecision: {DECISION_LABELS[status.decision.id]}. {status.decision.why}")


def _run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: the parser is built for every command, and these pull
    # in the statistics library (a second of a cold `ask`).
    from assistant.conversation.access import AccessDenied
    from assistant.conversation.store import SessionNotFound
    from assistant.pilot.measurements import PilotInputError
    from assistant.pilot.store import MeasurementNotFound

    pilot = _pilot(args.session, args.user)
    logged: dict[str, Any] | None = None
    try:
        if args.pilot_command == "log":
            measurement, status = pilot.log(
                args.session, args.kpi, args.value, args.baseline, args.n, args.period, args.note
            )
        elif args.pilot_command == "cost":
            measurement, status = pilot.log_cost(args.session, args.usd, args.requests, args.period)
        elif args.pilot_command == "remove":
            measurement, status = None, pilot.remove(args.session, args.id)
        else:
            measurement, status = None, pilot.status(args.session)
    except (SessionNotFound, MeasurementNotFound, AccessDenied) as exc:
        raise UsageError(str(exc)) from None
    except PilotInputError as exc:
        raise UsageError(str(exc)) from None
    if measurement is not None:
        logged = next(
            (j.as_json() for j in status.judgements if j.measurement.id == measurement.id), None
        )
    if args.json:
        _print_json({**status.as_json(), **({"logged": logged} if logged else {})})
        return 0
    if measurement is not None:
        print(f"Logged #{measurement.id}.", file=sys.stderr)
    elif args.pilot_command == "remove":
        print(f"Removed #{args.id}.", file=sys.stderr)
    _print_status(status)
    return 0


def register(commands: Any) -> None:
    pilot = commands.add_parser(
        "pilot", help="Log a PoC's results against the plan and get a decision."
    )
    sub = pilot.add_subparsers(dest="pilot_command", required=True, parser_class=type(pilot))

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--session", required=True, help="the assessment's session id")
        parser.add_argument("--json", action="store_true", help="print the status as JSON")
        add_user_option(parser)
        parser.set_defaults(handler=_run)

    log = sub.add_parser("log", help="Log one KPI measurement.")
    common(log)
    log.add_argument("--kpi", required=True, help="a KPI of the plan (any case) or a new one")
    log.add_argument(
        "--value", required=True, help="the measured value: 62%%, 0.62 or 62 for a share"
    )
    log.add_argument("--baseline", help="today's value, on the same scale")
    log.add_argument("--n", help="the number of items it was measured on")
    log.add_argument("--period", help='when: "week 3"')
    log.add_argument("--note", help="anything to remember about it")

    cost = sub.add_parser("cost", help="Log what the pilot cost and how many requests it served.")
    common(cost)
    cost.add_argument("--usd", required=True, help="what the pilot cost, in USD")
    cost.add_argument("--requests", required=True, help="how many requests that covered")
    cost.add_argument("--period", help='when: "weeks 1-3"')

    remove = sub.add_parser("remove", help="Remove a measurement (log it again to correct it).")
    common(remove)
    remove.add_argument("--id", required=True, type=_measurement_id, help="its number (#)")

    status = sub.add_parser("status", help="Every measurement against the plan, and the decision.")
    common(status)


def _measurement_id(value: str) -> int:
    if not value.strip().lstrip("#").isdigit():
        raise argparse.ArgumentTypeError(
            f"--id takes a measurement's number, as 'pilot status' shows it, not {value!r}"
        )
    return int(value.strip().lstrip("#"))
