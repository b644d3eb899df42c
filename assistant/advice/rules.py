"""The rule table: each rule names its condition, the risk it adds (id, severity, why,
mitigation) and the knowledge documents it cites.

Rules are plain data over a :class:`Facts` object, so a reader can check each against the
guidance it cites, and a test checks that every cited document exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.advice import regulation
from assistant.advice.wording import about_count, usd
from assistant.i18n import N_
from assistant.schemas import (
    AnnexIIIArea,
    Approach,
    Audience,
    DataSensitivity,
    Deployment,
    ErrorImpact,
    HumanReview,
    Latency,
    Profile,
    Risk,
    Severity,
    TaskType,
    TeamSkill,
)

SEVERITY_ORDER: dict[str, int] = {"low": 0, "medium": 1, "high": 2, "blocker": 3}
LLAMA_MAU_LIMIT = 700_000_000
COST_AT_SCALE_MEDIUM_USD = 5_000.0
COST_AT_SCALE_HIGH_USD = 50_000.0
HIGH_VOLUME_REQUESTS = 1_000_000
TINY_BUDGET_USD = 100.0
# Above this many outputs a month, nobody reviews every one for long: every output of a pilot
# slice, then a random audit sample (evaluation-human-review-and-audit-sampling).
REVIEW_ALL_MAX_MONTHLY = 50_000
PILOT_SLICE = 2_000
AUDIT_SAMPLE = 400  # none wrong in 400 -> the error rate is probably under 1% (rule of three)
TINY_OUTPUT_TOKENS = 20  # a label or a score: nothing to stream
PERSONAL = (DataSensitivity.PERSONAL, DataSensitivity.SPECIAL_CATEGORY)
# The risks that come from the law singling a use out, not from how it is built.
REGULATION_RISKS = frozenset({"prohibited_practice", "regulatory", "regulated_product", "children"})

# Whether a use is high-risk comes from the manager's answers (``annex_iii_areas``,
# ``regulated_product``, ``prohibited_practice``, ``children``), never from words in the
# description: those only suggest an answer (``questionnaire.suggestions``), which is assumed
# when the question is skipped and then said to be so.


@dataclass(frozen=True)
class Facts:
    """What the rules look at: the filled profile and what the engine worked out."""

    profile: Profile
    approach: Approach
    assumed: frozenset[str]
    recommended_monthly_usd: float
    cheapest_monthly_usd: float
    cheapest_approach: Approach

    @property
    def generative(self) -> bool:
        return self.approach != "non_generative"

    @property
    def budget(self) -> float | None:
        """The budget the manager stated; an assumed one is not held against them."""
        if "monthly_budget_usd" in self.assumed:
            return None
        return self.profile.monthly_budget_usd

    @property
    def high_risk_use(self) -> bool:
        """An EU AI Act Annex III area was answered (or assumed from the description)."""
        return bool(self.profile.annex_iii_areas)

    @property
    def suggested_by(self) -> str | None:
        """The description's words an assumed high-risk area came from, if it was assumed."""
        if "annex_iii_areas" not in self.assumed or not self.high_risk_use:
            return None
        from assistant.questionnaire.suggestions import suggestion_words

        return suggestion_words(self.profile.use_case).get("annex_iii_areas", "")


def decides_about_people(profile: Profile) -> bool:
    """The output decides something about a person: automated decisions, a high-risk area
    of the EU AI Act that is about people (all but critical infrastructure), or serious
    errors on personal data in front of outside people."""
    personal = profile.data_sensitivity in PERSONAL
    return (
        profile.task_type is TaskType.DECISION_AUTOMATION
        or any(a is not AnnexIIIArea.CRITICAL_INFRASTRUCTURE for a in profile.annex_iii_areas or [])
        or (
            personal
            and profile.audience is Audience.EXTERNAL
            and profile.error_impact in (ErrorImpact.HIGH, ErrorImpact.CRITICAL)
        )
    )


def data_stays_inside(f: Facts) -> bool:
    """No provider sees the data: self-hosted weights or an on-premises requirement."""
    return (
        f.approach == "self_hosted_open_weights" or f.profile.deployment is Deployment.ON_PREMISES
    )


def review_every_output_is_possible(profile: Profile) -> bool:
    return (profile.monthly_requests or 0) <= REVIEW_ALL_MAX_MONTHLY


Text = str | Callable[[Facts], str]


