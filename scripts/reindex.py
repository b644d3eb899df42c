"""Re-index the knowledge base into Chroma (admin).

    python scripts/reindex.py [--full] [--dry-run] [--json]

Incremental by default; a failed or interrupted run leaves the served index as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.cli import UsageError, progress_bar, settings_from_env
from assistant.errors import describe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/reindex.py", description=__doc__)
    parser.add_argument("--full", action="store_true", help="re-embed every document")
    parser.add_argument("--dry-run", action="store_true", help="report changes, write nothing")
    parser.add_argument("--json", action="store_true", help="print one JSON summary")
    args = parser.parse_args(argv)

    from assistant.kb.documents import DocumentError
    from assistant.kb.indexing import ReindexBusy
    from assistant.wiring import build_advisor

    try:
        advisor = build_advisor(settings_from_env())
        show_bar = sys.stderr.isatty() and not args.json
        with progress_bar(show_bar, "Embedding passages") as progress:
            summary = advisor.reindex(full=args.full, dry_run=args.dry_run, progress=progress)
    except (UsageError, DocumentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ReindexBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted: the served index is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:
        print(f"error: {describe(exc)}; the served index is unchanged", file=sys.stderr)
        return 1
    if args.json:
        keys = (
            "documents",
            "chunks",
            "added",
            "updated",
            "deleted",
            "unchanged",
            "moved",
            "seconds",
            "collection",
        )
        out = {key: getattr(summary, key) for key in keys}
        out["dry_run"] = summary.dry_run
        print(json.dumps(out))
    else:
        verb = "Would change" if summary.dry_run else "Indexed"
        print(
            f"{verb} {summary.documents} documents ({summary.chunks} passages): "
            f"{summary.added} added, {summary.updated} updated, {summary.deleted} deleted, "
            f"{summary.unchanged} unchanged"
            + (f" ({summary.moved} moved: paths updated)" if summary.moved else "")
            + f" in {summary.seconds:.1f} s "
            f"-> collection {summary.collection or '(none)'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
