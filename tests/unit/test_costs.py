"""The cost model and the price book: figures checked against the price data directly,
hand-computed self-hosting bills, properties (monotone costs, break-even) and the admin
override file."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pytest
from genai_prices import Usage, calc_price
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.advice import costs as costs_module
from assistant.advice.costs import (
    BREAK_EVEN_CAP,
    CostEstimate,
    break_even_monthly_requests,
    cost_curve,
    estimate_costs,
    monthly_cost,
    monthly_cost_exact,
)
from assistant.advice.prices import (
    ALL_TIERS,
    ASSUMPTION_KEYS,
    TIERS,
    PriceBook,
    dataset_version,
    load_price_book,
    snapshot_date,
)
from assistant.schemas import CostOption, Latency, Profile, TaskType

BOOK = load_price_book(None)
RAW_ASSUMPTIONS = json.loads(
    resources.files("assistant.advice").joinpath("cost_assumptions.json").read_text("utf-8")
)
APPROACHES = (
    "hosted_api",
    "private_cloud_endpoint",
    "self_hosted_open_weights",
    "small_fine_tuned_model",
    "non_generative",
)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def value(key: str) -> Decimal:
    """An assumption straight from the JSON file, independent of the loader."""
    return Decimal(str(RAW_ASSUMPTIONS[key]["value"]))


def profile(
    monthly_requests: int = 1_500_000,
    input_tokens: int = 3_000,
    output_tokens: int = 300,
    latency: str = "interactive",
) -> Profile:
    return Profile(
        use_case="Summarise support tickets for the weekly report",
        task_type=TaskType.SUMMARIZATION,
        monthly_requests=monthly_requests,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        latency=Latency(latency),
    )


def listed_request_price(
    provider: str, model: str, input_tokens: int, output_tokens: int, batch: bool = False
) -> Decimal:
    """One request priced by genai-prices directly, at the snapshot's date."""
    moment = datetime.combine(date.fromisoformat(BOOK.snapshot_date), time(12), tzinfo=UTC)
    return calc_price(
        Usage(input_tokens=input_tokens, output_tokens=output_tokens),
        model_ref=model,
        provider_id=provider,
        genai_request_timestamp=moment,
        price_context={"processing": "batch"} if batch else None,
    ).total_price