@dataclass(frozen=True)
class Rule:
    risk_id: str
    condition: str  # the condition in words, for the documentation and the report
    applies: Callable[[Facts], bool]
    severity: Callable[[Facts], Severity]
    title: str
    why: Text
    mitigation: Text
    sources: tuple[str, ...]

    def risk(self, facts: Facts) -> Risk:
        def text(value: Text) -> str:
            return value(facts) if callable(value) else value

        return Risk(
            id=self.risk_id,
            severity=self.severity(facts),
            title=self.title,
            why=text(self.why),
            mitigation=text(self.mitigation),
            sources=list(self.sources),
        )


def _oversight_severity(f: Facts) -> Severity:
    impact, review = f.profile.error_impact, f.profile.human_review
    table: dict[ErrorImpact | None, dict[HumanReview | None, Severity]] = {
        ErrorImpact.CRITICAL: {
            HumanReview.EVERY_OUTPUT: "high",
            HumanReview.SAMPLED: "high",
            HumanReview.NONE: "blocker",
        },
        ErrorImpact.HIGH: {
            HumanReview.EVERY_OUTPUT: "medium",
            HumanReview.SAMPLED: "medium",
            HumanReview.NONE: "high",
        },
        ErrorImpact.MODERATE: {
            HumanReview.EVERY_OUTPUT: "low",
            HumanReview.SAMPLED: "low",
            HumanReview.NONE: "medium",
        },
    }
    return table.get(impact, {}).get(review, "low")


def _oversight_why(f: Facts) -> str:
    impact = f.profile.error_impact.value if f.profile.error_impact else "unknown"
    review = {
        HumanReview.EVERY_OUTPUT: N_("a person checks every output"),
        HumanReview.SAMPLED: N_("only a sample of outputs is checked"),
        HumanReview.NONE: N_("no one checks the outputs"),
    }[f.profile.human_review or HumanReview.SAMPLED]
    return (
        f"Pre-trained models make fluent mistakes (confabulation); the impact of an error here "
        f"is {impact} and {review}."
    )


def _oversight_mitigation(f: Facts) -> str:
    if f.profile.error_impact is ErrorImpact.CRITICAL and f.profile.human_review is not (
        HumanReview.EVERY_OUTPUT
    ):
        return N_(
            "Do not automate this: keep a qualified person approving every output, log each "
            "decision, and measure the error rate on a labelled sample before any pilot."
        )
    if not review_every_output_is_possible(f.profile):
        return (
            f"Keep humans auditing outputs: review every output of a pilot slice (about "
            f"{about_count(PILOT_SLICE)}), then a random audit of {AUDIT_SAMPLE} outputs a month "
            "plus all low-confidence cases, with a written error log and an escalation path."
        )
    return N_(
        "Keep humans auditing outputs: review every output during the pilot, then a sample "
        "(5-10% plus all low-confidence cases) with a written error log and an escalation path."
    )


def _skills_mitigation(f: Facts) -> str:
    lead = "Name an accountable owner, budget people time for evaluation and review, and "
    if f.profile.deployment is Deployment.ON_PREMISES:
        return lead + (
            "bring in a partner to set up and run the on-premises deployment while the team learns."
        )
    return lead + "start with a managed service or a partner while the team learns."


def _data_why(f: Facts) -> str:
    kind = str(f.profile.data_sensitivity).replace("_", " ")
    if data_stays_inside(f):
        return (
            f"The inputs contain {kind} data; who inside can reach the prompts, outputs and "
            "logs, and how long they are kept, must be settled before the pilot."
        )
    return (
        f"The inputs contain {kind} data; what the provider stores, for how long, and where, "
        "must be settled before the pilot."
    )


def _data_mitigation(f: Facts) -> str:
    if data_stays_inside(f):
        return N_(
            "Keep the model and its data inside your network, limit access to the people and "
            "services that need it, log every access, keep prompt logs only as long as needed, "
            "minimise and pseudonymise inputs, and run a DPIA for personal data."
        )
    return N_(
        "Sign a data processing agreement with zero or short retention, keep data in your "
        "region, minimise and pseudonymise inputs, and run a DPIA for personal data."
    )


def _tiny_output(f: Facts) -> bool:
    return (f.profile.output_tokens or 0) <= TINY_OUTPUT_TOKENS


def _latency_why(f: Facts) -> str:
    if _tiny_output(f):
        return (
            f"Even a short answer waits while the model reads about "
            f"{about_count(f.profile.input_tokens or 0)} tokens of input, plus network round "
            "trips: large models rarely answer in under a second."
        )
    return (
        f"Generating {f.profile.output_tokens or 0:,} tokens takes time: large "
        "models rarely answer in under a second, and network round trips add more."
    )


