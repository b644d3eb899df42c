"""The cost model: what each way of adopting a model would cost a month for one use case.

Hosted and private-endpoint APIs bill per token (one request priced with the dated price
data, times the volume); self-hosting, a small fine-tuned model and a classical model bill
per instance-hour, whether busy or idle, plus people time and amortised one-off work.
Pure and deterministic: money is exact decimal arithmetic, rounded to cents at the end,
so the same profile always gives the same bytes. Every figure's ``basis`` says its
arithmetic and the date of the prices and assumptions it rests on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypedDict

from pydantic import BaseModel, ConfigDict

from assistant.advice.prices import PRIVATE_TIER, TIERS, CostAssumptions, PriceBook
from assistant.schemas import Approach, CostOption, Latency, Profile

BREAK_EVEN_TIER = "mid"
"""Self-hosting is compared with the mid-tier API: the closest in quality to an 8B model
that has been tuned for the task (the comparison is on cost, not quality)."""
BREAK_EVEN_CAP = 10**10
"""Beyond this many requests a month a break-even is reported as none."""
DEFAULT_CURVE_VOLUMES: tuple[int, ...] = tuple(10**k for k in range(3, 10))
_SCAN_LIMIT = 100_000
_CENT = Decimal("0.01")
_SECONDS_PER_HOUR = 3600

# The hosted tiers as a manager reads them (the tier codes stay in the JSON).
TIER_WORDS: dict[str, str] = {
    "small": "small model",
    "mid": "mid-size model",
    "frontier": "frontier model",
}
APPROACH_LABELS: dict[Approach, str] = {
    "hosted_api": "Hosted API",
    "private_cloud_endpoint": "Private cloud endpoint",
    "self_hosted_open_weights": "Self-hosted open weights",
    "small_fine_tuned_model": "Small fine-tuned model",
    "non_generative": "Non-generative model",
}


class CurvePoint(TypedDict):
    """One option's monthly cost at one volume (a row of :func:`cost_curve`)."""

    monthly_requests: int
    approach: Approach
    tier: str | None
    option: str
    monthly_usd: float


class CostLine(BaseModel):
    """One priced option, richer than :class:`assistant.schemas.CostOption`: which hosted
    tier and model it prices (``tier`` is small/mid/frontier for hosted APIs, ``private``
    for the private endpoint, else None)."""

    model_config = ConfigDict(frozen=True)

    approach: Approach
    tier: str | None = None
    model: str | None = None
    monthly_usd: float
    basis: str

    @property
    def label(self) -> str:
        """A short human name, e.g. 'Hosted API, mid-size model (claude-sonnet-4-5)'."""
        name = APPROACH_LABELS[self.approach]
        if self.approach == "hosted_api":
            return f"{name}, {TIER_WORDS.get(self.tier or '', self.tier)} ({self.model})"
        return name

    def to_schema(self) -> CostOption:
        return CostOption(
            approach=self.approach,
            monthly_usd=self.monthly_usd,
            basis=self.basis,
            label=self.label,
            tier=self.tier,
            model=self.model,
        )


class CostEstimate(BaseModel):
    """Every option's monthly cost for one profile, the break-even and the price date."""

    model_config = ConfigDict(frozen=True)

    options: list[CostLine]
    """hosted_api x (small, mid, frontier), private_cloud_endpoint, self_hosted_open_weights,
    small_fine_tuned_model, non_generative, in that order."""
    break_even_monthly_requests: int | None
    """Requests a month from which self-hosting is cheaper than the mid-tier API at every
    higher volume, for this request size and latency; None if not below 10^10."""
    price_date: str
    """The price book's ``as_of``: the snapshot date, or negotiated prices plus it."""
    assumptions_as_of: str
    monthly_requests: int

    def option(self, approach: Approach, tier: str | None = None) -> CostLine:
        """The option for an approach (hosted APIs: the given tier, default mid)."""
        if approach == "hosted_api":
            tier = tier or BREAK_EVEN_TIER
        for line in self.options:
            if line.approach == approach and (approach != "hosted_api" or line.tier == tier):
                return line
        raise KeyError(f"no cost option for {approach} {tier or ''}".strip())

    def schema_options(self) -> list[CostOption]:
        return [line.to_schema() for line in self.options]


