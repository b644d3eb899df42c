"""How sure a measured share is: a confidence interval and the items that would settle it.

A share measured on 40 items is not the same evidence as on 4,000. The interval is the
Wilson score interval at 95% from SciPy (``binomtest(...).proportion_ci``): unlike the
textbook normal interval it stays inside 0-1 and behaves at 0% and 100% and on small
samples. "Settled" means the interval lies wholly on one side of the target; the items
that would settle it are found by asking SciPy for the interval at larger samples with the
same observed share (a search over n, not a formula of our own).
"""

from __future__ import annotations

from scipy.stats import binomtest

CONFIDENCE = 0.95
# Beyond this the gap between the share and the target is too small to be worth settling:
# the answer is "it is at the target", not "measure ten million more".
MAX_SETTLE_N = 10_000_000


def proportion_interval(share: float, n: int) -> tuple[float, float]:
    """The 95% Wilson interval of a share observed on ``n`` items."""
    successes = min(n, max(0, round(share * n)))
    ci = binomtest(successes, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return float(ci.low), float(ci.high)


def clears(interval: tuple[float, float], target: float) -> bool:
    """Whether the interval lies wholly on one side of the target."""
    low, high = interval
    return low > target or high < target


def items_to_settle(share: float, n: int, target: float) -> int | None:
    """How many more items, at the same observed share, would put the interval wholly on
    one side of the target: 0 when it already is, ``None`` when no plausible sample would
    (the share is at, or within a hair of, the target)."""
    if clears(proportion_interval(share, n), target):
        return 0
    if share == target:
        return None
    low, high = n, n
    while not clears(proportion_interval(share, high), target):
        if high >= MAX_SETTLE_N:
            return None
        low, high = high, min(MAX_SETTLE_N, high * 2)
    # The interval narrows as n grows (up to rounding of share * n, which the search
    # tolerates: it finds a sample that clears, at most a few items above the smallest).
    while high - low > 1:
        middle = (low + high) // 2
        if clears(proportion_interval(share, middle), target):
            high = middle
        else:
            low = middle
    return high - n
