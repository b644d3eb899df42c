"""The cost model: what each way of adopting a model would cost a month for one use case.

Work is priced as what it is. Text is priced per token; reading images per image (at
least one image's tokens a request); speech per audio minute transcribed plus the text
model on the transcript; image generation per generated image. Hosted and private-endpoint
APIs bill per unit (one request priced with the dated price data, times the volume);
self-hosting, a small fine-tuned model or detector and a classical model bill per
instance, busy or idle, plus operations that grow with the fleet and amortised one-off
work. The always-on minimum of a rented GPU fleet is priced at a one-year committed rate
(it runs every hour whatever the volume); on premises every instance is owned hardware
(purchase amortised, power, space, support), never a cloud hourly rate.

Pure and deterministic. Money is floating point, rounded half-up to cents at the end with a
tolerance far below a cent for floating-point noise: every figure shown is rounded, and the
tests check it equal to exact decimal arithmetic to the cent. Every figure's ``basis`` says
its arithmetic and the date of the prices and assumptions it rests on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypedDict

from pydantic import BaseModel, ConfigDict

from assistant.advice.prices import (
    IMAGE_GENERATION,
    PRIVATE_TIER,
    TIERS,
    TRANSCRIPTION,
    CostAssumptions,
    PriceBook,
    generated_image_price,
    transcription_per_minute,
)
from assistant.i18n import N_
from assistant.schemas import Approach, CostOption, Deployment, Latency, Profile, TaskType

BREAK_EVEN_TIER = "mid"
"""The estimate's own break-even compares self-hosting with the mid-tier API: the closest in
quality to an 8B model tuned for the task (the comparison is on cost, not quality). The
recommendation states its break-even against the option it recommends instead."""
BREAK_EVEN_CAP = 10**10
"""Beyond this many requests a month a break-even is reported as none."""
DEFAULT_CURVE_VOLUMES: tuple[int, ...] = tuple(10**k for k in range(3, 10))
IMAGE_TIER = "image"
"""The tier code of the one hosted image-generation reference."""
_SCAN_LIMIT = 100_000
_SECONDS_PER_HOUR = 3600
_NOISE = 1e-12  # relative: far above floating-point error, far below one unit

Modality = Literal["text", "image_input", "audio_input", "image_output"]
MODALITY_WORDS: dict[str, str] = {
    "text": "text",
    "image_input": "images read",
    "audio_input": "speech transcribed",
    "image_output": "images generated",
}

# The hosted tiers as a manager reads them (the tier codes stay in the JSON).
TIER_WORDS: dict[str, str] = {
    "small": N_("small model"),
    "mid": N_("mid-size model"),
    "frontier": N_("frontier model"),
    IMAGE_TIER: N_("image model"),
}
APPROACH_LABELS: dict[Approach, str] = {
    "hosted_api": N_("Hosted API"),
    "private_cloud_endpoint": N_("Private cloud endpoint"),
    "self_hosted_open_weights": N_("Self-hosted open weights"),
    "small_fine_tuned_model": N_("Small fine-tuned model"),
    "non_generative": N_("Non-generative model"),
}
FLEET_APPROACHES: tuple[Approach, ...] = (
    "self_hosted_open_weights",
    "small_fine_tuned_model",
    "non_generative",
)


class CurvePoint(TypedDict):
    """One option's monthly cost at one volume (a row of :func:`cost_curve`)."""

    monthly_requests: int
    approach: Approach
    tier: str | None
    option: str
    monthly_usd: float


