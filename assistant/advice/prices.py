"""The price book: dated per-token prices of the reference models and the cost assumptions.

Token prices come from the ``genai-prices`` package's bundled snapshot, never from the
network, and are always looked up at the snapshot's own date so the same profile gives the
same figures tomorrow (the data also holds announced future price changes, which we must
not apply silently). An admin may override reference models, negotiated prices and any
assumption of ``cost_assumptions.json`` with a JSON file; every figure then says so.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from genai_prices import Usage, calc_price
from pydantic import BaseModel, ConfigDict, Field, ValidationError

TIERS: tuple[str, ...] = ("small", "mid", "frontier")
"""The hosted reference tiers, cheapest first."""
PRIVATE_TIER = "private"
"""The private-cloud reference: the mid model behind a regional, private endpoint."""
ALL_TIERS: tuple[str, ...] = (*TIERS, PRIVATE_TIER)

ASSUMPTIONS_FILE = "cost_assumptions.json"
_MTOK = Decimal(1_000_000)
_TIER_KEYS = ("provider", "model", "label", "input_per_mtok", "output_per_mtok")


@dataclass(frozen=True)
class Reference:
    """A reference model as the price data names it."""

    provider: str
    model: str
    label: str
    note: str = ""


# Chosen from what the bundled snapshot (genai-prices 0.2.3) actually lists: a widely used
# small model, the mid model the knowledge documents quote, the provider's own "most
# capable" model, and the mid model on a regional (in-EU) cloud endpoint, which the data
# prices 10% above the global list price.
REFERENCES: dict[str, Reference] = {
    "small": Reference("openai", "gpt-4.1-mini", "gpt-4.1-mini"),
    "mid": Reference("anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5"),
    "frontier": Reference("openai", "gpt-6-astra", "gpt-6-astra"),
    PRIVATE_TIER: Reference(
        "aws",
        "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5 (AWS Bedrock EU regional endpoint)",
        note="regional endpoint price, 10% above the global list price",
    ),
}

# References for work that is not priced per text token, from the same data: transcription
# per audio hour (whisper-1, the figure the speech pricing document quotes: $0.006 a minute)
# and image generation per image token (gpt-image-1.5, whose output image tokens the data
# prices; a 1024 x 1024 image is a known number of tokens, in cost_assumptions.json).
TRANSCRIPTION = Reference("openai", "whisper-1", "whisper-1")
IMAGE_GENERATION = Reference("openai", "gpt-image-1.5", "gpt-image-1.5")

# "checked 2026-10-09", "verified on 2026-10-14", "Verified against OpenAI on 2026-10-15".
_CHECKED = re.compile(r"\b(?:checked|verified)\b\D{0,40}?(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def dataset_version() -> str:
    """The installed genai-prices version."""
    try:
        return metadata.version("genai-prices")
    except metadata.PackageNotFoundError:  # pragma: no cover - it is a hard dependency
        return "unknown"


@functools.cache
def snapshot_date() -> str:
    """The date the bundled price data is current as of (ISO ``YYYY-MM-DD``).

    genai-prices records no build date, so we take the newest date the data itself vouches
    for: dates its maintainers say they checked or verified a price, and the dates of price
    changes it observed on OpenRouter (which lists only current prices, so those dates are
    never announcements of future changes, unlike some providers' start dates). For 0.2.3
    that is 2026-11-09.
    """
    from genai_prices import data
    from genai_prices.types import StartDateConstraint

    found: set[str] = set()
    for provider in data.providers:
        texts = [provider.price_comments or ""]
        for model in provider.models:
            texts.append(model.price_comments or "")
            if provider.id != "openrouter":
                continue
            conditional = model.prices if isinstance(model.prices, list) else []
            constraints = [c.constraint for c in conditional]
            constraints += [v.constraint for v in model.price_variants or ()]
            found.update(
                c.start_date.isoformat() for c in constraints if isinstance(c, StartDateConstraint)
            )
        for text in texts:
            found.update(_CHECKED.findall(text))
    if not found:  # pragma: no cover - only if a future release drops all such notes
        raise RuntimeError("cannot date the genai-prices snapshot")
    return max(found)


def _pricing_moment(day: str) -> datetime:
    # Midday UTC: price changes in the data start at UTC midnight of their date.
    return datetime.combine(date.fromisoformat(day), time(12), tzinfo=UTC)


@functools.lru_cache(maxsize=65_536)
def _dataset_prices(
    provider: str, model: str, input_tokens: int, output_tokens: int, batch: bool, day: str
) -> tuple[Decimal, Decimal]:
    """Input and output price of ONE request (tiered models price the whole request by its
    size, so a month is one request's price times the volume, never a sum of tokens)."""
    result = calc_price(
        Usage(input_tokens=input_tokens, output_tokens=output_tokens),
        model_ref=model,
        provider_id=provider,
        genai_request_timestamp=_pricing_moment(day),
        price_context={"processing": "batch"} if batch else None,
    )
    return result.input_price, result.output_price


@functools.lru_cache(maxsize=64)
def transcription_per_minute(day: str) -> Decimal:
    """Price (USD) of one minute of audio transcribed by :data:`TRANSCRIPTION`."""
    ref = TRANSCRIPTION
    result = calc_price(
        Usage(audio_seconds=60, input_audio_seconds=60),
        model_ref=ref.model,
        provider_id=ref.provider,
        genai_request_timestamp=_pricing_moment(day),
    )
    return result.total_price


@functools.lru_cache(maxsize=4096)
def generated_image_price(day: str, image_tokens: int, prompt_tokens: int, batch: bool) -> Decimal:
    """Price (USD) of one image of ``image_tokens`` output image tokens generated by
    :data:`IMAGE_GENERATION` from a prompt of ``prompt_tokens`` text tokens."""
    ref = IMAGE_GENERATION
    result = calc_price(
        Usage(
            input_tokens=prompt_tokens, output_tokens=image_tokens, output_image_tokens=image_tokens
        ),
        model_ref=ref.model,
        provider_id=ref.provider,
        genai_request_timestamp=_pricing_moment(day),
        price_context={"processing": "batch"} if batch else None,
    )
    return result.total_price


# --- assumptions ------------------------------------------------------------------------


class CostAssumptions(BaseModel):
    """Everything the cost model needs besides token prices (``cost_assumptions.json``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    as_of: str = Field(min_length=1)
    hours_per_month: float = Field(gt=0)
    open_weight_model: str
    gpu_instance: str
    gpu_hourly_usd: float = Field(ge=0)
    gpu_output_tokens_per_second: float = Field(gt=0)
    gpu_input_tokens_per_second: float = Field(gt=0)
    realtime_throughput_factor: float = Field(gt=0, le=1)
    peak_headroom_factor: float = Field(ge=1)
    min_instances_online: int = Field(ge=0)
    min_instances_batch: int = Field(ge=0)
    self_hosted_ops_usd_per_month: float = Field(ge=0)
    on_premises_note: str
    fine_tune_one_off_usd: float = Field(ge=0)
    amortisation_months: int = Field(ge=1)
    fine_tuned_instance: str
    fine_tuned_hourly_usd: float = Field(ge=0)
    fine_tuned_output_tokens_per_second: float = Field(gt=0)
    fine_tuned_input_tokens_per_second: float = Field(gt=0)
    fine_tuned_ops_usd_per_month: float = Field(ge=0)
    non_generative_build_usd: float = Field(ge=0)
    cpu_instance: str
    cpu_hourly_usd: float = Field(ge=0)
    cpu_requests_per_second: float = Field(gt=0)
    non_generative_ops_usd_per_month: float = Field(ge=0)
    private_networking_usd_per_month: float = Field(ge=0)
    private_endpoint_token_uplift: float = Field(ge=0)
    batch_discount: float = Field(ge=0, le=1)
    self_hosted_ops_usd_per_instance_month: float = Field(ge=0)
    fine_tuned_ops_usd_per_instance_month: float = Field(ge=0)
    committed_use_discount: float = Field(ge=0, lt=1)
    onprem_gpu_usd: float = Field(ge=0)
    onprem_small_gpu_usd: float = Field(ge=0)
    onprem_cpu_server_usd: float = Field(ge=0)
    onprem_amortisation_months: int = Field(ge=1)
    onprem_gpu_kw: float = Field(ge=0)
    onprem_small_gpu_kw: float = Field(ge=0)
    onprem_cpu_kw: float = Field(ge=0)
    onprem_pue: float = Field(ge=1)
    onprem_usd_per_kwh: float = Field(ge=0)
    onprem_space_usd_per_unit_month: float = Field(ge=0)
    onprem_support_fraction_per_year: float = Field(ge=0)
    tokens_per_audio_minute: float = Field(gt=0)
    private_transcription_usd_per_minute: float = Field(ge=0)
    whisper_gpu_seconds_per_audio_minute: float = Field(ge=0)
    fine_tuned_whisper_gpu_seconds_per_audio_minute: float = Field(ge=0)
    open_weight_speech_model: str
    fine_tuned_speech_model: str
    image_input_tokens: int = Field(ge=0)
    open_weight_vision_model: str
    detector_model: str
    detector_images_per_second: float = Field(gt=0)
    image_output_tokens_per_image: int = Field(ge=1)
    private_image_uplift: float = Field(ge=0)
    open_weight_image_model: str
    image_gpu_seconds_per_image: float = Field(ge=0)
    image_generation_cues: list[str] = Field(min_length=1)
    hosted_transcription_usd_per_minute: float | None = Field(default=None, ge=0)
    hosted_image_usd_per_image: float | None = Field(default=None, ge=0)
    notes: dict[str, str] = Field(default_factory=dict)
    """Why each value is what it is ("why (source)"), for reports."""
    overridden: tuple[str, ...] = ()
    """Keys an override file changed."""
    overrides_file: str | None = None

    @property
    def label(self) -> str:
        """How figures built on these assumptions are dated for a reader."""
        if self.overridden:
            return f"{self.as_of}, with overrides from {self.overrides_file}"
        return self.as_of

    def exact(self, key: str) -> Decimal:
        """A numeric assumption as an exact decimal (1.861, not 1.8609999...)."""
        value = getattr(self, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{key} is not a number")
        return Decimal(str(value))


ASSUMPTION_KEYS: tuple[str, ...] = tuple(
    k for k in CostAssumptions.model_fields if k not in ("notes", "overridden", "overrides_file")
)


def _bundled_assumptions_raw() -> dict[str, Any]:
    text = resources.files("assistant.advice").joinpath(ASSUMPTIONS_FILE).read_text("utf-8")
    raw = json.loads(text)
    if not isinstance(raw, dict):  # pragma: no cover - guarded by the unit tests
        raise ValueError(f"{ASSUMPTIONS_FILE}: the top level must be a JSON object")
    return raw


def _assumption_values(raw: dict[str, Any], where: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Split the documented file into bare values and their notes."""
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for key, entry in raw.items():
        if key.startswith("_"):
            continue
        if key == "as_of":
            values[key] = entry
            continue
        if not isinstance(entry, dict) or "value" not in entry:
            raise ValueError(f"{where}: {key}: expected an object with a 'value'")
        values[key] = entry["value"]
        why, source = entry.get("why", ""), entry.get("source", "")
        notes[key] = f"{why} ({source})" if source else str(why)
    return values, notes


def _validated(values: dict[str, Any], notes: dict[str, str], where: str) -> CostAssumptions:
    try:
        return CostAssumptions.model_validate({**values, "notes": notes})
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ValueError(f"{where}: {key}: {first['msg']}") from None


@functools.cache
def default_assumptions() -> CostAssumptions:
    """The bundled, documented assumptions."""
    values, notes = _assumption_values(_bundled_assumptions_raw(), ASSUMPTIONS_FILE)
    return _validated(values, notes, ASSUMPTIONS_FILE)


# --- the price book ---------------------------------------------------------------------


class TierPrice(BaseModel):
    """One reference model and its price per million tokens (USD)."""

    model_config = ConfigDict(frozen=True)

    tier: str
    provider: str
    model: str
    label: str
    input_per_mtok: float
    output_per_mtok: float
    negotiated: bool = False
    """Prices come from the override file, flat per token, not from the price data."""
    context_tiers: bool = False
    """The data prices long prompts higher (the whole request, above a prompt size)."""
    batch_from_data: bool = False
    """The data has this model's batch-API rates; else the assumed batch discount applies."""
    note: str = ""


class PriceBook(BaseModel):
    """Dated reference prices plus the assumptions: everything the cost model prices with."""

    model_config = ConfigDict(frozen=True)

    snapshot_date: str
    """Date of the bundled genai-prices snapshot (ISO)."""
    as_of: str
    """How every price is dated for a reader: the snapshot date, or negotiated prices from
    the override file plus the snapshot date."""
    source: str
    tiers: dict[str, TierPrice]
    assumptions: CostAssumptions
    overrides_file: str | None = None

    def tier(self, name: str) -> TierPrice:
        try:
            return self.tiers[name]
        except KeyError:
            raise ValueError(
                f"unknown price tier {name!r}; use one of {', '.join(self.tiers)}"
            ) from None

    def price_label(self, name: str) -> str:
        """'list prices of <date>' or 'negotiated prices from <file>', for a basis line."""
        if self.tier(name).negotiated:
            return f"negotiated prices from {self.overrides_file}"
        return f"list prices of {self.snapshot_date}"

    def request_prices(
        self, tier: str, input_tokens: int, output_tokens: int, batch: bool = False
    ) -> tuple[Decimal, Decimal]:
        """Exact input and output price (USD) of one request, before any assumed batch
        discount (see :meth:`request_cost_exact`)."""
        if input_tokens < 0 or output_tokens < 0:
            raise ValueError("token counts must be 0 or more")
        ref = self.tier(tier)
        if ref.negotiated:
            return (
                Decimal(input_tokens) * Decimal(str(ref.input_per_mtok)) / _MTOK,
                Decimal(output_tokens) * Decimal(str(ref.output_per_mtok)) / _MTOK,
            )
        return _dataset_prices(
            ref.provider,
            ref.model,
            input_tokens,
            output_tokens,
            batch and ref.batch_from_data,
            self.snapshot_date,
        )

    def discounted_for_batch(self, tier: str) -> bool:
        """Whether batch requests on this tier get the assumed discount (no data rate)."""
        return not self.tier(tier).batch_from_data

    def request_cost_exact(
        self, tier: str, input_tokens: int, output_tokens: int, batch: bool = False
    ) -> Decimal:
        """Exact price (USD) of one request on a reference tier."""
        input_price, output_price = self.request_prices(tier, input_tokens, output_tokens, batch)
        total = input_price + output_price
        if batch and self.discounted_for_batch(tier):
            total *= 1 - self.assumptions.exact("batch_discount")
        return total

    def request_cost(
        self, tier: str, input_tokens: int, output_tokens: int, batch: bool = False
    ) -> float:
        """Price (USD) of one request on a reference tier (``batch``: via a batch API)."""
        return float(self.request_cost_exact(tier, input_tokens, output_tokens, batch))


def _dataset_tier(tier: str, ref: Reference, day: str) -> TierPrice:
    """Look a reference model up in the bundled data; LookupError if it is not there."""
    moment = _pricing_moment(day)
    probe = Usage(input_tokens=1_000, output_tokens=1_000)
    standard = calc_price(
        probe, model_ref=ref.model, provider_id=ref.provider, genai_request_timestamp=moment
    )
    batch = calc_price(
        probe,
        model_ref=ref.model,
        provider_id=ref.provider,
        genai_request_timestamp=moment,
        price_context={"processing": "batch"},
    )
    listed = standard.model_price
    return TierPrice(
        tier=tier,
        provider=ref.provider,
        model=ref.model,
        label=ref.label,
        # Base rates of a short request; long prompts may cost more (context_tiers).
        input_per_mtok=float(standard.input_price * 1_000),
        output_per_mtok=float(standard.output_price * 1_000),
        context_tiers=not isinstance(listed.input_mtok, Decimal | None)
        or not isinstance(listed.output_mtok, Decimal | None),
        batch_from_data=batch.total_price != standard.total_price,
        note=ref.note,
    )


@functools.cache
def _default_tiers(day: str) -> tuple[TierPrice, ...]:
    return tuple(_dataset_tier(name, REFERENCES[name], day) for name in ALL_TIERS)


def _source() -> str:
    return f"genai-prices {dataset_version()} bundled snapshot of {snapshot_date()}"


@functools.cache
def _default_price_book() -> PriceBook:
    day = snapshot_date()
    return PriceBook(
        snapshot_date=day,
        as_of=day,
        source=_source(),
        tiers={t.tier: t for t in _default_tiers(day)},
        assumptions=default_assumptions(),
    )


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


def _override_tier(where: str, name: str, base: TierPrice, entry: object, day: str) -> TierPrice:
    if not isinstance(entry, dict):
        raise ValueError(
            f"{where}: {name}: expected an object with some of {', '.join(_TIER_KEYS)}"
        )
    for key, value in entry.items():
        if key not in _TIER_KEYS:
            hint = difflib.get_close_matches(key, _TIER_KEYS, n=1)
            did_you_mean = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ValueError(
                f"{where}: {name}.{key}: unknown key{did_you_mean}; use {', '.join(_TIER_KEYS)}"
            )
        if key in ("input_per_mtok", "output_per_mtok") and not _is_number(value):
            raise ValueError(
                f"{where}: {name}.{key}: must be a number of USD per million tokens, 0 or "
                f"more (got {_short(value)})"
            )
        if key in ("provider", "model", "label") and not (isinstance(value, str) and value):
            raise ValueError(f"{where}: {name}.{key}: must be a non-empty string")
    tier = base
    if "provider" in entry or "model" in entry:
        model = str(entry.get("model", base.model))
        ref = Reference(
            provider=str(entry.get("provider", base.provider)),
            model=model,
            label=str(entry.get("label", model)),
        )
        try:
            tier = _dataset_tier(name, ref, day)
        except LookupError:
            if "input_per_mtok" not in entry or "output_per_mtok" not in entry:
                key = "model" if "model" in entry else "provider"
                raise ValueError(
                    f"{where}: {name}.{key}: genai-prices has no model {ref.model!r} for "
                    f"provider {ref.provider!r}; give input_per_mtok and output_per_mtok too"
                ) from None
            tier = TierPrice(
                tier=name,
                provider=ref.provider,
                model=ref.model,
                label=ref.label,
                input_per_mtok=0.0,
                output_per_mtok=0.0,
            )
    update: dict[str, Any] = {}
    if set(entry) - {"label"}:
        update["note"] = ""  # the reference's note described the data's own price
    if "label" in entry:
        update["label"] = entry["label"]
    if "input_per_mtok" in entry or "output_per_mtok" in entry:
        # Negotiated prices are flat per token: the data's prompt-size tiers and batch rates
        # no longer apply (batch requests get the assumed discount instead).
        update.update(
            input_per_mtok=float(entry.get("input_per_mtok", tier.input_per_mtok)),
            output_per_mtok=float(entry.get("output_per_mtok", tier.output_per_mtok)),
            negotiated=True,
            context_tiers=False,
            batch_from_data=False,
        )
    return tier.model_copy(update=update)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ValueError(f"{path}: cannot read the price override file: {reason}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: the top level must be a JSON object of overrides")
    return raw


def load_price_book(override_path: Path | None = None, *, required: bool = False) -> PriceBook:
    """The price book, with an admin's override file applied if there is one.

    The file is a JSON object whose keys are reference tiers (``small``, ``mid``,
    ``frontier``, ``private``: an object with any of ``provider``, ``model``, ``label``,
    ``input_per_mtok``, ``output_per_mtok``) or keys of ``cost_assumptions.json`` (a bare
    value or ``{"value": ...}``); keys starting with ``_`` are comments. A missing file
    means no overrides unless ``required`` (an explicitly configured path). Any problem
    raises ValueError with one line naming the file and the key.
    """
    if override_path is None or (not required and not override_path.exists()):
        return _default_price_book()
    where = str(override_path)
    raw = _read_json(override_path)
    day = snapshot_date()
    base = _default_price_book()
    tiers = dict(base.tiers)
    values, notes = _assumption_values(_bundled_assumptions_raw(), ASSUMPTIONS_FILE)
    changed: list[str] = []
    for key, entry in raw.items():
        if key.startswith("_"):
            continue
        if key in tiers:
            tiers[key] = _override_tier(where, key, tiers[key], entry, day)
        elif key in ASSUMPTION_KEYS:
            value = entry["value"] if isinstance(entry, dict) and "value" in entry else entry
            values[key] = value
            if isinstance(entry, dict) and entry.get("why"):
                notes[key] = f"{entry['why']} (override in {override_path.name})"
            changed.append(key)
        else:
            known = (*ALL_TIERS, *ASSUMPTION_KEYS)
            hint = difflib.get_close_matches(key, known, n=1)
            did_you_mean = f"did you mean {hint[0]!r}? " if hint else ""
            raise ValueError(
                f"{where}: {key}: unknown key; {did_you_mean}use a tier "
                f"({', '.join(ALL_TIERS)}) or a key of {ASSUMPTIONS_FILE}"
            )
    assumptions = _validated(
        {**values, "overridden": tuple(changed), "overrides_file": override_path.name},
        notes,
        where,
    )
    if not changed and all(tiers[t] == base.tiers[t] for t in tiers):
        return base  # an empty (or comments-only) file changes nothing
    return PriceBook(
        snapshot_date=day,
        as_of=f"negotiated prices from {override_path.name}, list prices of {day}",
        source=_source(),
        tiers=tiers,
        assumptions=assumptions,
        overrides_file=override_path.name,
    )