# --- sizing: everything about a profile that does not depend on the volume ---------------


@dataclass(frozen=True)
class _Fleet:
    """Instances billed by the hour: cost = fixed + per-instance x instances(volume)."""

    instance_monthly: Decimal
    fixed_monthly: Decimal
    load_per_request: Fraction
    """Instances busy at peak per monthly request (exact, so ceil() is exact)."""
    min_instances: int

    def load(self, monthly_requests: int) -> Fraction:
        return self.load_per_request * monthly_requests

    def instances(self, monthly_requests: int) -> int:
        return max(self.min_instances, math.ceil(self.load(monthly_requests)))

    def cost(self, monthly_requests: int) -> Decimal:
        return self.fixed_monthly + self.instance_monthly * self.instances(monthly_requests)


@dataclass(frozen=True)
class _Sizing:
    input_tokens: int
    output_tokens: int
    batch: bool
    realtime: bool
    per_request: dict[str, Decimal]
    """Exact price of one request per tier, the private tier including its uplift."""
    private_fixed: Decimal
    self_hosted: _Fleet
    fine_tuned: _Fleet
    non_generative: _Fleet

    def hosted_cost(self, tier: str, monthly_requests: int) -> Decimal:
        return self.per_request[tier] * monthly_requests

    def private_cost(self, monthly_requests: int) -> Decimal:
        return self.private_fixed + self.per_request[PRIVATE_TIER] * monthly_requests


def _dec(value: float | int) -> Decimal:
    return Decimal(str(value))


def _require(profile: Profile) -> tuple[int, int, int, Latency]:
    values = {
        "monthly_requests": profile.monthly_requests,
        "input_tokens": profile.input_tokens,
        "output_tokens": profile.output_tokens,
        "latency": profile.latency,
    }
    for field, value in values.items():
        if value is None:
            raise ValueError(
                f"the cost model needs {field}: fill the profile's defaults first "
                "(assistant.questionnaire.with_defaults)"
            )
        if isinstance(value, int) and value < 0:
            raise ValueError(f"{field} must be 0 or more, not {value}")
    assert profile.monthly_requests is not None and profile.input_tokens is not None
    assert profile.output_tokens is not None and profile.latency is not None
    return profile.monthly_requests, profile.input_tokens, profile.output_tokens, profile.latency


def _gpu_fleet(
    a: CostAssumptions,
    *,
    hourly: str,
    output_tps: str,
    input_tps: str,
    fixed: Decimal,
    input_tokens: int,
    output_tokens: int,
    batch: bool,
    realtime: bool,
) -> _Fleet:
    factor = Fraction(a.exact("realtime_throughput_factor")) if realtime else Fraction(1)
    gpu_seconds = Fraction(output_tokens) / (Fraction(a.exact(output_tps)) * factor) + Fraction(
        input_tokens
    ) / (Fraction(a.exact(input_tps)) * factor)
    return _Fleet(
        instance_monthly=a.exact(hourly) * a.exact("hours_per_month"),
        fixed_monthly=fixed,
        load_per_request=gpu_seconds * _headroom(a, batch) / _seconds_per_month(a),
        min_instances=a.min_instances_batch if batch else a.min_instances_online,
    )


def _headroom(a: CostAssumptions, batch: bool) -> Fraction:
    # Batch work is queued and spread over the day, so it needs no capacity for peaks.
    return Fraction(1) if batch else Fraction(a.exact("peak_headroom_factor"))


def _seconds_per_month(a: CostAssumptions) -> Fraction:
    return Fraction(a.exact("hours_per_month")) * _SECONDS_PER_HOUR


def _amortised(a: CostAssumptions, key: str) -> Decimal:
    return a.exact(key) / a.amortisation_months