def _latency_mitigation(f: Facts) -> str:
    if _tiny_output(f):
        return N_(
            "Use a small model or a fine-tuned classifier, keep the prompt short, cap the "
            "output at the label, cache frequent answers, and keep a non-AI fallback for slow "
            "responses."
        )
    return N_(
        "Use a small model, stream the first tokens, cap output length, cache frequent "
        "answers, and keep a non-AI fallback for slow responses."
    )


def _budget_why(f: Facts) -> str:
    budget = f.budget or 0.0
    ratio = f.recommended_monthly_usd / budget if budget else float("inf")
    return (
        f"The recommended option costs about {usd(f.recommended_monthly_usd)} a month against a "
        f"budget of {usd(budget)} ({ratio:.1f}x)."
    )


def _budget_mitigation(f: Facts) -> str:
    cheaper = ""
    if f.budget is not None and f.cheapest_monthly_usd <= f.budget:
        cheaper = (
            f" The cheapest option ({f.cheapest_approach.replace('_', ' ')}, about "
            f"{usd(f.cheapest_monthly_usd)} a month) fits the budget."
        )
    return (
        "Trim prompts and retrieved context, cap output length, cache repeated answers, route "
        "easy requests to a smaller model, and pilot on a slice of the volume." + cheaper
    )