def cents(amount: Decimal) -> float:
    return float(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def gpu_fleet(count: int, minimum: int, hourly: str = "gpu_hourly_usd") -> Decimal:
    """A rented GPU fleet by hand: the always-on minimum at the one-year committed rate,
    the rest on demand, operations of a base plus a share per instance."""
    month = value(hourly) * 730
    committed = month * (1 - value("committed_use_discount"))
    if hourly == "gpu_hourly_usd":
        ops = value("self_hosted_ops_usd_per_month")
        ops += value("self_hosted_ops_usd_per_instance_month") * count
    else:
        ops = value("fine_tuned_ops_usd_per_month")
        ops += value("fine_tuned_ops_usd_per_instance_month") * count
    return committed * minimum + month * (count - minimum) + ops


# --- the price book ---------------------------------------------------------------------


def test_snapshot_date_is_the_newest_date_the_bundled_data_vouches_for() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", snapshot_date())
    if dataset_version() == "0.2.3":
        assert snapshot_date() == "2026-11-09"
    assert BOOK.as_of == BOOK.snapshot_date == snapshot_date()
    assert dataset_version() in BOOK.source and BOOK.snapshot_date in BOOK.source


def test_reference_models_exist_in_the_data_with_their_listed_rates() -> None:
    assert set(BOOK.tiers) == set(ALL_TIERS)
    for name, tier in BOOK.tiers.items():
        assert tier.tier == name and not tier.negotiated
        per_thousand_in = listed_request_price(tier.provider, tier.model, 1_000, 0)
        per_thousand_out = listed_request_price(tier.provider, tier.model, 0, 1_000)
        assert tier.input_per_mtok == float(per_thousand_in * 1_000)
        assert tier.output_per_mtok == float(per_thousand_out * 1_000)
    small, mid, frontier = (BOOK.tiers[t] for t in TIERS)
    assert small.input_per_mtok < mid.input_per_mtok < frontier.input_per_mtok
    assert small.output_per_mtok < mid.output_per_mtok < frontier.output_per_mtok


def test_private_reference_is_the_mid_model_at_a_regional_premium() -> None:
    mid, private = BOOK.tiers["mid"], BOOK.tiers["private"]
    assert "sonnet-4-5" in private.model and "sonnet-4-5" in mid.model
    assert private.input_per_mtok == pytest.approx(mid.input_per_mtok * 1.1)
    assert private.output_per_mtok == pytest.approx(mid.output_per_mtok * 1.1)


@pytest.mark.parametrize("tier", ALL_TIERS)
@pytest.mark.parametrize("tokens", [(0, 0), (1, 1), (3_000, 300), (250_000, 2_000)])
def test_request_cost_is_the_price_data_for_one_request(tier: str, tokens: tuple[int, int]) -> None:
    ref = BOOK.tiers[tier]
    expected = listed_request_price(ref.provider, ref.model, *tokens)
    assert BOOK.request_cost_exact(tier, *tokens) == expected
    assert BOOK.request_cost(tier, *tokens) == float(expected)


def test_a_tiered_model_prices_a_long_prompt_as_a_whole_request() -> None:
    # claude-sonnet-4-5 bills every token of a prompt over 200k at the higher rate, so the
    # long request costs more than its tokens at the base rate: we must price ONE request.
    base_rate = Decimal(str(BOOK.tiers["mid"].input_per_mtok)) / 1_000_000
    assert BOOK.tiers["mid"].context_tiers
    assert BOOK.request_cost_exact("mid", 250_000, 0) > 250_000 * base_rate
    assert BOOK.request_cost_exact("mid", 150_000, 0) == 150_000 * base_rate


def test_batch_uses_the_data_batch_rate_or_else_the_assumed_discount() -> None:
    mid = BOOK.tiers["mid"]
    assert mid.batch_from_data
    assert BOOK.request_cost_exact("mid", 3_000, 300, batch=True) == listed_request_price(
        mid.provider, mid.model, 3_000, 300, batch=True
    )
    private = BOOK.tiers["private"]
    assert not private.batch_from_data  # the data has no batch rate for the regional model
    standard = listed_request_price(private.provider, private.model, 3_000, 300)
    assert BOOK.request_cost_exact("private", 3_000, 300, batch=True) == standard * (
        1 - value("batch_discount")
    )


def test_unknown_tier_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown price tier 'huge'"):
        BOOK.request_cost("huge", 1, 1)


# --- the assumptions file ---------------------------------------------------------------


def test_every_assumption_is_dated_and_explained() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}", RAW_ASSUMPTIONS["as_of"])
    keys = [k for k in RAW_ASSUMPTIONS if not k.startswith("_") and k != "as_of"]
    assert sorted(keys) == sorted(k for k in ASSUMPTION_KEYS if k != "as_of")
    for key in keys:
        entry = RAW_ASSUMPTIONS[key]
        assert set(entry) >= {"value", "unit", "why", "source"}, key
        assert len(entry["why"]) > 30 and entry["source"], key
    assert 1.0 <= value("gpu_hourly_usd") <= 2.5
    assert value("hours_per_month") == 730
    assert value("min_instances_batch") == 1 and value("min_instances_online") == 2
    assert value("batch_discount") == Decimal("0.5")
    assert value("amortisation_months") == 12
    assert BOOK.assumptions.as_of == RAW_ASSUMPTIONS["as_of"]


# --- the estimate -----------------------------------------------------------------------