def _sizing(profile: Profile, prices: PriceBook, a: CostAssumptions) -> _Sizing:
    _, input_tokens, output_tokens, latency = _require(profile)
    batch = latency is Latency.BATCH
    realtime = latency is Latency.REALTIME
    per_request = {
        tier: prices.request_cost_exact(tier, input_tokens, output_tokens, batch)
        for tier in (*TIERS, PRIVATE_TIER)
    }
    per_request[PRIVATE_TIER] *= 1 + a.exact("private_endpoint_token_uplift")
    tokens = {"input_tokens": input_tokens, "output_tokens": output_tokens}
    return _Sizing(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        batch=batch,
        realtime=realtime,
        per_request=per_request,
        private_fixed=a.exact("private_networking_usd_per_month"),
        self_hosted=_gpu_fleet(
            a,
            hourly="gpu_hourly_usd",
            output_tps="gpu_output_tokens_per_second",
            input_tps="gpu_input_tokens_per_second",
            fixed=a.exact("self_hosted_ops_usd_per_month"),
            batch=batch,
            realtime=realtime,
            **tokens,
        ),
        fine_tuned=_gpu_fleet(
            a,
            hourly="fine_tuned_hourly_usd",
            output_tps="fine_tuned_output_tokens_per_second",
            input_tps="fine_tuned_input_tokens_per_second",
            fixed=_amortised(a, "fine_tune_one_off_usd") + a.exact("fine_tuned_ops_usd_per_month"),
            batch=batch,
            realtime=realtime,
            **tokens,
        ),
        non_generative=_Fleet(
            instance_monthly=a.exact("cpu_hourly_usd") * a.exact("hours_per_month"),
            fixed_monthly=_amortised(a, "non_generative_build_usd")
            + a.exact("non_generative_ops_usd_per_month"),
            load_per_request=_headroom(a, batch)
            / (Fraction(a.exact("cpu_requests_per_second")) * _seconds_per_month(a)),
            min_instances=a.min_instances_batch if batch else a.min_instances_online,
        ),
    )


def _exact_cost(sizing: _Sizing, approach: Approach, tier: str | None, n: int) -> Decimal:
    if approach == "hosted_api":
        return sizing.hosted_cost(tier or BREAK_EVEN_TIER, n)
    if approach == "private_cloud_endpoint":
        return sizing.private_cost(n)
    if approach == "self_hosted_open_weights":
        return sizing.self_hosted.cost(n)
    if approach == "small_fine_tuned_model":
        return sizing.fine_tuned.cost(n)
    if approach == "non_generative":
        return sizing.non_generative.cost(n)
    raise ValueError(f"unknown approach {approach!r}")


def _cents(value: Decimal) -> float:
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


# --- break-even -------------------------------------------------------------------------


def _break_even(per_request: Decimal, fleet: _Fleet, cap: int = BREAK_EVEN_CAP) -> int | None:
    """The smallest volume N from which ``fleet`` is cheaper than paying ``per_request``
    at N and at every higher volume; None if that is above ``cap`` or never.

    The fleet's cost is a staircase (one more instance at each step) and the API's a
    straight line, so self-hosting can dip below the API just before a new instance tips
    it back: reporting the point after which it stays cheaper is the honest figure.
    Exact rational arithmetic, and O(1) steps for realistic inputs.
    """
    c = Fraction(per_request)
    fixed = Fraction(fleet.fixed_monthly)
    unit = Fraction(fleet.instance_monthly)
    q = fleet.load_per_request
    m = fleet.min_instances
    if c <= 0:
        return None
    if q == 0:  # no load per request: a flat cost, overtaken once
        flat = math.floor((fixed + unit * m) / c) + 1
        return flat if flat <= cap else None
    # Each extra instance serves 1/q requests that would cost c/q on the API; it must cost
    # less than that (sigma > 0) or the API stays cheaper for ever.
    sigma = 1 / q - unit / c
    if sigma <= 0:
        return None

    def first(j: int) -> int:  # the smallest volume that needs j instances
        return 0 if j == m else math.floor((j - 1) / q) + 1

    def last(j: int) -> int:  # the largest volume that needs j instances
        return math.floor(j / q)

    def last_not_cheaper(j: int) -> int:  # API cost c*N <= fleet cost with j instances
        return math.floor((fixed + unit * j) / c)

    # On step j some volume is not cheaper only if (fixed + unit*j)/c > (j-1)/q, i.e. below
    # this j; every higher step is cheaper throughout. Scan down to the highest such step.
    top = max(m, math.ceil((fixed / c + 1 / q) / sigma))
    for j in range(top, max(m, top - _SCAN_LIMIT) - 1, -1):
        lo, hi = first(j), last(j)
        if hi >= lo and last_not_cheaper(j) >= lo:
            found = min(hi, last_not_cheaper(j)) + 1
            return found if found <= cap else None
    # Only for absurd inputs (a step narrower than one request): a safe upper bound.
    bound = first(top)  # pragma: no cover
    return bound if bound <= cap else None  # pragma: no cover


