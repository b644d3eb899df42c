"""Every kind of work priced as what it is, and the approach chosen on those figures.

Golden figures per modality are worked out by hand in the comments from the price data and
cost_assumptions.json; the properties hold for every modality and deployment: more volume
never costs less, and a stricter constraint never picks (or offers) what it rules out.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.advice.approach import PRIVACY_LEVEL, REQUIRED_LEVEL
from assistant.advice.costs import estimate_costs, modality_of
from assistant.advice.prices import load_price_book
from assistant.advice.recommend import hosted_tier
from assistant.questionnaire import with_defaults
from assistant.schemas import Deployment, Profile
from tests.unit.test_engine import recommend

BOOK = load_price_book(None)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# (use case, task type): one of each way the work is billed.
WORK = {
    "text": ("Summarise support tickets for the weekly report", "summarization"),
    "image_input": ("Spot surface defects on camera images of castings", "vision"),
    "audio_input": ("Summarise recorded contact-centre calls", "speech"),
    "image_output": ("Generate product images for the online shop", "drafting"),
}


def estimate(kind: str, **fields: Any) -> Any:
    use_case, task = WORK[kind]
    filled, _ = with_defaults(Profile(use_case=use_case, task_type=task, **fields))
    return estimate_costs(filled, BOOK)


def test_each_use_case_is_billed_as_its_kind_of_work() -> None:
    for kind, (use_case, task) in WORK.items():
        profile = Profile(use_case=use_case, task_type=task)
        assert modality_of(profile, BOOK.assumptions) == kind
    # A drafting task that writes words is text, whatever else it mentions.
    words = Profile(use_case="Draft product descriptions for the shop", task_type="drafting")
    assert modality_of(words, BOOK.assumptions) == "text"


def test_speech_is_priced_per_audio_minute_plus_the_text_model() -> None:
    # 50,000 recordings of 1,000 transcript tokens = 5 minutes at 200 tokens a minute.
    # Hosted small: 250,000 minutes x $0.006 (whisper-1) = $1,500, plus 50,000 x (1,000 x
    # $0.40 + 200 x $1.60) / 1M = $36: $1,536.
    e = estimate("audio_input", monthly_requests=50_000, input_tokens=1_000, output_tokens=200)
    small = e.option("hosted_api", "small")
    assert small.monthly_usd == 1_536.0
    assert "5 audio minutes" in small.basis and "$0.006 a minute (whisper-1" in small.basis
    # Private: 250,000 x $0.024 (a regional transcription service) = $6,000, plus 50,000 x
    # (1,000 x $3.30 + 200 x $16.50) / 1M = $330, plus $500 networking: $6,830.
    assert e.option("private_cloud_endpoint").monthly_usd == 6_830.0
    # Self-hosted: Whisper adds 5 GPU-seconds a recording; still under one GPU, so the
    # minimum of two: 2 x $1.861 x 730 x 0.65 + $2,200 + 2 x $400 = $4,766.09.
    hosted = e.option("self_hosted_open_weights")
    assert hosted.monthly_usd == 4_766.09 and "Whisper" in hosted.basis


def test_reading_images_is_priced_per_image() -> None:
    # 50,000 images, each at least 1,400 tokens with the prompt, 150 out, mid tier:
    # 50,000 x (1,400 x $3 + 150 x $15) / 1M = $322.50, $0.0065 an image.
    e = estimate("image_input", monthly_requests=50_000, input_tokens=1_100, output_tokens=150)
    mid = e.option("hosted_api", "mid")
    assert mid.monthly_usd == 322.5 and "$0.0065 per image" in mid.basis
    assert not e.has("non_generative")
    # The small option is a detector, not a text model: 10,000 / 12 + 2 x $0.805 x 730 x
    # 0.65 + $800 + 2 x $200 = $2,797.28.
    detector = e.option("small_fine_tuned_model")
    assert detector.monthly_usd == 2_797.28
    assert "detector" in (detector.model or "") and "images/s" in detector.basis
    assert "vision-language" in (e.option("self_hosted_open_weights").model or "")


def test_generated_images_are_priced_per_image() -> None:
    # gpt-image-1.5: 1,056 image tokens x $32 / 1M + a 500-token prompt x $5 / 1M =
    # $0.036292 an image; 50,000 images = $1,814.60. Private: x 1.1 + $500 = $2,496.06.
    e = estimate("image_output", monthly_requests=50_000, input_tokens=500)
    assert [o.approach for o in e.options] == [
        "hosted_api",
        "private_cloud_endpoint",
        "self_hosted_open_weights",
    ]
    hosted = e.option("hosted_api", "small")  # the one image model, whatever the tier
    assert (hosted.tier, hosted.model, hosted.monthly_usd) == ("image", "gpt-image-1.5", 1_814.6)
    assert "$0.0363 an image" in hosted.basis
    assert e.option("private_cloud_endpoint").monthly_usd == 2_496.06
    assert "FLUX.1" in (e.option("self_hosted_open_weights").model or "")


def test_on_premises_is_owned_hardware_not_a_cloud_rate() -> None:
    # One owned L40S-class GPU a month: $20,000 / 36 + 0.6 kW x 730 h x 1.4 x $0.15 +
    # $125 space + $20,000 x 10% / 12 = $939.20; two of them plus $2,200 + 2 x $400.
    e = estimate("text", monthly_requests=20_000, deployment="on_premises")
    line = e.option("self_hosted_open_weights")
    assert line.monthly_usd == 4_878.4
    assert "owned: $939.20 a month each" in line.basis and "/h" not in line.basis


def test_operations_grow_with_the_fleet() -> None:
    small = estimate("text", monthly_requests=1_000_000).option("self_hosted_open_weights")
    large = estimate("text", monthly_requests=60_000_000).option("self_hosted_open_weights")
    assert "$400 per instance ($800)" in small.basis
    assert "more on demand for peaks" in large.basis
    count = int(large.basis.split(" x ", 1)[0])
    assert f"$400 per instance (${400 * count:,})" in large.basis


# --- the approach and its break-even ----------------------------------------------------


def test_a_cheaper_fine_tuned_model_wins_on_the_computed_costs() -> None:
    # Extraction at 5M a month on the small tier: 5M x (1,500 x $0.40 + 150 x $1.60) / 1M =
    # $4,200; the fine-tuned model needs under one GPU at peak: $2,797.28.
    fields = dict(
        use_case="Extract fields from supplier invoices",
        task_type="extraction",
        monthly_requests=5_000_000,
        input_tokens=1_500,
        output_tokens=150,
        labeled_examples=50_000,
    )
    rec = recommend(**fields)
    assert rec.approach == "small_fine_tuned_model"
    assert rec.costs.recommended_monthly_usd == 2_797.28
    assert rec.costs.break_even is not None
    assert rec.costs.break_even.cheaper_below == "hosted_api"
    # Without the labelled examples the hosted API stays.
    assert recommend(**{**fields, "labeled_examples": 100}).approach == "hosted_api"


def test_visual_inspection_with_many_labels_gets_a_detector() -> None:
    rec = recommend(
        use_case="Camera system to spot surface defects on castings on the line",
        task_type="vision",
        monthly_requests=900_000,
        latency="realtime",
        labeled_examples=12_000,
        deployment="on_premises",
    )
    assert rec.approach == "small_fine_tuned_model"
    assert "hosted_api" not in rec.alternatives
    assert rec.costs.break_even is None  # on premises: no API to compare with
    ruled = {o.approach for o in rec.costs.options if o.ruled_out}
    assert ruled == {"hosted_api", "private_cloud_endpoint"}


def test_a_tiny_budget_with_personal_data_is_not_forced_onto_a_private_endpoint() -> None:
    # 200 drafts a month cost about $2 on the API; the private endpoint's networking alone
    # is $500, ten times the $50 budget.
    fields = dict(
        use_case="Draft replies to customer emails",
        task_type="drafting",
        monthly_requests=200,
        data_sensitivity="personal",
        monthly_budget_usd=50,
    )
    rec = recommend(**fields)
    assert rec.approach == "hosted_api" and rec.costs.recommended_monthly_usd <= 50
    assert "data processing agreement" in rec.summary
    # With room in the budget the private endpoint stays.
    assert recommend(**{**fields, "monthly_budget_usd": 5_000}).approach == (
        "private_cloud_endpoint"
    )
    # Special-category data and a private-cloud constraint are never relaxed.
    special = recommend(**{**fields, "data_sensitivity": "special_category"})
    assert special.approach == "private_cloud_endpoint"
    required = recommend(**{**fields, "deployment": "private_cloud"})
    assert required.approach == "private_cloud_endpoint"


def test_no_break_even_for_a_classical_model_or_far_below_it() -> None:
    forecast = recommend(use_case="Forecast weekly demand", task_type="forecasting")
    assert forecast.approach == "non_generative" and forecast.costs.break_even is None
    tiny = recommend(
        use_case="Summarise board minutes", task_type="summarization", monthly_requests=50
    )
    assert tiny.costs.break_even is None
    assert not any("Self-hosting" in p for p in tiny.talking_points)


def test_the_break_even_named_is_against_the_recommended_option() -> None:
    rec = recommend(
        use_case="Summarise contact-centre calls",
        task_type="speech",
        monthly_requests=50_000,
        input_tokens=1_200,
        output_tokens=150,
        latency="batch",
    )
    even = rec.costs.break_even
    assert even is not None and even.cheaper_below == rec.approach == "hosted_api"
    assert even.text in rec.talking_points


# --- properties -------------------------------------------------------------------------

kinds = st.sampled_from(sorted(WORK))
deployments = st.sampled_from(["any", "private_cloud", "on_premises"])
latencies = st.sampled_from(["batch", "interactive", "realtime"])


@PROPERTY
@given(
    kinds,
    st.integers(0, 10**9),
    st.integers(0, 10**9),
    st.integers(0, 20_000),
    st.integers(0, 4_000),
    latencies,
    deployments,
)
def test_more_volume_never_costs_less_in_any_modality(
    kind: str, a: int, b: int, tokens_in: int, tokens_out: int, latency: str, deployment: str
) -> None:
    low, high = sorted((a, b))
    fields = dict(
        input_tokens=tokens_in, output_tokens=tokens_out, latency=latency, deployment=deployment
    )
    cheap = estimate(kind, monthly_requests=low, **fields)
    dear = estimate(kind, monthly_requests=high, **fields)
    for x, y in zip(cheap.options, dear.options, strict=True):
        assert (x.approach, x.tier) == (y.approach, y.tier)
        assert x.monthly_usd <= y.monthly_usd, (kind, x.approach, x.tier)


@PROPERTY
@given(
    kinds,
    st.integers(0, 10**8),
    st.sampled_from([0, 500, 5_000, 100_000]),
    st.sampled_from(["internal", "personal", "special_category"]),
    st.sampled_from([None, 10.0, 1_000.0, 100_000.0]),
    st.sampled_from(["none", "some", "strong"]),
    latencies,
)
def test_a_stricter_constraint_never_picks_or_offers_what_it_rules_out(
    kind: str,
    volume: int,
    labels: int,
    data: str,
    budget: float | None,
    skill: str,
    latency: str,
) -> None:
    use_case, task = WORK[kind]
    base = dict(
        use_case=use_case,
        task_type=task,
        monthly_requests=volume,
        labeled_examples=labels,
        data_sensitivity=data,
        team_skill=skill,
        latency=latency,
    )
    if budget is not None:
        base["monthly_budget_usd"] = budget
    levels = []
    for deployment in ("any", "private_cloud", "on_premises"):
        rec = recommend(**base, deployment=deployment)
        required = REQUIRED_LEVEL[Deployment(deployment)]
        assert PRIVACY_LEVEL[rec.approach] >= required
        assert all(PRIVACY_LEVEL[a] >= required for a in rec.alternatives)
        for option in rec.costs.options:
            assert (option.ruled_out is not None) == (PRIVACY_LEVEL[option.approach] < required)
        levels.append(PRIVACY_LEVEL[rec.approach])
    assert levels == sorted(levels)  # stricter never moves the data further out


@pytest.mark.parametrize("kind", sorted(WORK))
def test_every_modality_recommends_an_option_it_priced(kind: str) -> None:
    use_case, task = WORK[kind]
    rec = recommend(use_case=use_case, task_type=task, monthly_requests=30_000)
    assert rec.approach in {o.approach for o in rec.costs.options}
    assert rec.costs.recommended_monthly_usd in {o.monthly_usd for o in rec.costs.options}


# --- on screen and in reports -----------------------------------------------------------


def test_the_card_marks_ruled_out_options_and_states_the_break_even() -> None:
    from assistant.advice.presentation import present

    fields: dict[str, Any] = dict(
        use_case="Summarise internal reports",
        task_type="summarization",
        monthly_requests=20_000,
        deployment="on_premises",
    )
    view = present(recommend(**fields), Profile(**fields))
    ruled = [row for row in view.costs if row.ruled_out]
    assert ruled and all(
        r.explanation.startswith("Ruled out: the data must stay on your premises") for r in ruled
    )
    assert not any(r.recommended for r in ruled)
    owned = next(r for r in view.costs if r.recommended)
    assert "you own on your premises" in owned.explanation
    assert view.break_even is None

    calls: dict[str, Any] = dict(
        use_case="Summarise contact-centre calls",
        task_type="speech",
        monthly_requests=50_000,
        latency="batch",
    )
    rec = recommend(**calls)
    view = present(rec, Profile(**calls))
    assert rec.costs.break_even is not None
    assert view.break_even == rec.costs.break_even.text and view.break_even in view.notes
    assert not any(row.ruled_out for row in view.costs)


def test_explain_the_cost_names_the_tier_recommended_and_sets_ruled_out_options_apart() -> None:
    from assistant.conversation.followups import cost, view_of

    rec = recommend(
        use_case="Summarise internal reports",
        task_type="summarization",
        monthly_requests=20_000,
        deployment="private_cloud",
    )
    text = cost(rec, view_of(rec, None, "en"))
    chosen = next(o for o in rec.costs.options if o.approach == "private_cloud_endpoint")
    assert f"How it is worked out: {chosen.basis}" in text
    others, ruled = text.split("**Ruled out by your constraints**")
    assert "gpt-4.1-mini" not in others.split("**The other options:**")[1]
    assert "the data must stay in your private cloud" in ruled and "gpt-4.1-mini" in ruled
    # A hosted pick explains the tier it recommends, not the first hosted line.
    hosted = recommend(use_case="Summarise board minutes", task_type="summarization")
    mid = next(o for o in hosted.costs.options if o.tier == "mid")
    assert hosted.costs.recommended_monthly_usd == mid.monthly_usd
    assert f"How it is worked out: {mid.basis}" in cost(hosted, view_of(hosted, None, "en"))


def test_the_pricing_of_each_kind_of_work_is_cited() -> None:
    cited = {
        kind: {s.doc_id for s in recommend(use_case=u, task_type=t).sources}
        for kind, (u, t) in WORK.items()
    }
    assert "costs-speech-to-text-and-text-to-speech-pricing" in cited["audio_input"]
    assert "costs-image-generation-pricing" in cited["image_output"]
    assert "costs-image-generation-pricing" not in cited["text"]
    on_premises = recommend(
        use_case="Summarise reports", task_type="summarization", deployment="on_premises"
    )
    assert "costs-on-premises-and-reserved-gpu-tco" in {s.doc_id for s in on_premises.sources}


@PROPERTY
@given(
    kinds,
    st.integers(0, 10**7),
    st.sampled_from(["internal", "personal", "special_category"]),
    deployments,
    st.floats(0, 20_000),
)
def test_a_blown_budget_means_no_option_meeting_the_same_constraints_fits(
    kind: str, volume: int, data: str, deployment: str, budget: float
) -> None:
    use_case, task = WORK[kind]
    rec = recommend(
        use_case=use_case,
        task_type=task,
        monthly_requests=volume,
        data_sensitivity=data,
        deployment=deployment,
        monthly_budget_usd=budget,
    )
    if rec.costs.recommended_monthly_usd <= budget:
        return
    # Over budget: every other option of the same kind (classical or generative) that
    # keeps the data at least as close as the constraints and the data ask costs more than
    # the budget too (hosted APIs at the tier the engine prices them at).
    filled, _ = with_defaults(Profile(use_case=use_case, task_type=task))
    tier = hosted_tier(filled)
    floor = REQUIRED_LEVEL[Deployment(deployment)]
    if data != "internal" and rec.approach != "hosted_api":
        floor = max(floor, 1)
    classical = rec.approach == "non_generative"
    for option in rec.costs.options:
        if option.approach not in rec.alternatives:
            continue
        if (option.approach == "non_generative") != classical:
            continue
        if option.approach == "hosted_api" and option.tier not in (tier, "image"):
            continue
        if PRIVACY_LEVEL[option.approach] >= floor:
            assert option.monthly_usd > budget, option


def test_negotiated_per_minute_and_per_image_prices_replace_the_price_data(
    tmp_path: Any,
) -> None:
    import json

    path = tmp_path / "price_overrides.json"
    path.write_text(
        json.dumps(
            {"hosted_transcription_usd_per_minute": 0.004, "hosted_image_usd_per_image": 0.02}
        )
    )
    book = load_price_book(path)
    use_case, task = WORK["audio_input"]
    filled, _ = with_defaults(
        Profile(
            use_case=use_case,
            task_type=task,
            monthly_requests=50_000,
            input_tokens=1_000,
            output_tokens=200,
        )
    )
    small = estimate_costs(filled, book).option("hosted_api", "small")
    # 250,000 minutes x $0.004 = $1,000, plus the same $36 of tokens.
    assert small.monthly_usd == 1_036.0 and "negotiated price" in small.basis
    use_case, task = WORK["image_output"]
    filled, _ = with_defaults(Profile(use_case=use_case, task_type=task, monthly_requests=50_000))
    image = estimate_costs(filled, book).option("hosted_api")
    assert image.monthly_usd == 1_000.0 and "negotiated price" in image.basis