def test_options_cover_every_approach_with_three_hosted_tiers() -> None:
    estimate = estimate_costs(profile(), BOOK)
    assert [(o.approach, o.tier) for o in estimate.options] == [
        ("hosted_api", "small"),
        ("hosted_api", "mid"),
        ("hosted_api", "frontier"),
        ("private_cloud_endpoint", "private"),
        ("self_hosted_open_weights", None),
        ("small_fine_tuned_model", None),
        ("non_generative", None),
    ]
    for option in estimate.options:
        assert round(option.monthly_usd, 2) == option.monthly_usd
        schema = option.to_schema()
        assert isinstance(schema, CostOption)
        assert (schema.approach, schema.monthly_usd, schema.basis) == (
            option.approach,
            option.monthly_usd,
            option.basis,
        )
        assert option.basis.endswith(".") and "\n" not in option.basis
    assert estimate.price_date == BOOK.snapshot_date
    assert estimate.option("hosted_api", "small").model == BOOK.tiers["small"].model


@pytest.mark.parametrize("latency", ["realtime", "interactive", "batch"])
@pytest.mark.parametrize("tier", TIERS)
def test_hosted_cost_is_one_request_from_the_data_times_volume(tier: str, latency: str) -> None:
    p = profile(monthly_requests=1_234_567, input_tokens=2_345, output_tokens=678, latency=latency)
    ref = BOOK.tiers[tier]
    batch = latency == "batch"
    one = listed_request_price(ref.provider, ref.model, 2_345, 678, batch=batch)
    assert batch == (one < listed_request_price(ref.provider, ref.model, 2_345, 678))
    option = estimate_costs(p, BOOK).option("hosted_api", tier)
    assert option.monthly_usd == cents(one * 1_234_567)
    assert "1,234,567 requests x (2,345 in + 678 out tokens)" in option.basis
    assert f"{ref.model} {'batch ' if batch else ''}list prices of {BOOK.snapshot_date}" in (
        option.basis
    )


def test_basis_states_the_rates_like_the_example() -> None:
    option = estimate_costs(profile(), BOOK).option("hosted_api", "small")
    assert option.basis == (
        "1,500,000 requests x (3,000 in + 300 out tokens) at gpt-4.1-mini list prices of "
        f"{BOOK.snapshot_date}: $0.40/$1.60 per M tokens."
    )
    assert option.monthly_usd == 2_520.0  # 1.5M x (3,000 x 0.40 + 300 x 1.60) / 1M


def test_private_endpoint_adds_networking_to_regional_token_prices() -> None:
    ref = BOOK.tiers["private"]
    one = listed_request_price(ref.provider, ref.model, 3_000, 300)
    option = estimate_costs(profile(), BOOK).option("private_cloud_endpoint")
    assert option.monthly_usd == cents(one * 1_500_000 + value("private_networking_usd_per_month"))
    assert BOOK.snapshot_date in option.basis and "private networking" in option.basis


def test_zero_volume_costs_nothing_on_apis_but_self_hosting_bills_idle_instances() -> None:
    for latency, minimum in (("interactive", 2), ("realtime", 2), ("batch", 1)):
        estimate = estimate_costs(profile(monthly_requests=0, latency=latency), BOOK)
        for tier in TIERS:
            assert estimate.option("hosted_api", tier).monthly_usd == 0.0
        assert estimate.option("private_cloud_endpoint").monthly_usd == float(
            value("private_networking_usd_per_month")
        )
        idle = gpu_fleet(minimum, minimum)
        self_hosted = estimate.option("self_hosted_open_weights")
        assert self_hosted.monthly_usd == cents(idle) > 0
        assert self_hosted.basis.startswith(f"{minimum} x ")
        assert "idle hours are billed" in self_hosted.basis