# --- wording ----------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    cents = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    if cents == cents.to_integral_value():
        return f"${int(cents):,}"
    return f"${cents:,.2f}"


def _rate(value: Decimal) -> str:
    """A unit price with the precision it has: $0.40, $1.861, $0.0893."""
    value = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
    exponent = value.as_tuple().exponent
    decimals = max(2, -exponent if isinstance(exponent, int) else 2)
    return f"${value:,.{decimals}f}"


def _number(value: Decimal | float) -> str:
    return f"{Decimal(str(value)).normalize():,f}"


def _rates(prices: PriceBook, tier: str, sizing: _Sizing) -> tuple[str, str]:
    """Effective per-million-token rates for this request size (long prompts can move a
    tiered model to dearer rates), as the reader can re-multiply them."""
    probe_in = sizing.input_tokens or 1_000
    probe_out = sizing.output_tokens or 1_000
    price_in, price_out = prices.request_prices(tier, probe_in, probe_out, sizing.batch)
    million = Decimal(1_000_000)
    return _rate(price_in * million / probe_in), _rate(price_out * million / probe_out)


def _token_basis(prices: PriceBook, tier: str, sizing: _Sizing, n: int) -> str:
    ref = prices.tier(tier)
    rate_in, rate_out = _rates(prices, tier, sizing)
    kind = prices.price_label(tier)
    if sizing.batch and not prices.discounted_for_batch(tier):
        kind = "batch " + kind
    text = (
        f"{n:,} requests x ({sizing.input_tokens:,} in + {sizing.output_tokens:,} out tokens) "
        f"at {ref.label} {kind}: {rate_in}/{rate_out} per M tokens"
    )
    if sizing.batch and prices.discounted_for_batch(tier):
        discount = prices.assumptions.exact("batch_discount") * 100
        text += f", less the assumed {_number(discount)}% batch discount"
    return text


def _fleet_basis(
    fleet: _Fleet,
    n: int,
    *,
    instance: str,
    hourly: Decimal,
    hours: Decimal,
    unit: str,
    throughput: str,
    batch: bool,
) -> str:
    count = fleet.instances(n)
    why_min = "batch work" if batch else "availability"
    return (
        f"{count} x {instance} at {_rate(hourly)}/h x {_number(hours)} h: {n:,} requests "
        f"{_peak_load(float(fleet.load(n)), unit)} at peak ({throughput}), minimum "
        f"{fleet.min_instances} for {why_min}"
    )


def _peak_load(load: float, unit: str) -> str:
    """'need 3.30 GPUs', or for less than one: 'keep 12% of one GPU busy' (never '0.00')."""
    if load >= 1:
        return f"need {load:,.2f} {unit}"
    one = unit.removesuffix("s")
    if load < 0.01:
        return f"keep under 1% of one {one} busy"
    return f"keep {load:.0%} of one {one} busy"


def _gpu_throughput(a: CostAssumptions, out_key: str, in_key: str, sizing: _Sizing) -> str:
    text = (
        f"{_number(a.exact(out_key))} generated + {_number(a.exact(in_key))} prompt "
        "tokens/s per GPU"
    )
    if sizing.realtime:
        text += f" x {_number(a.exact('realtime_throughput_factor'))} for realtime latency"
    if not sizing.batch:
        text += f", {_number(a.exact('peak_headroom_factor'))}x peak headroom"
    return text


# --- the estimate -----------------------------------------------------------------------