RULES: tuple[Rule, ...] = (
    Rule(
        risk_id="task_fit",
        condition="the task is numeric prediction or automated decision-making",
        applies=lambda f: (
            f.profile.task_type in (TaskType.FORECASTING, TaskType.DECISION_AUTOMATION)
        ),
        severity=lambda f: "medium",
        title=N_("Generative models are the wrong tool for numbers and decisions"),
        why=N_(
            "Language models are unreliable at arithmetic and numeric prediction, and their "
            "outputs are not repeatable enough for automated decisions."
        ),
        mitigation=N_(
            "Use a classical model (gradient boosting, regression, time-series) or "
            "explicit rules; use a language model, if at all, to explain or summarise the result."
        ),
        sources=("strengths-non-generative-alternatives", "strengths-known-weaknesses"),
    ),
    Rule(
        risk_id="accuracy_oversight",
        condition="always; severity from error impact x human review",
        applies=lambda f: True,
        severity=_oversight_severity,
        title=N_("Errors and human oversight"),
        why=_oversight_why,
        mitigation=_oversight_mitigation,
        sources=("evaluation-human-review-and-audit-sampling", "strengths-known-weaknesses"),
    ),
    Rule(
        risk_id="adverse_impact",
        condition="the output decides about people: automated decisions, a high-risk use on "
        "personal data, or serious errors on personal data for outside people",
        applies=lambda f: decides_about_people(f.profile),
        severity=lambda f: "medium",
        title=N_("Unfair outcomes for groups of people"),
        why=N_(
            "A model that screens, ranks or decides about people can favour or disadvantage "
            "groups (sex, ethnicity, age) without anyone noticing, and that is unlawful "
            "discrimination in jobs, credit and services."
        ),
        mitigation=N_(
            "Test for adverse impact before any use: compare each group's selection "
            "rate with the best-treated group's (the four-fifths rule, 0.8), add a significance "
            "test for small groups, and repeat the check after launch."
        ),
        sources=("evaluation-bias-and-adverse-impact-testing",),
    ),
    Rule(
        risk_id="cost_at_scale",
        condition=f"the recommended option costs over ${COST_AT_SCALE_MEDIUM_USD:,.0f} a month "
        f"or volume is at least {HIGH_VOLUME_REQUESTS:,} requests a month",
        applies=lambda f: (
            f.generative
            and (
                f.recommended_monthly_usd >= COST_AT_SCALE_MEDIUM_USD
                or (f.profile.monthly_requests or 0) >= HIGH_VOLUME_REQUESTS
            )
        ),
        severity=lambda f: (
            "high" if f.recommended_monthly_usd >= COST_AT_SCALE_HIGH_USD else "medium"
        ),
        title=N_("Running costs grow with every request"),
        why=lambda f: (
            f"At {f.profile.monthly_requests or 0:,} requests a month the recommended "
            f"option costs about {usd(f.recommended_monthly_usd)} a month; an LLM answer can cost "
            "ten or more times a keyword search."
        ),
        mitigation=N_(
            "Estimate cost per task before scaling, set budgets and alerts, cache, batch "
            "non-urgent work, and route simple requests to smaller models."
        ),
        sources=("costs-controlling-cost-at-scale", "costs-llm-vs-keyword-search"),
    ),
    Rule(
        risk_id="budget_exceeded",
        condition="a stated monthly budget is below the recommended option's cost",
        applies=lambda f: f.budget is not None and f.recommended_monthly_usd > f.budget,
        severity=lambda f: "high",
        title=N_("Over the monthly budget"),
        why=_budget_why,
        mitigation=_budget_mitigation,
        sources=("costs-tokens-and-api-pricing", "costs-controlling-cost-at-scale"),
    ),
    Rule(
        risk_id="skills_gap",
        condition="no in-house skills, or only some skills for self-hosting or fine-tuning, "
        f"or a budget under ${TINY_BUDGET_USD:,.0f} a month",
        applies=lambda f: (
            f.profile.team_skill is TeamSkill.NONE
            or (
                f.profile.team_skill is TeamSkill.SOME
                and f.approach in ("self_hosted_open_weights", "small_fine_tuned_model")
            )
            or (f.budget is not None and f.budget < TINY_BUDGET_USD)
        ),
        severity=lambda f: (
            "high"
            if f.profile.team_skill is TeamSkill.NONE
            and f.approach in ("self_hosted_open_weights", "small_fine_tuned_model")
            else "medium"
        ),
        title=N_("A thin team or a tiny budget"),
        why=lambda f: (
            "Evaluation, monitoring and operations need people"
            + (
                "; running models yourself needs engineers who can serve, patch and monitor them."
                if f.approach in ("self_hosted_open_weights", "small_fine_tuned_model")
                else "; without in-house skills the pilot depends on a vendor or partner."
            )
        ),
        mitigation=_skills_mitigation,
        sources=("organisation-skills-and-team", "costs-hidden-costs"),
    ),
    Rule(
        risk_id="data_protection",
        condition="the data is personal, special-category or confidential",
        applies=lambda f: (
            f.profile.data_sensitivity
            in (
                DataSensitivity.PERSONAL,
                DataSensitivity.SPECIAL_CATEGORY,
                DataSensitivity.CONFIDENTIAL,
            )
        ),
        severity=lambda f: (
            "high"
            if f.profile.data_sensitivity is DataSensitivity.SPECIAL_CATEGORY
            or (
                f.profile.data_sensitivity is DataSensitivity.PERSONAL
                and f.approach == "hosted_api"
            )
            else "medium"
        ),
        title=N_("Personal or confidential data in prompts"),
        why=_data_why,
        mitigation=_data_mitigation,
        sources=(
            "data-privacy-personal-and-special-category-data",
            "data-privacy-minimisation-redaction-pseudonymisation",
            "data-privacy-api-provider-data-use",
        ),
    ),
    Rule(
        risk_id="licensing",
        condition="open weights in a commercial product (Llama's 700M monthly-user clause), or "
        "generated output sold as part of a product",
        applies=lambda f: (
            f.generative
            and (
                f.approach in ("self_hosted_open_weights", "small_fine_tuned_model")
                or bool(f.profile.commercial_product)
            )
        ),
        severity=lambda f: (
            "high"
            if (f.profile.monthly_active_users or 0) >= LLAMA_MAU_LIMIT
            else ("medium" if f.profile.commercial_product else "low")
        ),
        title=N_("Model licence and output terms"),
        why=lambda f: (
            f"With {f.profile.monthly_active_users or 0:,} monthly active users the Llama "
            "community licence requires a separate licence from Meta (700 million threshold)."
            if (f.profile.monthly_active_users or 0) >= LLAMA_MAU_LIMIT
            else "Open-weight licences differ (Apache 2.0, Llama, Gemma, non-commercial), and API "
            "terms restrict using outputs to train other models; ownership of generated output "
            "must be clear before it is sold."
        ),
        mitigation=N_(
            "Have legal review the exact model licence and version, prefer Apache-2.0 "
            "weights where terms bite, and settle output ownership and indemnities in the contract."
        ),
        sources=(
            "licensing-llama-community",
            "licensing-permissive-openrail-non-commercial",
            "licensing-output-ownership-copyright",
        ),
    ),
    Rule(
        risk_id="prohibited_practice",
        condition="the use touches a practice Art. 5 of the EU AI Act prohibits (a blocker: "
        "no safeguard makes it acceptable, in the EU or for a use that may reach it)",
        applies=lambda f: regulation.practice(f.profile) is not None,
        severity=lambda f: "blocker",
        title=N_("A practice the EU AI Act prohibits"),
        why=lambda f: regulation.prohibited_why(f.profile),
        mitigation=regulation.PROHIBITED_MITIGATION,
        sources=("regulation-eu-ai-act-overview",),
    ),
    Rule(
        risk_id="regulatory",
        condition="EU users and a high-risk area of Annex III (answered, or suggested by the "
        "description and not answered), or EU users meeting generated content (Art. 50)",
        applies=lambda f: (
            bool(f.profile.eu_users)
            and (f.high_risk_use or (f.generative and f.profile.audience is Audience.EXTERNAL))
        ),
        severity=lambda f: "high" if f.high_risk_use else "medium",
        title=N_("EU AI Act obligations"),
        why=lambda f: (
            regulation.high_risk_why(f.profile, f.suggested_by)
            if f.high_risk_use
            else regulation.transparency_why()
        ),
        mitigation=lambda f: (
            regulation.high_risk_duties(f.profile)
            if f.high_risk_use
            else regulation.TRANSPARENCY_DUTIES
        ),
        sources=(
            "regulation-eu-ai-act-high-risk-uses",
            "regulation-eu-ai-act-transparency",
            "regulation-eu-ai-act-overview",
        ),
    ),
    Rule(
        risk_id="regulated_product",
        condition="the system is, or is part of, a product under an EU law of AI Act Annex I "
        "(a medical device, a machine, a toy, a vehicle...)",
        applies=lambda f: regulation.product(f.profile) is not None,
        severity=lambda f: "high" if f.profile.eu_users else "medium",
        title=N_("A regulated product (medical device, machine, toy...)"),
        why=lambda f: regulation.product_why(f.profile),
        mitigation=lambda f: regulation.product_mitigation(f.profile),
        sources=(
            "regulation-medical-devices-mdr-ivdr",
            "regulation-eu-ai-act-overview",
            "regulation-eu-product-liability-directive",
        ),
    ),
    Rule(
        risk_id="children",
        condition="children use it or are affected",
        applies=lambda f: bool(f.profile.children),
        severity=lambda f: (
            "high"
            if f.profile.data_sensitivity in PERSONAL or f.profile.audience is Audience.EXTERNAL
            else "medium"
        ),
        title=N_("Children use it or are affected"),
        why=lambda f: regulation.children_why(f.profile),
        mitigation=regulation.CHILDREN_MITIGATION,
        sources=(
            "data-privacy-children-and-minors",
            "regulation-digital-services-act-content-moderation",
        ),
    ),
    Rule(
        risk_id="latency",
        condition="answers are needed in real time (under a second) from a generative model",
        applies=lambda f: f.generative and f.profile.latency is Latency.REALTIME,
        severity=lambda f: "high" if (f.profile.output_tokens or 0) > 200 else "medium",
        title=N_("Real-time response needs"),
        why=_latency_why,
        mitigation=_latency_mitigation,
        sources=("deployment-latency-real-time", "strengths-small-vs-large-models"),
    ),
    Rule(
        risk_id="prompt_injection",
        condition="outside users talk to the model or their content reaches it",
        applies=lambda f: (
            f.generative
            and f.profile.audience is Audience.EXTERNAL
            and f.profile.task_type
            in (TaskType.CONVERSATION, TaskType.SEARCH_QA, TaskType.DRAFTING, TaskType.EXTRACTION)
        ),
        severity=lambda f: "medium",
        title=N_("Prompt injection and unsafe output"),
        why=N_(
            "Outside users and the documents they send can carry instructions the model may "
            "follow, and rendered output can leak data."
        ),
        mitigation=N_(
            "Treat user and retrieved text as data, give the model only the tools it "
            "needs, validate and escape outputs, and set input size and rate limits."
        ),
        sources=("security-prompt-injection", "security-output-handling"),
    ),
    Rule(
        risk_id="vendor_lock_in",
        condition="a hosted or private-cloud model at the heart of a product or at high volume",
        applies=lambda f: (
            f.approach in ("hosted_api", "private_cloud_endpoint")
            and (
                bool(f.profile.commercial_product)
                or (f.profile.monthly_requests or 0) >= HIGH_VOLUME_REQUESTS
            )
        ),
        severity=lambda f: "medium" if f.profile.commercial_product else "low",
        title=N_("Dependence on one vendor"),
        why=N_(
            "Prices, models and terms change at the vendor's pace; prompts and evaluations "
            "tuned to one model do not move for free."
        ),
        mitigation=N_(
            "Keep a thin model layer, own your evaluation set, export your data, and "
            "re-test a second model before renewing."
        ),
        sources=("deployment-vendor-lock-in-and-build-vs-buy",),
    ),
)


def assess_risks(facts: Facts) -> list[Risk]:
    """The risks that apply, most severe first (stable within a severity)."""
    risks = [rule.risk(facts) for rule in RULES if rule.applies(facts)]
    return sorted(risks, key=lambda r: -SEVERITY_ORDER[r.severity])


def cited_documents() -> set[str]:
    return {doc for rule in RULES for doc in rule.sources}