def test_self_hosting_adds_instances_for_peak_load() -> None:
    # 10M requests x (1,000 in + 500 out): 500/1,500 + 1,000/10,000 GPU-seconds each, twice
    # the average at peak, over 730 x 3,600 seconds -> 3.30 GPUs -> 4 instances.
    p = profile(monthly_requests=10_000_000, input_tokens=1_000, output_tokens=500)
    seconds = Fraction(500, 1_500) + Fraction(1_000, 10_000)
    load = seconds * 2 * 10_000_000 / (730 * 3_600)
    assert math.ceil(load) == 4
    expected = gpu_fleet(4, 2)
    # 2 x $1.861 x 730 x 0.65 + 2 x $1.861 x 730 + $2,200 + 4 x $400 = $8,283.15
    assert cents(expected) == 8_283.15
    option = estimate_costs(p, BOOK).option("self_hosted_open_weights")
    assert option.monthly_usd == cents(expected)
    assert option.basis.startswith("4 x ") and "3.30 GPUs" in option.basis
    # Batch work is queued, so no peak headroom: 1.65 GPUs -> 2 instances.
    batch = estimate_costs(p.model_copy(update={"latency": Latency.BATCH}), BOOK)
    assert batch.option("self_hosted_open_weights").monthly_usd == cents(gpu_fleet(2, 1))
    # Realtime halves throughput per GPU: twice the load, 7 instances.
    realtime = estimate_costs(p.model_copy(update={"latency": Latency.REALTIME}), BOOK)
    assert realtime.option("self_hosted_open_weights").monthly_usd == cents(gpu_fleet(7, 2))


def test_fine_tuned_and_classical_models_amortise_their_one_off_cost() -> None:
    estimate = estimate_costs(profile(monthly_requests=100_000, latency="batch"), BOOK)
    fine_tuned = value("fine_tune_one_off_usd") / 12 + gpu_fleet(1, 1, "fine_tuned_hourly_usd")
    assert estimate.option("small_fine_tuned_model").monthly_usd == cents(fine_tuned)
    classical = (
        value("non_generative_build_usd") / 12
        + value("cpu_hourly_usd") * 730
        + value("non_generative_ops_usd_per_month")
    )
    assert estimate.option("non_generative").monthly_usd == cents(classical)
    assert "$10,000 one-off fine-tuning over 12 months ($833.33 a month)" in (
        estimate.option("small_fine_tuned_model").basis
    )


def test_break_even_in_the_idle_minimum_region_matches_a_hand_computation() -> None:
    # At 3,000 + 300 tokens two idle GPUs carry 423k requests with room to spare, so the
    # break-even is where the mid-tier API bill passes the fixed self-hosting bill.
    estimate = estimate_costs(profile(), BOOK)
    mid = BOOK.tiers["mid"]
    per_request = listed_request_price(mid.provider, mid.model, 3_000, 300)
    fixed = gpu_fleet(2, 2)
    assert estimate.break_even_monthly_requests == math.floor(fixed / per_request) + 1
    assert estimate.break_even_monthly_requests == 353_044


def test_break_even_against_other_tiers_moves_with_their_price() -> None:
    p = profile()
    assert (
        break_even_monthly_requests(p, BOOK) == estimate_costs(p, BOOK).break_even_monthly_requests
    )
    small = break_even_monthly_requests(p, BOOK, "small")
    frontier = break_even_monthly_requests(p, BOOK, "frontier")
    assert small is not None and frontier is not None
    assert frontier < 353_044 < small  # a dearer API is overtaken sooner
    with pytest.raises(ValueError, match="unknown hosted tier"):
        break_even_monthly_requests(p, BOOK, "private")


def test_no_break_even_when_requests_are_free_or_gpus_never_catch_up(tmp_path: Path) -> None:
    free = profile(input_tokens=0, output_tokens=0)
    assert estimate_costs(free, BOOK).break_even_monthly_requests is None
    # At $100 a GPU-hour one instance (about 2.6M requests of 3,000 + 300 tokens at peak
    # headroom) costs $73,000 a month, more than those requests cost on the API (~$35,500):
    # self-hosting falls further behind with every instance.
    dear = load_price_book(write(tmp_path, {"gpu_hourly_usd": 100}))
    assert estimate_costs(profile(), dear).break_even_monthly_requests is None
    # Far above the cheaper default break-even it is still dearer than the API.
    assert monthly_cost(profile(), dear, "self_hosted_open_weights", monthly_requests=10**9) > (
        monthly_cost(profile(), dear, "hosted_api", "mid", monthly_requests=10**9)
    )