def _lines(sizing: _Sizing, prices: PriceBook, a: CostAssumptions, n: int) -> list[CostLine]:
    dated = f"assumptions of {a.label}"
    hours = a.exact("hours_per_month")
    lines = [
        CostLine(
            approach="hosted_api",
            tier=tier,
            model=prices.tier(tier).model,
            monthly_usd=_cents(sizing.hosted_cost(tier, n)),
            basis=_token_basis(prices, tier, sizing, n) + ".",
        )
        for tier in TIERS
    ]
    uplift = a.exact("private_endpoint_token_uplift")
    lines.append(
        CostLine(
            approach="private_cloud_endpoint",
            tier=PRIVATE_TIER,
            model=prices.tier(PRIVATE_TIER).model,
            monthly_usd=_cents(sizing.private_cost(n)),
            basis=_token_basis(prices, PRIVATE_TIER, sizing, n)
            + (f", plus a {_number(uplift * 100)}% private-endpoint uplift" if uplift else "")
            + f", plus {_money(sizing.private_fixed)} a month for private networking "
            f"({dated}).",
        )
    )
    gpu = sizing.self_hosted
    lines.append(
        CostLine(
            approach="self_hosted_open_weights",
            model=a.open_weight_model,
            monthly_usd=_cents(gpu.cost(n)),
            basis=_fleet_basis(
                gpu,
                n,
                instance=a.gpu_instance,
                hourly=a.exact("gpu_hourly_usd"),
                hours=hours,
                unit="GPUs",
                throughput=_gpu_throughput(
                    a, "gpu_output_tokens_per_second", "gpu_input_tokens_per_second", sizing
                ),
                batch=sizing.batch,
            )
            + f", plus {_money(a.exact('self_hosted_ops_usd_per_month'))} a month operations,"
            f" serving {a.open_weight_model}; idle hours are billed too ({dated}).",
        )
    )
    small = sizing.fine_tuned
    lines.append(
        CostLine(
            approach="small_fine_tuned_model",
            monthly_usd=_cents(small.cost(n)),
            basis=f"{_money(a.exact('fine_tune_one_off_usd'))} one-off fine-tuning over "
            f"{a.amortisation_months} months "
            f"({_money(_amortised(a, 'fine_tune_one_off_usd'))} a month) plus "
            + _fleet_basis(
                small,
                n,
                instance=a.fine_tuned_instance,
                hourly=a.exact("fine_tuned_hourly_usd"),
                hours=hours,
                unit="GPUs",
                throughput=_gpu_throughput(
                    a,
                    "fine_tuned_output_tokens_per_second",
                    "fine_tuned_input_tokens_per_second",
                    sizing,
                ),
                batch=sizing.batch,
            )
            + f", plus {_money(a.exact('fine_tuned_ops_usd_per_month'))} a month operations "
            f"({dated}).",
        )
    )
    classical = sizing.non_generative
    throughput = f"{_number(a.exact('cpu_requests_per_second'))} requests/s each"
    if not sizing.batch:
        throughput += f", {_number(a.exact('peak_headroom_factor'))}x peak headroom"
    lines.append(
        CostLine(
            approach="non_generative",
            monthly_usd=_cents(classical.cost(n)),
            basis=f"{_money(a.exact('non_generative_build_usd'))} one-off build over "
            f"{a.amortisation_months} months "
            f"({_money(_amortised(a, 'non_generative_build_usd'))} a month) plus "
            + _fleet_basis(
                classical,
                n,
                instance=a.cpu_instance,
                hourly=a.exact("cpu_hourly_usd"),
                hours=hours,
                unit="instances",
                throughput=throughput,
                batch=sizing.batch,
            )
            + f", plus {_money(a.exact('non_generative_ops_usd_per_month'))} a month "
            f"operations ({dated}).",
        )
    )
    return lines


