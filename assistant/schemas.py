"""Shared data shapes: knowledge sources, the use-case profile and the recommendation.

These are the JSON shapes of the outside contract (``CONTRACT.md``); every layer
exchanges them, so they live here and depend on nothing but pydantic.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Category(StrEnum):
    """The closed list of knowledge-document categories."""

    STRENGTHS = "strengths"
    COSTS = "costs"
    LICENSING = "licensing"
    DATA_PRIVACY = "data-privacy"
    SECURITY = "security"
    DEPLOYMENT = "deployment"
    EVALUATION = "evaluation"
    REGULATION = "regulation"
    ORGANISATION = "organisation"


class Source(BaseModel):
    """One retrieved passage of a knowledge document."""

    doc_id: str
    title: str
    category: str
    path: str
    heading: str
    score: float
    text: str
    lang: str = "en"  # the language of the passage: "ja" from a document's Japanese version


class SourceRef(BaseModel):
    """A citation without the passage: which document backs a point."""

    doc_id: str
    title: str
    path: str


class Answer(BaseModel):
    """The `ask` command's output for one question."""

    question: str
    answer: str
    mode: Literal["offline", "llm"] = "offline"
    sources: list[Source] = Field(default_factory=list)


# --- the use-case profile -------------------------------------------------------------

# Upper bounds a real business can reach, documented in the README ("Profile limits"):
# anything larger is a typing mistake or an attack, and is refused, naming the field.
MAX_MONTHLY_REQUESTS = 10**10  # about 3,800 requests a second, around the clock
MAX_TOKENS_PER_REQUEST = 2_000_000  # the largest context windows offered today
MAX_USERS = 10**10  # more than the people on Earth
MAX_BUDGET_USD = 10**9  # a billion dollars a month
MAX_LABELED_EXAMPLES = 10**9
MAX_TIMELINE_WEEKS = 520  # ten years
MAX_MINUTES_PER_ITEM = 60 * 24 * 5  # a working week of one person's time for one item
MAX_HOURLY_COST_USD = 10_000  # far above any professional's fully loaded rate
MAX_BUILD_COST_USD = 10**9
MAX_RAMP_MONTHS = 36
MAX_COST_PER_ITEM_USD = 10**6  # a million dollars to handle one item: past any real case
MAX_REVENUE_AT_STAKE_USD = 10**10  # ten billion dollars a month
MAX_USE_CASE_CHARS = 2000
# Control characters (NUL included) have no place in a description; tab and line breaks do.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class TaskType(StrEnum):
    SUMMARIZATION = "summarization"
    DRAFTING = "drafting"
    CLASSIFICATION = "classification"
    EXTRACTION = "extraction"
    SEARCH_QA = "search_qa"
    CONVERSATION = "conversation"
    CODE = "code"
    TRANSLATION = "translation"
    VISION = "vision"
    SPEECH = "speech"
    FORECASTING = "forecasting"
    DECISION_AUTOMATION = "decision_automation"
    OTHER = "other"


