"""Faults and hostile input, one module per hole found by a red-team pass, so the next
pass starts from them: inert Markdown (tricks.py, test_inert_markdown.py, and
tests/e2e/test_inert.py in a real browser), a Chroma outage, first-use races, hostile
profiles, passage ids, settings checked at start, re-index leftovers and model time-outs.
Each test fails on the code as it was before its fix."""