def estimate_costs(
    profile: Profile, prices: PriceBook, assumptions: CostAssumptions | None = None
) -> CostEstimate:
    """Monthly cost of every option for a profile whose defaults are filled in
    (``monthly_requests``, ``input_tokens``, ``output_tokens`` and ``latency`` must be
    set, else ValueError). ``assumptions`` default to the price book's own."""
    a = assumptions or prices.assumptions
    sizing = _sizing(profile, prices, a)
    n = profile.monthly_requests or 0
    return CostEstimate(
        options=_lines(sizing, prices, a, n),
        break_even_monthly_requests=_break_even(
            sizing.per_request[BREAK_EVEN_TIER], sizing.self_hosted
        ),
        price_date=prices.as_of,
        assumptions_as_of=a.label,
        monthly_requests=n,
    )


def break_even_monthly_requests(
    profile: Profile,
    prices: PriceBook,
    tier: str = BREAK_EVEN_TIER,
    assumptions: CostAssumptions | None = None,
) -> int | None:
    """Like ``CostEstimate.break_even_monthly_requests`` but against any hosted tier (e.g.
    the small tier an engine recommends for classification)."""
    if tier not in TIERS:
        raise ValueError(f"unknown hosted tier {tier!r}; use one of {', '.join(TIERS)}")
    sizing = _sizing(profile, prices, assumptions or prices.assumptions)
    return _break_even(sizing.per_request[tier], sizing.self_hosted)


def monthly_cost_exact(
    profile: Profile,
    prices: PriceBook,
    approach: Approach,
    tier: str | None = None,
    *,
    monthly_requests: int | None = None,
    assumptions: CostAssumptions | None = None,
) -> Decimal:
    """The exact (unrounded) monthly cost of one option; ``monthly_requests`` replaces the
    profile's volume; ``tier`` picks the hosted tier (default mid)."""
    sizing = _sizing(profile, prices, assumptions or prices.assumptions)
    n = profile.monthly_requests if monthly_requests is None else monthly_requests
    if n is None or n < 0:
        raise ValueError("monthly_requests must be 0 or more")
    return _exact_cost(sizing, approach, tier, n)


def monthly_cost(
    profile: Profile,
    prices: PriceBook,
    approach: Approach,
    tier: str | None = None,
    *,
    monthly_requests: int | None = None,
    assumptions: CostAssumptions | None = None,
) -> float:
    """:func:`monthly_cost_exact` rounded to cents."""
    return _cents(
        monthly_cost_exact(
            profile,
            prices,
            approach,
            tier,
            monthly_requests=monthly_requests,
            assumptions=assumptions,
        )
    )


def cost_curve(
    profile: Profile,
    prices: PriceBook,
    assumptions: CostAssumptions | None = None,
    volumes: Sequence[int] | None = None,
) -> list[CurvePoint]:
    """Monthly cost of every option at each volume, for a break-even chart.

    Long format, one row per (volume, option), ready for altair: ``monthly_requests``,
    ``approach``, ``tier`` (None unless hosted/private), ``option`` (a human label) and
    ``monthly_usd``. Default volumes: 0, 10^3 ... 10^9, the profile's volume and the
    break-even, sorted.
    """
    a = assumptions or prices.assumptions
    sizing = _sizing(profile, prices, a)
    if volumes is None:
        points = {0, *DEFAULT_CURVE_VOLUMES, profile.monthly_requests or 0}
        even = _break_even(sizing.per_request[BREAK_EVEN_TIER], sizing.self_hosted)
        if even is not None:
            points.add(even)
        volumes = sorted(points)
    options: list[tuple[Approach, str | None, str]] = [
        ("hosted_api", tier, f"Hosted API, {TIER_WORDS[tier]} ({prices.tier(tier).label})")
        for tier in TIERS
    ]
    options += [
        (approach, PRIVATE_TIER if approach == "private_cloud_endpoint" else None, label)
        for approach, label in APPROACH_LABELS.items()
        if approach != "hosted_api"
    ]
    rows: list[CurvePoint] = []
    for n in volumes:
        if n < 0:
            raise ValueError(f"volumes must be 0 or more, not {n}")
        for approach, tier, label in options:
            rows.append(
                {
                    "monthly_requests": n,
                    "approach": approach,
                    "tier": tier,
                    "option": label,
                    "monthly_usd": _cents(_exact_cost(sizing, approach, tier, n)),
                }
            )
    return rows