def test_estimate_rejects_a_profile_without_defaults() -> None:
    bare = Profile(use_case="x", task_type=TaskType.SUMMARIZATION)
    with pytest.raises(ValueError, match="monthly_requests"):
        estimate_costs(bare, BOOK)
    with pytest.raises(ValueError, match="latency"):
        estimate_costs(profile().model_copy(update={"latency": None}), BOOK)


def test_same_input_same_bytes() -> None:
    first = estimate_costs(profile(), BOOK).model_dump_json()
    second = estimate_costs(profile(), load_price_book(None)).model_dump_json()
    assert first == second
    assert CostEstimate.model_validate_json(first).model_dump_json() == first


def test_repeated_estimates_reuse_cached_request_prices() -> None:
    from assistant.advice import prices as prices_module

    estimate_costs(profile(input_tokens=4_321), BOOK)
    before = prices_module._dataset_prices.cache_info()
    for _ in range(50):
        estimate_costs(profile(input_tokens=4_321), BOOK)
    after = prices_module._dataset_prices.cache_info()
    assert after.misses == before.misses and after.hits > before.hits


# --- cost curve -------------------------------------------------------------------------


def test_cost_curve_gives_every_option_at_every_volume() -> None:
    p = profile()
    volumes = [0, 1_000, 1_500_000, 50_000_000]
    rows = cost_curve(p, BOOK, volumes=volumes)
    assert len(rows) == len(volumes) * 7
    at_profile = [r for r in rows if r["monthly_requests"] == 1_500_000]
    estimate = estimate_costs(p, BOOK)
    assert [r["monthly_usd"] for r in at_profile] == [o.monthly_usd for o in estimate.options]
    assert [(r["approach"], r["tier"]) for r in at_profile] == [
        (o.approach, o.tier) for o in estimate.options
    ]
    default = cost_curve(p, BOOK)
    assert {r["monthly_requests"] for r in default} >= {0, 1_500_000, 353_044, 10**9}
    assert [r["monthly_requests"] for r in default] == sorted(
        r["monthly_requests"] for r in default
    )


def test_monthly_cost_helper_matches_the_estimate() -> None:
    p = profile()
    estimate = estimate_costs(p, BOOK)
    for option in estimate.options:
        assert monthly_cost(p, BOOK, option.approach, option.tier) == option.monthly_usd


# --- properties -------------------------------------------------------------------------

latencies = st.sampled_from(["realtime", "interactive", "batch"])
tokens = st.integers(min_value=0, max_value=400_000)
volumes = st.integers(min_value=0, max_value=10**9)


@PROPERTY
@given(volumes, volumes, st.integers(0, 20_000), st.integers(0, 4_000), latencies)
def test_more_requests_never_lower_any_option(
    a: int, b: int, input_tokens: int, output_tokens: int, latency: str
) -> None:
    low, high = sorted((a, b))
    cheap = estimate_costs(profile(low, input_tokens, output_tokens, latency), BOOK)
    dear = estimate_costs(profile(high, input_tokens, output_tokens, latency), BOOK)
    for x, y in zip(cheap.options, dear.options, strict=True):
        assert (x.approach, x.tier) == (y.approach, y.tier)
        assert x.monthly_usd <= y.monthly_usd, (x.approach, x.tier)


@PROPERTY
@given(st.integers(0, 10**7), tokens, tokens, tokens, tokens, latencies)
def test_more_tokens_never_lower_hosted_cost(
    n: int, in_a: int, in_b: int, out_a: int, out_b: int, latency: str
) -> None:
    (in_low, in_high), (out_low, out_high) = sorted((in_a, in_b)), sorted((out_a, out_b))
    small = estimate_costs(profile(n, in_low, out_low, latency), BOOK)
    large = estimate_costs(profile(n, in_high, out_high, latency), BOOK)
    for tier in TIERS:
        assert (
            small.option("hosted_api", tier).monthly_usd
            <= large.option("hosted_api", tier).monthly_usd
        )
    assert (
        small.option("private_cloud_endpoint").monthly_usd
        <= large.option("private_cloud_endpoint").monthly_usd
    )