class Audience(StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"


class Latency(StrEnum):
    REALTIME = "realtime"
    INTERACTIVE = "interactive"
    BATCH = "batch"


class ErrorImpact(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    CRITICAL = "critical"


class HumanReview(StrEnum):
    EVERY_OUTPUT = "every_output"
    SAMPLED = "sampled"
    NONE = "none"


class DataSensitivity(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    PERSONAL = "personal"
    SPECIAL_CATEGORY = "special_category"


class Deployment(StrEnum):
    ANY = "any"
    PRIVATE_CLOUD = "private_cloud"
    ON_PREMISES = "on_premises"


class TeamSkill(StrEnum):
    NONE = "none"
    SOME = "some"
    STRONG = "strong"


class AnnexIIIArea(StrEnum):
    """The EU AI Act's high-risk areas (Annex III), in the Annex's order."""

    BIOMETRICS = "biometrics"
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    ESSENTIAL_SERVICES = "essential_services"  # benefits, credit, life and health insurance
    EMERGENCY_TRIAGE = "emergency_triage"  # emergency calls and patient triage (point 5(d))
    LAW_ENFORCEMENT = "law_enforcement"
    MIGRATION_BORDER = "migration_border"
    JUSTICE_DEMOCRACY = "justice_democracy"


class RegulatedProduct(StrEnum):
    """Products under the EU product laws of AI Act Annex I that the system is or is part of."""

    NONE = "none"
    MEDICAL_DEVICE = "medical_device"  # MDR 2017/745, IVDR 2017/746
    MACHINERY = "machinery"
    TOY = "toy"
    VEHICLE = "vehicle"
    OTHER = "other"  # lifts, radio equipment, pressure equipment, aviation, marine...


class ProhibitedPractice(StrEnum):
    """The practices Art. 5 of the EU AI Act prohibits, as a manager would name them."""

    MANIPULATION = "manipulation"  # 5(1)(a) and (b): manipulation, exploiting vulnerabilities
    SOCIAL_SCORING = "social_scoring"  # 5(1)(c)
    CRIME_PREDICTION = "crime_prediction"  # 5(1)(d)
    FACE_SCRAPING = "face_scraping"  # 5(1)(e)
    EMOTION_RECOGNITION = "emotion_recognition"  # 5(1)(f): at work or in education
    SENSITIVE_CATEGORISATION = "sensitive_categorisation"  # 5(1)(g)
    REALTIME_BIOMETRIC_ID = "realtime_biometric_id"  # 5(1)(h)
    INTIMATE_DEEPFAKES = "intimate_deepfakes"  # added by the Digital Omnibus
    NONE = "none"


class Profile(BaseModel):
    """A use case as the manager describes it. Only ``use_case`` and ``task_type`` are
    required; every other field is optional and takes a documented default in the engine
    (``assistant.questionnaire.questions``), which the recommendation lists as assumed."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    use_case: str = Field(min_length=1, max_length=MAX_USE_CASE_CHARS)
    task_type: TaskType
    audience: Audience | None = None
    monthly_requests: int | None = Field(default=None, ge=0, le=MAX_MONTHLY_REQUESTS)
    input_tokens: int | None = Field(default=None, ge=0, le=MAX_TOKENS_PER_REQUEST)
    output_tokens: int | None = Field(default=None, ge=0, le=MAX_TOKENS_PER_REQUEST)
    sample_input: str | None = Field(default=None, max_length=100_000)
    latency: Latency | None = None
    error_impact: ErrorImpact | None = None
    human_review: HumanReview | None = None
    data_sensitivity: DataSensitivity | None = None
    deployment: Deployment | None = None
    monthly_budget_usd: float | None = Field(
        default=None, ge=0, le=MAX_BUDGET_USD, allow_inf_nan=False
    )
    team_skill: TeamSkill | None = None
    labeled_examples: int | None = Field(default=None, ge=0, le=MAX_LABELED_EXAMPLES)
    commercial_product: bool | None = None
    monthly_active_users: int | None = Field(default=None, ge=0, le=MAX_USERS)
    eu_users: bool | None = None
    # The EU AI Act's structure, asked in plain words: high-risk areas (an empty list is
    # "none of those"), a regulated product (Annex I), children, a prohibited practice.
    annex_iii_areas: list[AnnexIIIArea] | None = None
    regulated_product: RegulatedProduct | None = None
    children: bool | None = None
    prohibited_practice: ProhibitedPractice | None = None
    timeline_weeks: int | None = Field(default=None, ge=1, le=MAX_TIMELINE_WEEKS)
    # The value side (the business case): how the work is done today and what it costs.
    minutes_per_item: float | None = Field(
        default=None, ge=0, le=MAX_MINUTES_PER_ITEM, allow_inf_nan=False
    )
    hourly_cost_usd: float | None = Field(
        default=None, ge=0, le=MAX_HOURLY_COST_USD, allow_inf_nan=False
    )
    time_saved_pct: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    build_cost_usd: float | None = Field(
        default=None, ge=0, le=MAX_BUILD_COST_USD, allow_inf_nan=False
    )
    adoption_ramp_months: int | None = Field(default=None, ge=0, le=MAX_RAMP_MONTHS)
    # Read when the manager states them, never asked: what one item costs today when that is
    # known rather than people's minutes (an agency's fee), and revenue a month the use case
    # could win or protect, with the share of it the model would.
    cost_per_item_usd: float | None = Field(
        default=None, ge=0, le=MAX_COST_PER_ITEM_USD, allow_inf_nan=False
    )
    revenue_at_stake_usd: float | None = Field(
        default=None, ge=0, le=MAX_REVENUE_AT_STAKE_USD, allow_inf_nan=False
    )
    revenue_share_pct: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    # Not asked: taken from the currency the manager gives money in (screens and reports show
    # money in it; JSON money is always USD).
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")

    @field_validator("annex_iii_areas", mode="before")
    @classmethod
    def _areas_as_said(cls, value: object) -> object:
        # The interview stores the answer as one string ("employment,education", "none"),
        # like every other answer; a profile file gives a list.
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            return [] if parts in ([], ["none"]) else parts
        return value

    @field_validator("annex_iii_areas")
    @classmethod
    def _areas_once(cls, value: list[AnnexIIIArea] | None) -> list[AnnexIIIArea] | None:
        if value is None:
            return None
        return sorted(set(value), key=list(AnnexIIIArea).index)

    @field_validator("use_case")
    @classmethod
    def _a_description(cls, value: str) -> str:
        if _CONTROL.search(value):
            raise ValueError("control characters (such as NUL) are not accepted")
        if not value.strip():
            raise ValueError("must describe the use case, not be blank")
        return value.strip()


# --- the recommendation ---------------------------------------------------------------

Verdict = Literal["start_poc", "poc_with_safeguards", "not_recommended"]
Approach = Literal[
    "hosted_api",
    "private_cloud_endpoint",
    "self_hosted_open_weights",
    "small_fine_tuned_model",
    "non_generative",
]
Severity = Literal["low", "medium", "high", "blocker"]


class CostOption(BaseModel):
    approach: Approach
    monthly_usd: float
    basis: str
    label: str = ""  # e.g. "Hosted API, small (gpt-4.1-mini)"
    tier: str | None = None  # small / mid / frontier for hosted APIs, private, else None
    model: str | None = None
    # Why the user's constraints exclude this option ("ruled out: the data must stay on your
    # premises"); None when it is open. A ruled-out option is priced but never offered.
    ruled_out: str | None = None


class BreakEven(BaseModel):
    """The volume at which the option recommended and its nearest rival swap places."""

    monthly_requests: int
    cheaper_above: Approach  # the option that costs less above that volume
    cheaper_below: Approach
    text: str  # the sentence a manager can say


class Costs(BaseModel):
    options: list[CostOption]
    recommended_monthly_usd: float
    monthly_budget_usd: float | None = None
    # Stated only where it informs the decision (never for a classical model or when the
    # constraints leave one way to run it).
    break_even: BreakEven | None = None


class Risk(BaseModel):
    id: str
    severity: Severity
    title: str
    why: str
    mitigation: str
    sources: list[str]


class Kpi(BaseModel):
    name: str
    target: str
    how_measured: str
    # The target as a figure, where it is one: a pilot's measurement is compared with it.
    target_value: float | None = None
    direction: Literal[">=", "<="] | None = None
    unit: str | None = None


class PocPlan(BaseModel):
    duration_weeks: int
    kpis: list[Kpi]
    success_criteria: list[str]
    human_review: str
    steps: list[str]


class Cases(BaseModel):
    """One figure of the business case in its conservative and its expected case."""

    conservative: float
    expected: float


class OptionalCases(BaseModel):
    """As ``Cases``, where a case can have no value (a payback that never comes)."""

    conservative: float | None
    expected: float | None


class BusinessCase(BaseModel):
    """What the use case is worth against what it costs (money in USD), each figure in a
    conservative and an expected case, with the assumptions behind them."""

    monthly_benefit_usd: Cases
    monthly_net_usd: Cases
    payback_months: OptionalCases
    roi_12_months: OptionalCases  # None where there is no build cost to return
    sensitivity: str
    assumptions: dict[str, str]
    # The parts of the figures above, for the explanation beside them.
    monthly_running_usd: Cases
    monthly_review_usd: Cases
    build_cost_usd: Cases
    adoption_ramp_months: Cases = Field(default_factory=lambda: Cases(conservative=0, expected=0))
    items_per_month: int
    item: str = "item"  # what one item is called ("claim"), for the sentences above
    minutes_per_item: float = 0.0
    break_even_minutes_saved: float | None = None
    # What one item costs today: as stated, or minutes x the cost of an hour.
    cost_per_item_usd: float = 0.0
    # "cost" when the manager gave a cost per item (the break-even is then money saved per
    # item), "minutes" otherwise.
    basis: Literal["minutes", "cost"] = "minutes"
    break_even_usd_saved: float | None = None
    # The part of the monthly benefit that is revenue won or protected, not time saved.
    monthly_revenue_usd: Cases = Field(default_factory=lambda: Cases(conservative=0, expected=0))
    sources: list[str] = Field(default_factory=list)


TrackId = Literal["try_fast", "long_term_bet", "not_now"]


class Track(BaseModel):
    """Where the use case belongs in a portfolio (the study's split between what to try
    fast and what needs an investment decision), and why in one line."""

    id: TrackId
    why: str


class Recommendation(BaseModel):
    verdict: Verdict
    approach: Approach
    alternatives: list[Approach]
    summary: str
    assumptions: dict[str, str | int | float | bool]
    costs: Costs
    risks: list[Risk]
    poc_plan: PocPlan
    talking_points: list[str]
    sources: list[SourceRef]
    business_case: BusinessCase | None = None
    track: Track | None = None