class CostLine(BaseModel):
    """One priced option, richer than :class:`assistant.schemas.CostOption`: which hosted
    tier and model it prices (``tier`` is small/mid/frontier for hosted text APIs, image
    for the hosted image model, ``private`` for the private endpoint, else None)."""

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
        # Every field is already validated here: building it unchecked saves the engine's
        # hot path a second validation of the same values.
        return CostOption.model_construct(
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
    """The options that apply to the work, in this order: hosted_api (small, mid, frontier;
    one image tier for image generation), private_cloud_endpoint, self_hosted_open_weights,
    then small_fine_tuned_model and non_generative where they can do the work (text: both;
    images read or speech: a small fine-tuned model or detector; images generated:
    neither)."""
    break_even_monthly_requests: int | None
    """Requests a month from which self-hosting is cheaper than the mid-tier API at every
    higher volume, for this request size and latency; None if not below 10^10."""
    price_date: str
    """The price book's ``as_of``: the snapshot date, or negotiated prices plus it."""
    assumptions_as_of: str
    monthly_requests: int
    modality: Modality = "text"

    def option(self, approach: Approach, tier: str | None = None) -> CostLine:
        """The option for an approach (hosted APIs: the given tier, default mid; the one
        hosted line when the work has a single hosted reference)."""
        lines = [line for line in self.options if line.approach == approach]
        if approach == "hosted_api":
            wanted = tier or BREAK_EVEN_TIER
            lines = [line for line in lines if line.tier == wanted] or lines[:1]
        if not lines:
            raise KeyError(f"no cost option for {approach} {tier or ''}".strip())
        return lines[0]

    def has(self, approach: Approach) -> bool:
        return any(line.approach == approach for line in self.options)

    def schema_options(self) -> list[CostOption]:
        return [line.to_schema() for line in self.options]


# --- what kind of work it is -------------------------------------------------------------


def _cue_pattern(cues: Sequence[str]) -> re.Pattern[str]:
    words = sorted({c.strip().lower() for c in cues if c.strip()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


_CUES: dict[tuple[str, ...], re.Pattern[str]] = {}


def generates_images(profile: Profile, a: CostAssumptions) -> bool:
    """Whether the use case asks for pictures to be made (``image_generation_cues``)."""
    key = tuple(a.image_generation_cues)
    pattern = _CUES.get(key)
    if pattern is None:
        pattern = _CUES.setdefault(key, _cue_pattern(key))
    return pattern.search(profile.use_case.lower()) is not None


def modality_of(profile: Profile, a: CostAssumptions) -> Modality:
    """How the work is billed: images generated (drafting, vision or other work whose use
    case asks for pictures), images read (vision), speech (transcribed), else text."""
    task = profile.task_type
    if task in (TaskType.DRAFTING, TaskType.VISION, TaskType.OTHER) and generates_images(
        profile, a
    ):
        return "image_output"
    if task is TaskType.VISION:
        return "image_input"
    if task is TaskType.SPEECH:
        return "audio_input"
    return "text"


def approaches_for(modality: Modality) -> tuple[Approach, ...]:
    """The approaches that can do this kind of work, in the estimate's order."""
    if modality == "image_output":
        return ("hosted_api", "private_cloud_endpoint", "self_hosted_open_weights")
    if modality in ("image_input", "audio_input"):
        return (
            "hosted_api",
            "private_cloud_endpoint",
            "self_hosted_open_weights",
            "small_fine_tuned_model",
        )
    return (
        "hosted_api",
        "private_cloud_endpoint",
        *FLEET_APPROACHES,
    )


def cost_documents(modality: Modality, deployment: Deployment | None, fleet: bool) -> list[str]:
    """The knowledge documents the figures of this kind of work rest on: per-minute and
    per-image pricing, and the total cost of owned or committed GPUs when the choice runs
    on them."""
    docs = {
        "audio_input": ["costs-speech-to-text-and-text-to-speech-pricing"],
        "image_output": ["costs-image-generation-pricing"],
    }.get(modality, [])
    if deployment is Deployment.ON_PREMISES or fleet:
        docs.append("costs-on-premises-and-reserved-gpu-tco")
    return docs


# --- sizing: everything about a profile that does not depend on the volume ---------------


def _ceil(value: float) -> int:
    """ceil() that ignores floating-point noise (3.0000000000004 instances are 3)."""
    return math.ceil(value - _NOISE * max(1.0, abs(value)))


def _floor(value: float) -> int:
    return math.floor(value + _NOISE * max(1.0, abs(value)))


def _cents(value: float) -> float:
    """Half-up to cents, as exact decimal arithmetic would give it."""
    scaled = value * 100 + 0.5
    return math.floor(scaled + max(1e-9, 2e-15 * abs(scaled))) / 100


@dataclass(frozen=True)
class _Fleet:
    """Instances billed by the month: the always-on minimum at ``committed_monthly``, the
    rest at ``instance_monthly``, each with ``ops_per_instance``, plus ``fixed_monthly``."""

    instance_monthly: float
    committed_monthly: float
    fixed_monthly: float
    ops_per_instance: float
    load_per_request: float
    """Instances busy at peak per monthly request."""
    min_instances: int
    owned: bool
    """On premises: ``instance_monthly`` is owned hardware, not a rate."""

    def load(self, monthly_requests: int) -> float:
        return self.load_per_request * monthly_requests

    def instances(self, monthly_requests: int) -> int:
        return max(self.min_instances, _ceil(self.load(monthly_requests)))

    def cost(self, monthly_requests: int) -> float:
        count = self.instances(monthly_requests)
        floor = min(count, self.min_instances)
        return (
            self.fixed_monthly
            + self.committed_monthly * floor
            + self.instance_monthly * (count - floor)
            + self.ops_per_instance * count
        )


@dataclass(frozen=True)
class _Api:
    """Billed per request, plus a fixed monthly charge (private networking)."""

    per_request: float
    fixed_monthly: float = 0.0

    def cost(self, monthly_requests: int) -> float:
        return self.fixed_monthly + self.per_request * monthly_requests


@dataclass(frozen=True)
class _Sizing:
    modality: Modality
    input_tokens: int
    output_tokens: int
    batch: bool
    realtime: bool
    on_premises: bool
    audio_minutes: float
    apis: dict[str, _Api]
    """Per hosted tier and the private tier."""
    fleets: dict[Approach, _Fleet]

    def line(self, approach: Approach, tier: str | None) -> _Api | _Fleet:
        if approach == "hosted_api":
            return self.apis.get(tier or BREAK_EVEN_TIER) or next(
                v for k, v in self.apis.items() if k != PRIVATE_TIER
            )
        if approach == "private_cloud_endpoint":
            return self.apis[PRIVATE_TIER]
        return self.fleets[approach]


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


def _owned_monthly(a: CostAssumptions, purchase: float, kw: float) -> float:
    """One owned unit a month: purchase amortised, power with overhead, space, support."""
    return (
        purchase / a.onprem_amortisation_months
        + kw * a.hours_per_month * a.onprem_pue * a.onprem_usd_per_kwh
        + a.onprem_space_usd_per_unit_month
        + purchase * a.onprem_support_fraction_per_year / 12
    )


def _fleet(
    a: CostAssumptions,
    *,
    hourly: float,
    owned: tuple[float, float] | None,
    committed: bool,
    fixed: float,
    ops_per_instance: float,
    seconds_per_request: float,
    batch: bool,
) -> _Fleet:
    if owned is not None:
        unit = _owned_monthly(a, *owned)
        reserved = unit
    else:
        unit = hourly * a.hours_per_month
        reserved = unit * (1 - a.committed_use_discount) if committed else unit
    headroom = 1.0 if batch else a.peak_headroom_factor
    return _Fleet(
        instance_monthly=unit,
        committed_monthly=reserved,
        fixed_monthly=fixed,
        ops_per_instance=ops_per_instance,
        load_per_request=seconds_per_request * headroom / (a.hours_per_month * _SECONDS_PER_HOUR),
        min_instances=a.min_instances_batch if batch else a.min_instances_online,
        owned=owned is not None,
    )


def _token_seconds(
    a: CostAssumptions, out_tps: float, in_tps: float, i: int, o: int, rt: bool
) -> float:
    factor = a.realtime_throughput_factor if rt else 1.0
    return o / (out_tps * factor) + i / (in_tps * factor)


def _sizing(profile: Profile, prices: PriceBook, a: CostAssumptions) -> _Sizing:
    _, input_tokens, output_tokens, latency = _require(profile)
    batch = latency is Latency.BATCH
    realtime = latency is Latency.REALTIME
    on_premises = profile.deployment is Deployment.ON_PREMISES
    modality = modality_of(profile, a)
    read_tokens = (
        max(input_tokens, a.image_input_tokens) if modality == "image_input" else input_tokens
    )
    minutes = input_tokens / a.tokens_per_audio_minute if modality == "audio_input" else 0.0
    factor = a.realtime_throughput_factor if realtime else 1.0

    apis: dict[str, _Api] = {}
    networking = a.private_networking_usd_per_month
    if modality == "image_output":
        image, _ = _image_price(prices, a, input_tokens, batch)
        apis[IMAGE_TIER] = _Api(image)
        apis[PRIVATE_TIER] = _Api(image * (1 + a.private_image_uplift), networking)
    else:
        spoken = minutes * _transcription(prices, a)[0]
        for tier in TIERS:
            apis[tier] = _Api(spoken + prices.request_cost(tier, read_tokens, output_tokens, batch))
        private = prices.request_cost(PRIVATE_TIER, read_tokens, output_tokens, batch) * (
            1 + a.private_endpoint_token_uplift
        )
        apis[PRIVATE_TIER] = _Api(
            minutes * a.private_transcription_usd_per_minute + private, networking
        )

    big = _token_seconds(
        a,
        a.gpu_output_tokens_per_second,
        a.gpu_input_tokens_per_second,
        read_tokens,
        output_tokens,
        realtime,
    )
    small = _token_seconds(
        a,
        a.fine_tuned_output_tokens_per_second,
        a.fine_tuned_input_tokens_per_second,
        input_tokens,
        output_tokens,
        realtime,
    )
    if modality == "image_output":
        big = a.image_gpu_seconds_per_image / factor
    elif modality == "audio_input":
        big += minutes * a.whisper_gpu_seconds_per_audio_minute / factor
        small += minutes * a.fine_tuned_whisper_gpu_seconds_per_audio_minute / factor
    elif modality == "image_input":
        small = 1 / (a.detector_images_per_second * factor)
    fleets: dict[Approach, _Fleet] = {
        "self_hosted_open_weights": _fleet(
            a,
            hourly=a.gpu_hourly_usd,
            owned=(a.onprem_gpu_usd, a.onprem_gpu_kw) if on_premises else None,
            committed=True,
            fixed=a.self_hosted_ops_usd_per_month,
            ops_per_instance=a.self_hosted_ops_usd_per_instance_month,
            seconds_per_request=big,
            batch=batch,
        )
    }
    approaches = approaches_for(modality)
    if "small_fine_tuned_model" in approaches:
        fleets["small_fine_tuned_model"] = _fleet(
            a,
            hourly=a.fine_tuned_hourly_usd,
            owned=(a.onprem_small_gpu_usd, a.onprem_small_gpu_kw) if on_premises else None,
            committed=True,
            fixed=a.fine_tune_one_off_usd / a.amortisation_months + a.fine_tuned_ops_usd_per_month,
            ops_per_instance=a.fine_tuned_ops_usd_per_instance_month,
            seconds_per_request=small,
            batch=batch,
        )
    if "non_generative" in approaches:
        fleets["non_generative"] = _fleet(
            a,
            hourly=a.cpu_hourly_usd,
            owned=(a.onprem_cpu_server_usd, a.onprem_cpu_kw) if on_premises else None,
            committed=False,  # a few cents an hour: not worth a commitment
            fixed=a.non_generative_build_usd / a.amortisation_months
            + a.non_generative_ops_usd_per_month,
            ops_per_instance=0.0,
            seconds_per_request=1 / a.cpu_requests_per_second,
            batch=batch,
        )
    return _Sizing(
        modality=modality,
        input_tokens=read_tokens,
        output_tokens=output_tokens,
        batch=batch,
        realtime=realtime,
        on_premises=on_premises,
        audio_minutes=minutes,
        apis=apis,
        fleets=fleets,
    )


# --- break-even -------------------------------------------------------------------------


def _break_even(
    per_request: float | Decimal,
    fleet: _Fleet,
    cap: int = BREAK_EVEN_CAP,
    api_fixed: float = 0.0,
) -> int | None:
    """The smallest volume N from which ``fleet`` is cheaper than an API billing
    ``api_fixed`` plus ``per_request`` a request, at N and at every higher volume; None if
    that is above ``cap`` or never.

    The fleet's cost is a staircase (one more instance at each step) and the API's a
    straight line, so self-hosting can dip below the API just before a new instance tips
    it back: reporting the point after which it stays cheaper is the honest figure.
    O(1) steps for realistic inputs.
    """
    c = float(per_request)
    m = fleet.min_instances
    unit = fleet.instance_monthly + fleet.ops_per_instance
    # From the minimum up, the fleet costs fixed + unit * instances.
    fixed = (
        fleet.fixed_monthly
        + (fleet.committed_monthly + fleet.ops_per_instance) * m
        - unit * m
        - api_fixed
    )
    q = fleet.load_per_request
    if c <= 0:
        return None
    if q == 0:  # no load per request: a flat cost, overtaken once
        flat = max(0, _floor((fixed + unit * m) / c) + 1)
        return flat if flat <= cap else None
    # Each extra instance serves 1/q requests that would cost c/q on the API; it must cost
    # less than that (sigma > 0) or the API stays cheaper for ever.
    sigma = 1 / q - unit / c
    if sigma <= _NOISE / q:
        return None

    def first(j: int) -> int:  # the smallest volume that needs j instances
        return 0 if j == m else _floor((j - 1) / q) + 1

    def last(j: int) -> int:  # the largest volume that needs j instances
        return _floor(j / q)

    def last_not_cheaper(j: int) -> int:  # API cost <= fleet cost with j instances
        return _floor((fixed + unit * j) / c)

    # On step j some volume is not cheaper only if (fixed + unit*j)/c > (j-1)/q, i.e. below
    # this j; every higher step is cheaper throughout. Scan down to the highest such step.
    top = max(m, _ceil((fixed / c + 1 / q) / sigma))
    bottom = max(m, top - _SCAN_LIMIT)
    for j in range(top, bottom - 1, -1):
        lo, hi = first(j), last(j)
        if hi >= lo and last_not_cheaper(j) >= lo:
            found = min(hi, last_not_cheaper(j)) + 1
            return found if found <= cap else None
    if bottom == m:
        return 0  # the fleet is cheaper at every volume
    # Only for absurd inputs (a step narrower than one request): a safe upper bound.
    bound = first(top)  # pragma: no cover
    return bound if bound <= cap else None  # pragma: no cover


# --- wording ----------------------------------------------------------------------------


def _money(value: float) -> str:
    cents = _cents(value)
    if cents == int(cents):
        return f"${int(cents):,}"
    return f"${cents:,.2f}"


def _rate(value: float) -> str:
    """A unit price with the precision it has: $0.40, $1.861, $0.0893."""
    text = f"{_floor(value * 10_000 + 0.5) / 10_000:,.4f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0").ljust(2, "0")
    return f"${whole}.{decimals}"


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0")


def _seconds(value: float) -> str:
    return f"{_number(value)} GPU-second{'' if value == 1 else 's'}"


def _rates(prices: PriceBook, tier: str, sizing: _Sizing) -> tuple[str, str]:
    """Effective per-million-token rates for this request size (long prompts can move a
    tiered model to dearer rates), as the reader can re-multiply them."""
    probe_in = sizing.input_tokens or 1_000
    probe_out = sizing.output_tokens or 1_000
    price_in, price_out = prices.request_prices(tier, probe_in, probe_out, sizing.batch)
    return (
        _rate(float(price_in) * 1_000_000 / probe_in),
        _rate(float(price_out) * 1_000_000 / probe_out),
    )


def _unit(sizing: _Sizing) -> str:
    return {
        "text": "requests",
        "image_input": "images",
        "audio_input": "recordings",
        "image_output": "images",
    }[sizing.modality]


def _token_basis(prices: PriceBook, tier: str, sizing: _Sizing, n: int) -> str:
    ref = prices.tier(tier)
    rate_in, rate_out = _rates(prices, tier, sizing)
    kind = prices.price_label(tier)
    if sizing.batch and not prices.discounted_for_batch(tier):
        kind = "batch " + kind
    what = f"({sizing.input_tokens:,} in + {sizing.output_tokens:,} out tokens)"
    if sizing.modality == "image_input":
        what = (
            f"(one image, at least {prices.assumptions.image_input_tokens:,} tokens with the "
            f"prompt: {sizing.input_tokens:,} in + {sizing.output_tokens:,} out tokens)"
        )
    if sizing.modality == "audio_input":
        what = (
            f"(the transcript's {sizing.input_tokens:,} in + {sizing.output_tokens:,} out tokens)"
        )
    text = (
        f"{n:,} {_unit(sizing)} x {what} at {ref.label} {kind}: {rate_in}/{rate_out} per M tokens"
    )
    if sizing.batch and prices.discounted_for_batch(tier):
        discount = prices.assumptions.batch_discount * 100
        text += f", less the assumed {_number(discount)}% batch discount"
    return text


def _speech_basis(prices: PriceBook, sizing: _Sizing, n: int, per_minute: float, who: str) -> str:
    minutes = sizing.audio_minutes
    return (
        f"{n:,} recordings x {_number(round(minutes, 2))} audio minutes "
        f"({sizing.input_tokens:,} transcript tokens at "
        f"{_number(prices.assumptions.tokens_per_audio_minute)} a minute) transcribed at "
        f"{_rate(per_minute)} a minute ({who}) = {_money(minutes * n * per_minute)}, plus "
    )


def _per_unit(sizing: _Sizing, api: _Api, n: int) -> str:
    """'; $0.034 an image' (the unit price a manager compares), for non-text work."""
    if sizing.modality == "text":
        return ""
    unit = {"image_input": "image", "audio_input": "recording", "image_output": "image"}
    return f"; {_rate(api.per_request)} per {unit[sizing.modality]}"


def _fleet_basis(
    fleet: _Fleet,
    n: int,
    *,
    instance: str,
    hourly: float,
    hours: float,
    unit: str,
    throughput: str,
    batch: bool,
    a: CostAssumptions,
) -> str:
    count = fleet.instances(n)
    why_min = "batch work" if batch else "availability"
    floor = min(count, fleet.min_instances)
    if fleet.owned:
        priced = (
            f"{count} x {instance}, owned: {_money(fleet.instance_monthly)} a month each "
            f"(purchase over {a.onprem_amortisation_months} months, power at PUE "
            f"{_number(a.onprem_pue)} and {_rate(a.onprem_usd_per_kwh)}/kWh, space and "
            f"{_number(a.onprem_support_fraction_per_year * 100)}% a year support)"
        )
    elif fleet.committed_monthly < fleet.instance_monthly and floor:
        priced = (
            f"{count} x {instance}: {floor} always on at the one-year committed rate "
            f"({_number(a.committed_use_discount * 100)}% off {_rate(hourly)}/h x "
            f"{_number(hours)} h)"
        )
        if count > floor:
            priced += f", {count - floor} more on demand for peaks"
    else:
        priced = f"{count} x {instance} at {_rate(hourly)}/h x {_number(hours)} h"
    return (
        f"{priced}: {n:,} requests {_peak_load(fleet.load(n), unit)} at peak ({throughput}), "
        f"minimum {fleet.min_instances} for {why_min}"
    )


def _ops(fleet: _Fleet, n: int) -> str:
    count = fleet.instances(n)
    total = fleet.ops_per_instance * count
    if not total:
        return ""
    return f" and {_money(fleet.ops_per_instance)} per instance ({_money(total)})"


def _peak_load(load: float, unit: str) -> str:
    """'need 3.30 GPUs', or for less than one: 'keep 12% of one GPU busy' (never '0.00')."""
    if load >= 1:
        return f"need {load:,.2f} {unit}"
    one = unit.removesuffix("s")
    if load < 0.01:
        return f"keep under 1% of one {one} busy"
    return f"keep {load:.0%} of one {one} busy"


def _gpu_throughput(a: CostAssumptions, sizing: _Sizing, fine_tuned: bool) -> str:
    rt = (
        f" x {_number(a.realtime_throughput_factor)} for realtime latency"
        if sizing.realtime
        else ""
    )
    if sizing.modality == "image_output":
        text = f"{_seconds(a.image_gpu_seconds_per_image)} an image{rt}"
    elif sizing.modality == "image_input" and fine_tuned:
        text = f"{_number(a.detector_images_per_second)} images/s per GPU{rt}"
    else:
        out_tps = (
            a.fine_tuned_output_tokens_per_second if fine_tuned else a.gpu_output_tokens_per_second
        )
        in_tps = (
            a.fine_tuned_input_tokens_per_second if fine_tuned else a.gpu_input_tokens_per_second
        )
        text = f"{_number(out_tps)} generated + {_number(in_tps)} prompt tokens/s per GPU{rt}"
        if sizing.modality == "audio_input":
            seconds = (
                a.fine_tuned_whisper_gpu_seconds_per_audio_minute
                if fine_tuned
                else a.whisper_gpu_seconds_per_audio_minute
            )
            text += f", {_seconds(seconds)} per audio minute transcribed"
    if not sizing.batch:
        text += f", {_number(a.peak_headroom_factor)}x peak headroom"
    return text


# --- the estimate -----------------------------------------------------------------------


def _self_hosted_model(a: CostAssumptions, modality: Modality) -> str:
    return {
        "text": a.open_weight_model,
        "image_input": a.open_weight_vision_model,
        "audio_input": a.open_weight_speech_model,
        "image_output": a.open_weight_image_model,
    }[modality]


def _fine_tuned_model(a: CostAssumptions, modality: Modality) -> str | None:
    if modality == "image_input":
        return a.detector_model
    if modality == "audio_input":
        return a.fine_tuned_speech_model
    return None


def _lines(sizing: _Sizing, prices: PriceBook, a: CostAssumptions, n: int) -> list[CostLine]:
    dated = f"assumptions of {a.label}"
    hours = a.hours_per_month
    lines: list[CostLine] = []
    if sizing.modality == "image_output":
        api = sizing.apis[IMAGE_TIER]
        lines.append(
            CostLine(
                approach="hosted_api",
                tier=IMAGE_TIER,
                model=IMAGE_GENERATION.model,
                monthly_usd=_cents(api.cost(n)),
                basis=_image_basis(prices, sizing, n, api.per_request, "list price")
                + f" ({_image_price(prices, a, sizing.input_tokens, sizing.batch)[1]}).",
            )
        )
        private = sizing.apis[PRIVATE_TIER]
        lines.append(
            CostLine(
                approach="private_cloud_endpoint",
                tier=PRIVATE_TIER,
                model=IMAGE_GENERATION.model,
                monthly_usd=_cents(private.cost(n)),
                basis=_image_basis(prices, sizing, n, private.per_request, "regional price")
                + f" (list prices of {prices.snapshot_date} plus a "
                f"{_number(a.private_image_uplift * 100)}% regional premium), plus "
                f"{_money(private.fixed_monthly)} a month for private networking ({dated}).",
            )
        )
    else:
        per_minute, source = _transcription(prices, a)
        for tier in TIERS:
            api = sizing.apis[tier]
            spoken = (
                _speech_basis(prices, sizing, n, per_minute, source)
                if sizing.modality == "audio_input"
                else ""
            )
            lines.append(
                CostLine(
                    approach="hosted_api",
                    tier=tier,
                    model=prices.tier(tier).model,
                    monthly_usd=_cents(api.cost(n)),
                    basis=spoken
                    + _token_basis(prices, tier, sizing, n)
                    + _per_unit(sizing, api, n)
                    + ".",
                )
            )
        private = sizing.apis[PRIVATE_TIER]
        uplift = a.private_endpoint_token_uplift
        spoken = (
            _speech_basis(
                prices,
                sizing,
                n,
                a.private_transcription_usd_per_minute,
                f"a transcription service in your region, {dated}",
            )
            if sizing.modality == "audio_input"
            else ""
        )
        lines.append(
            CostLine(
                approach="private_cloud_endpoint",
                tier=PRIVATE_TIER,
                model=prices.tier(PRIVATE_TIER).model,
                monthly_usd=_cents(private.cost(n)),
                basis=spoken
                + _token_basis(prices, PRIVATE_TIER, sizing, n)
                + (f", plus a {_number(uplift * 100)}% private-endpoint uplift" if uplift else "")
                + f", plus {_money(private.fixed_monthly)} a month for private networking "
                f"({dated}){_per_unit(sizing, _Api(private.per_request), n)}.",
            )
        )
    gpu = sizing.fleets["self_hosted_open_weights"]
    model = _self_hosted_model(a, sizing.modality)
    where = "owned hardware on your premises" if gpu.owned else "idle hours are billed too"
    lines.append(
        CostLine(
            approach="self_hosted_open_weights",
            model=model,
            monthly_usd=_cents(gpu.cost(n)),
            basis=_fleet_basis(
                gpu,
                n,
                instance="GPU server (1 x L40S 48 GB)" if gpu.owned else a.gpu_instance,
                hourly=a.gpu_hourly_usd,
                hours=hours,
                unit="GPUs",
                throughput=_gpu_throughput(a, sizing, fine_tuned=False),
                batch=sizing.batch,
                a=a,
            )
            + f", plus operations of {_money(a.self_hosted_ops_usd_per_month)} a month"
            + _ops(gpu, n)
            + f", serving {model}; {where} ({dated}).",
        )
    )
    small = sizing.fleets.get("small_fine_tuned_model")
    if small is not None:
        what = _fine_tuned_model(a, sizing.modality)
        lines.append(
            CostLine(
                approach="small_fine_tuned_model",
                model=what,
                monthly_usd=_cents(small.cost(n)),
                basis=f"{_money(a.fine_tune_one_off_usd)} one-off fine-tuning over "
                f"{a.amortisation_months} months "
                f"({_money(a.fine_tune_one_off_usd / a.amortisation_months)} a month) plus "
                + _fleet_basis(
                    small,
                    n,
                    instance="GPU server (1 x L4 24 GB)" if small.owned else a.fine_tuned_instance,
                    hourly=a.fine_tuned_hourly_usd,
                    hours=hours,
                    unit="GPUs",
                    throughput=_gpu_throughput(a, sizing, fine_tuned=True),
                    batch=sizing.batch,
                    a=a,
                )
                + f", plus operations of {_money(a.fine_tuned_ops_usd_per_month)} a month"
                + _ops(small, n)
                + (f", serving {what}" if what else "")
                + f" ({dated}).",
            )
        )
    classical = sizing.fleets.get("non_generative")
    if classical is not None:
        throughput = f"{_number(a.cpu_requests_per_second)} requests/s each"
        if not sizing.batch:
            throughput += f", {_number(a.peak_headroom_factor)}x peak headroom"
        lines.append(
            CostLine(
                approach="non_generative",
                monthly_usd=_cents(classical.cost(n)),
                basis=f"{_money(a.non_generative_build_usd)} one-off build over "
                f"{a.amortisation_months} months "
                f"({_money(a.non_generative_build_usd / a.amortisation_months)} a month) plus "
                + _fleet_basis(
                    classical,
                    n,
                    instance="CPU server" if classical.owned else a.cpu_instance,
                    hourly=a.cpu_hourly_usd,
                    hours=hours,
                    unit="instances",
                    throughput=throughput,
                    batch=sizing.batch,
                    a=a,
                )
                + f", plus {_money(a.non_generative_ops_usd_per_month)} a month "
                f"operations ({dated}).",
            )
        )
    return lines


def _transcription(prices: PriceBook, a: CostAssumptions) -> tuple[float, str]:
    """The hosted price of an audio minute and where it comes from."""
    if a.hosted_transcription_usd_per_minute is not None:
        return a.hosted_transcription_usd_per_minute, f"negotiated price, assumptions of {a.label}"
    return float(
        transcription_per_minute(prices.snapshot_date)
    ), f"{TRANSCRIPTION.label} list price"


def _image_price(
    prices: PriceBook, a: CostAssumptions, prompt_tokens: int, batch: bool
) -> tuple[float, str]:
    """The hosted price of one generated image and where it comes from."""
    if a.hosted_image_usd_per_image is not None:
        return a.hosted_image_usd_per_image, f"negotiated price, assumptions of {a.label}"
    price = generated_image_price(
        prices.snapshot_date, a.image_output_tokens_per_image, prompt_tokens, batch
    )
    return float(price), f"list prices of {prices.snapshot_date}"


def _image_basis(prices: PriceBook, sizing: _Sizing, n: int, per_image: float, kind: str) -> str:
    a = prices.assumptions
    return (
        f"{n:,} generated images x {_rate(per_image)} an image ({IMAGE_GENERATION.label} "
        f"{kind}: {a.image_output_tokens_per_image:,} image tokens for a 1024 x 1024 image at "
        f"medium quality, plus a {sizing.input_tokens:,}-token prompt; discarded attempts "
        "count as images)"
    )


@dataclass(frozen=True)
class Costing:
    """An estimate with the sizing behind it, for break-evens between any two options."""

    estimate: CostEstimate
    sizing: _Sizing

    def break_even(self, api: Approach, tier: str | None, fleet: Approach) -> int | None:
        """Requests a month from which the ``fleet`` option is cheaper than the ``api``
        option (hosted_api at ``tier``, or the private endpoint) at every higher volume."""
        line = self.sizing.line(api, tier)
        if not isinstance(line, _Api) or fleet not in self.sizing.fleets:
            raise ValueError(f"no break-even between {api} and {fleet}")
        return _break_even(
            line.per_request, self.sizing.fleets[fleet], api_fixed=line.fixed_monthly
        )

    def monthly(self, approach: Approach, tier: str | None, n: int) -> float:
        """One option's monthly cost at another volume, rounded to cents."""
        return _cents(self.sizing.line(approach, tier).cost(n))


def costing(
    profile: Profile, prices: PriceBook, assumptions: CostAssumptions | None = None
) -> Costing:
    """:func:`estimate_costs` with its sizing kept."""
    a = assumptions or prices.assumptions
    sizing = _sizing(profile, prices, a)
    n = profile.monthly_requests or 0
    hosted = sizing.line("hosted_api", BREAK_EVEN_TIER)
    assert isinstance(hosted, _Api)
    estimate = CostEstimate(
        options=_lines(sizing, prices, a, n),
        break_even_monthly_requests=_break_even(
            hosted.per_request, sizing.fleets["self_hosted_open_weights"]
        ),
        price_date=prices.as_of,
        assumptions_as_of=a.label,
        monthly_requests=n,
        modality=sizing.modality,
    )
    return Costing(estimate=estimate, sizing=sizing)


def estimate_costs(
    profile: Profile, prices: PriceBook, assumptions: CostAssumptions | None = None
) -> CostEstimate:
    """Monthly cost of every option for a profile whose defaults are filled in
    (``monthly_requests``, ``input_tokens``, ``output_tokens`` and ``latency`` must be
    set, else ValueError). ``assumptions`` default to the price book's own."""
    return costing(profile, prices, assumptions).estimate


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
    line = sizing.line("hosted_api", tier)
    assert isinstance(line, _Api)
    return _break_even(line.per_request, sizing.fleets["self_hosted_open_weights"])


def monthly_cost_exact(
    profile: Profile,
    prices: PriceBook,
    approach: Approach,
    tier: str | None = None,
    *,
    monthly_requests: int | None = None,
    assumptions: CostAssumptions | None = None,
) -> float:
    """The unrounded monthly cost of one option; ``monthly_requests`` replaces the
    profile's volume; ``tier`` picks the hosted tier (default mid)."""
    sizing = _sizing(profile, prices, assumptions or prices.assumptions)
    n = profile.monthly_requests if monthly_requests is None else monthly_requests
    if n is None or n < 0:
        raise ValueError("monthly_requests must be 0 or more")
    if approach not in APPROACH_LABELS:
        raise ValueError(f"unknown approach {approach!r}")
    if approach in FLEET_APPROACHES and approach not in sizing.fleets:
        raise ValueError(f"{approach} cannot do {MODALITY_WORDS[sizing.modality]}")
    return sizing.line(approach, tier).cost(n)


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
        hosted = sizing.line("hosted_api", BREAK_EVEN_TIER)
        assert isinstance(hosted, _Api)
        even = _break_even(hosted.per_request, sizing.fleets["self_hosted_open_weights"])
        if even is not None:
            points.add(even)
        volumes = sorted(points)
    if sizing.modality == "image_output":
        options: list[tuple[Approach, str | None, str]] = [
            (
                "hosted_api",
                IMAGE_TIER,
                f"Hosted API, {TIER_WORDS[IMAGE_TIER]} ({IMAGE_GENERATION.label})",
            )
        ]
    else:
        options = [
            ("hosted_api", tier, f"Hosted API, {TIER_WORDS[tier]} ({prices.tier(tier).label})")
            for tier in TIERS
        ]
    options += [
        (approach, PRIVATE_TIER if approach == "private_cloud_endpoint" else None, label)
        for approach, label in APPROACH_LABELS.items()
        if approach != "hosted_api" and approach in approaches_for(sizing.modality)
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
                    "monthly_usd": _cents(sizing.line(approach, tier).cost(n)),
                }
            )
    return rows