@PROPERTY
@given(
    st.integers(0, 50_000),
    st.integers(0, 5_000),
    latencies,
    st.integers(0, BREAK_EVEN_CAP),
    st.floats(0, 1),
)
def test_break_even_separates_cheaper_from_dearer_self_hosting(
    input_tokens: int, output_tokens: int, latency: str, above: int, fraction: float
) -> None:
    p = profile(1, input_tokens, output_tokens, latency)
    even = estimate_costs(p, BOOK).break_even_monthly_requests

    def costs_at(n: int) -> tuple[float, float]:
        self_hosted = monthly_cost_exact(p, BOOK, "self_hosted_open_weights", monthly_requests=n)
        hosted = monthly_cost_exact(p, BOOK, "hosted_api", "mid", monthly_requests=n)
        return self_hosted, hosted

    instance_month = float(
        value("gpu_hourly_usd") * 730 + value("self_hosted_ops_usd_per_instance_month")
    )
    per_request = BOOK.request_cost("mid", input_tokens, output_tokens, latency == "batch")
    if even is None:
        # Never cheaper by more than the last instance added (a dip before a new GPU).
        self_hosted, hosted = costs_at(BREAK_EVEN_CAP)
        assert hosted - self_hosted <= instance_month + per_request
        return
    assert 1 <= even <= BREAK_EVEN_CAP
    n = even + above % (BREAK_EVEN_CAP - even + 1)  # at or above the break-even
    self_hosted, hosted = costs_at(n)
    assert self_hosted < hosted
    self_hosted, hosted = costs_at(even - 1)  # just below it: not cheaper
    assert self_hosted >= hosted
    below = int((even - 1) * fraction)  # anywhere below: at most a dip of one instance
    self_hosted, hosted = costs_at(below)
    assert hosted - self_hosted <= instance_month + per_request


@PROPERTY
@given(
    st.integers(0, 40),  # fixed monthly cost
    st.integers(0, 12),  # one instance a month
    st.integers(1, 4),  # instances busy at peak per ...
    st.integers(1, 30),  # ... this many requests (more than one instance for one request too)
    st.integers(0, 3),  # minimum instances
    st.integers(1, 25),  # API price of one request
    st.integers(0, 4),  # operations per instance
    st.integers(0, 12),  # a committed instance a month (at most the on-demand one)
    st.integers(0, 9),  # the API's own fixed charge
)
def test_break_even_search_matches_brute_force(
    fixed: int,
    unit: int,
    busy: int,
    per: int,
    minimum: int,
    price: int,
    ops: int,
    committed: int,
    api_fixed: int,
) -> None:
    load = Fraction(busy, per)
    fleet = costs_module._Fleet(
        instance_monthly=float(unit),
        committed_monthly=float(min(committed, unit)),
        fixed_monthly=float(fixed),
        ops_per_instance=float(ops),
        load_per_request=busy / per,
        min_instances=minimum,
        owned=False,
    )
    found = costs_module._break_even(price, fleet, cap=10**6, api_fixed=api_fixed)
    margin = price - (unit + ops) * load  # what each request saves once instances are busy
    if margin <= 0:
        assert found is None
        return
    # Past this volume the API bill outgrows the fleet's, even with a spare instance.
    horizon = math.ceil((fixed + (unit + ops) * (minimum + 2)) / margin) + 2 * per + 2
    not_cheaper = [n for n in range(horizon) if fleet.cost(n) >= api_fixed + price * n]
    assert found == (max(not_cheaper) + 1 if not_cheaper else 0)
    assert all(fleet.cost(n) < api_fixed + price * n for n in range(found, 2 * horizon))


# --- the override file ------------------------------------------------------------------


def write(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "price_overrides.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def test_negotiated_prices_and_assumptions_change_the_figures(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "_comment": "negotiated with the vendor in 2026-11",
            "mid": {"input_per_mtok": 2.0, "output_per_mtok": 10.0},
            "gpu_hourly_usd": {"value": 1.2, "why": "three-year reservation"},
            "self_hosted_ops_usd_per_month": 1500,
        },
    )
    book = load_price_book(path)
    assert isinstance(book, PriceBook)
    assert (
        book.as_of
        == f"negotiated prices from price_overrides.json, list prices of {BOOK.snapshot_date}"
    )
    assert book.tiers["mid"].negotiated and not book.tiers["small"].negotiated
    assert book.request_cost_exact("mid", 3_000, 300) == Decimal("0.009")  # 3k x 2 + 300 x 10
    assert book.request_cost_exact("mid", 3_000, 300, batch=True) == Decimal("0.0045")
    estimate = estimate_costs(profile(), book)
    mid = estimate.option("hosted_api", "mid")
    assert mid.monthly_usd == 13_500.0
    assert "negotiated prices from price_overrides.json: $2.00/$10.00 per M tokens" in mid.basis
    assert estimate.option("hosted_api", "small").monthly_usd == 2_520.0  # unchanged
    assert estimate.option("self_hosted_open_weights").monthly_usd == cents(
        2 * Decimal("1.2") * 730 * (1 - value("committed_use_discount"))
        + 1_500
        + 2 * value("self_hosted_ops_usd_per_instance_month")
    )
    assert "with overrides from price_overrides.json" in estimate.assumptions_as_of
    assert estimate.price_date == book.as_of


def test_an_override_can_switch_a_reference_model_priced_from_the_data(tmp_path: Path) -> None:
    book = load_price_book(write(tmp_path, {"small": {"model": "gpt-4o-mini"}}))
    assert (book.tiers["small"].model, book.tiers["small"].negotiated) == ("gpt-4o-mini", False)
    assert book.request_cost_exact("small", 1_000, 1_000) == listed_request_price(
        "openai", "gpt-4o-mini", 1_000, 1_000
    )


def test_prices_are_taken_at_the_snapshot_date_not_today(tmp_path: Path) -> None:
    # gemini-4-argon's introductory $2/$10 doubles on 2026-12-01 in the same data: figures
    # must not change with the day they are computed.
    book = load_price_book(
        write(tmp_path, {"frontier": {"provider": "google", "model": "gemini-4-argon"}})
    )
    if BOOK.snapshot_date < "2026-12-01":
        assert book.tiers["frontier"].input_per_mtok == 2.0
        assert book.request_cost_exact("frontier", 1_000_000, 0) == Decimal(2)


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ({"gpu_hourly_usd": "cheap"}, "gpu_hourly_usd"),
        ({"gpu_hourly_usd": {"value": -1}}, "gpu_hourly_usd"),
        ({"min_instances_online": 1.5}, "min_instances_online"),
        ({"batch_discount": 2}, "batch_discount"),
        ({"mid": {"input_per_mtok": -1}}, "mid.input_per_mtok"),
        ({"mid": {"output_per_mtok": "ten"}}, "mid.output_per_mtok"),
        ({"mid": {"inptu_per_mtok": 1}}, "mid.inptu_per_mtok"),
        ({"mid": 3}, "mid"),
        ({"small": {"model": "no-such-model"}}, "small.model"),
        ({"gpu_hourly": 1.0}, "gpu_hourly"),
    ],
)
def test_a_bad_override_names_the_file_and_the_key(
    tmp_path: Path, content: dict[str, object], key: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ValueError) as caught:
        load_price_book(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}: ")
    assert "\n" not in message


def test_a_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="did you mean 'gpu_hourly_usd'"):
        load_price_book(write(tmp_path, {"gpu_hourly": 1.0}))


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_a_malformed_override_file_names_the_file(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ValueError, match=re.escape(str(path))):
        load_price_book(path)


def test_a_missing_override_file_is_no_override_unless_required(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert load_price_book(missing) == BOOK
    with pytest.raises(ValueError, match=re.escape(str(missing))):
        load_price_book(missing, required=True)
    assert load_price_book(write(tmp_path, {"_note": "nothing yet"})) == BOOK
