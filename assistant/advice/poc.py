"""The proof-of-concept plan: KPIs chosen for the kind of task and its risk, a duration
from the timeline, how people review outputs (sized to the volume), and the steps from
baseline to go/no-go."""

from __future__ import annotations

from assistant.advice.rules import (
    AUDIT_SAMPLE,
    PILOT_SLICE,
    decides_about_people,
    review_every_output_is_possible,
)
from assistant.advice.wording import about_count, about_usd, week_range
from assistant.i18n import N_
from assistant.schemas import (
    AnnexIIIArea,
    ErrorImpact,
    HumanReview,
    Kpi,
    Latency,
    PocPlan,
    Profile,
    RegulatedProduct,
    TaskType,
)

MIN_WEEKS, MAX_WEEKS = 2, 12
# Classification at this volume meets rare classes: accuracy hides them, recall at a fixed
# false-positive rate does not (evaluation-kpis-by-task).
MANY_ITEMS_MONTHLY = 10_000

# Decisions about people: the four-fifths rule (evaluation-bias-and-adverse-impact-testing).
ADVERSE_IMPACT_KPI = Kpi(
    name=N_("Adverse impact (selection-rate ratio)"),
    target=N_(
        "every group's favourable-outcome rate at least 0.8 of the best-treated group's "
        "(the four-fifths rule)"
    ),
    how_measured=N_(
        "favourable outcomes per group (sex, ethnicity, age band where lawful) on "
        "replayed and pilot cases, divided by the best-treated group's rate, with a significance "
        "test for small groups (evaluation-bias-and-adverse-impact-testing)"
    ),
    target_value=0.8,
    direction=">=",
    unit="ratio of selection rates",
)
RECALL_KPI = Kpi(
    name=N_("Recall at a fixed false-positive rate"),
    target=N_(
        "90% or more of each class that matters found, per class, at a false-positive "
        "rate of 1% or less"
    ),
    how_measured=N_(
        "per class on a labelled sample that keeps the real class mix, with the "
        "threshold set for a 1% false-positive rate"
    ),
    target_value=90,
    direction=">=",
    unit="% recall at 1% false positives",
)
# Health work judged by clinicians, not by fluency (regulation-medical-devices-mdr-ivdr):
# what a summary gets wrong or leaves out that would change care, and urgent cases put too
# low. Their targets are set against today's process, measured first.
CLINICAL_ERRORS_KPI = Kpi(
    name=N_("Clinically significant errors and omissions"),
    target=N_(
        "none in the clinician-reviewed sample; each one found is analysed before the pilot goes on"
    ),
    how_measured=N_(
        "a clinician compares each sampled output with the source record and logs "
        "every wrong or missing finding, medication, allergy or result that would change care"
    ),
    target_value=0,
    direction="<=",
    unit="clinically significant errors per 100 outputs",
)
UNDER_TRIAGE_KPI = Kpi(
    name=N_("Under-triage rate"),
    target=N_("no higher than today's process (measured first), agreed with the clinical lead"),
    how_measured=N_(
        "share of cases a senior clinician rates more urgent than the model's "
        "priority, on replayed past cases and then in shadow mode beside the dispatchers"
    ),
    direction="<=",
    unit="% of urgent cases given a lower priority",
)
TRIAGE_TASKS = (TaskType.CLASSIFICATION, TaskType.DECISION_AUTOMATION, TaskType.SPEECH)
CLINICAL_TEXT_TASKS = (
    TaskType.SUMMARIZATION,
    TaskType.EXTRACTION,
    TaskType.DRAFTING,
    TaskType.SPEECH,
    TaskType.SEARCH_QA,
    TaskType.CONVERSATION,
)

# Short-term KPIs per kind of task (evaluation-kpis-by-task); cost and latency are added
# to every plan.
TASK_KPIS: dict[TaskType, tuple[Kpi, ...]] = {
    TaskType.SUMMARIZATION: (
        Kpi(
            name=N_("Editing time saved"),
            target=N_("at least 30% less time per summary than today"),
            how_measured=N_("time per item for the pilot group vs the baseline week"),
            target_value=30,
            direction=">=",
            unit="% less time",
        ),
        Kpi(
            name=N_("Factual errors"),
            target=N_("fewer than 1 in 20 summaries with a factual error"),
            how_measured=N_("reviewers check a random sample against the source"),
            target_value=5,
            direction="<=",
            unit="% of outputs with an error",
        ),
    ),
    TaskType.DRAFTING: (
        Kpi(
            name=N_("Time to a final draft"),
            target=N_("at least 25% faster than today"),
            how_measured=N_("time from request to approved text, pilot vs control group"),
            target_value=25,
            direction=">=",
            unit="% less time",
        ),
        Kpi(
            name=N_("Drafts accepted with light edits"),
            target=N_("70% or more"),
            how_measured=N_("reviewers mark each draft accepted, edited or rewritten"),
            target_value=70,
            direction=">=",
            unit="% accepted",
        ),
    ),
    TaskType.CLASSIFICATION: (
        Kpi(
            name=N_("Accuracy on a labelled sample"),
            target=N_("at least the current process, and 90% or more"),
            how_measured=N_("precision, recall and F1 on 300+ labelled cases"),
            target_value=90,
            direction=">=",
            unit="% correct",
        ),
        Kpi(
            name=N_("Cases needing manual rework"),
            target=N_("under 10%"),
            how_measured=N_("share of items corrected by staff during the pilot"),
            target_value=10,
            direction="<=",
            unit="% reworked",
        ),
    ),
    TaskType.EXTRACTION: (
        Kpi(
            name=N_("Field-level accuracy"),
            target=N_("98% of fields correct on a labelled sample"),
            how_measured=N_("compare extracted fields with 200+ hand-checked documents"),
            target_value=98,
            direction=">=",
            unit="% of fields correct",
        ),
        Kpi(
            name=N_("Handling time per document"),
            target=N_("at least 40% lower than today"),
            how_measured=N_("time per document for the pilot group vs the baseline"),
            target_value=40,
            direction=">=",
            unit="% less time",
        ),
    ),
    TaskType.SEARCH_QA: (
        Kpi(
            name=N_("Correct, sourced answers"),
            target=N_("85% of answers correct with a valid source"),
            how_measured=N_("experts grade a sample of real questions against the documents"),
            target_value=85,
            direction=">=",
            unit="% correct",
        ),
        Kpi(
            name=N_("Questions resolved without escalation"),
            target=N_("a 20% rise over today"),
            how_measured=N_("share of questions closed without a specialist, pilot vs control"),
            target_value=20,
            direction=">=",
            unit="% more resolved",
        ),
    ),
    TaskType.CONVERSATION: (
        Kpi(
            name=N_("Resolution rate"),
            target=N_("at least today's rate, with fewer hand-offs"),
            how_measured=N_("share of conversations resolved, pilot vs control group"),
        ),
        Kpi(
            name=N_("Customer satisfaction"),
            target=N_("no drop against the control group"),
            how_measured=N_("post-conversation survey (CSAT) in both groups"),
        ),
    ),
    TaskType.CODE: (
        Kpi(
            name=N_("Suggestions accepted"),
            target=N_("25% or more of suggestions kept"),
            how_measured=N_("acceptance telemetry in the editor during the pilot"),
            target_value=25,
            direction=">=",
            unit="% accepted",
        ),
        Kpi(
            name=N_("Defects"),
            target=N_("no rise in defects per change"),
            how_measured=N_("review findings and bug reports, pilot vs control team"),
        ),
    ),
    TaskType.TRANSLATION: (
        Kpi(
            name=N_("Post-editing effort"),
            target=N_("at least 40% less time than translating"),
            how_measured=N_("time per 1,000 words for post-editing vs the baseline"),
            target_value=40,
            direction=">=",
            unit="% less time",
        ),
        Kpi(
            name=N_("Quality rating"),
            target=N_("reviewers rate 90% adequate or better"),
            how_measured=N_("bilingual reviewers grade a random sample"),
            target_value=90,
            direction=">=",
            unit="% adequate",
        ),
    ),
    TaskType.VISION: (
        Kpi(
            name=N_("Recognition accuracy"),
            target=N_("95% on a labelled sample of real images"),
            how_measured=N_("compare outputs with 300+ hand-labelled images"),
            target_value=95,
            direction=">=",
            unit="% correct",
        ),
        Kpi(
            name=N_("Handling time"),
            target=N_("at least 30% lower than today"),
            how_measured=N_("time per item, pilot vs baseline"),
            target_value=30,
            direction=">=",
            unit="% less time",
        ),
    ),
    TaskType.SPEECH: (
        Kpi(
            name=N_("Word error rate"),
            target=N_("under 10% on your own recordings"),
            how_measured=N_("compare transcripts with 2+ hours of hand-corrected audio"),
            target_value=10,
            direction="<=",
            unit="% word errors",
        ),
        Kpi(
            name=N_("Time saved on notes"),
            target=N_("at least 30% less time per call"),
            how_measured=N_("time per call for the pilot group vs the baseline"),
            target_value=30,
            direction=">=",
            unit="% less time",
        ),
    ),
    TaskType.FORECASTING: (
        Kpi(
            name=N_("Forecast error"),
            target=N_("lower error (MAPE) than today's method"),
            how_measured=N_("back-test on the last 12 months, then a live comparison"),
        ),
        Kpi(
            name=N_("Decisions changed by the forecast"),
            target=N_("planners use it weekly"),
            how_measured=N_("usage log and planner interviews"),
        ),
    ),
    TaskType.DECISION_AUTOMATION: (
        Kpi(
            name=N_("Decision accuracy"),
            target=N_("at least the human baseline on past cases"),
            how_measured=N_("replay 500+ historical decisions with known outcomes"),
        ),
        Kpi(
            name=N_("Overrides by reviewers"),
            target=N_("under 10%, each with a logged reason"),
            how_measured=N_("reviewer override log during the pilot"),
            target_value=10,
            direction="<=",
            unit="% overridden",
        ),
    ),
    TaskType.OTHER: (
        Kpi(
            name=N_("Task quality"),
            target=N_("reviewers accept 80% of outputs"),
            how_measured=N_("reviewers grade a random sample of outputs"),
            target_value=80,
            direction=">=",
            unit="% accepted",
        ),
        Kpi(
            name=N_("Time saved"),
            target=N_("at least 25% less time per task"),
            how_measured=N_("time per task, pilot vs baseline"),
            target_value=25,
            direction=">=",
            unit="% less time",
        ),
    ),
}


def common_kpis(
    monthly_cost_usd: float, monthly_requests: int, latency: Latency | None = None
) -> tuple[Kpi, ...]:
    """Cost per task for every plan; response time unless the work runs in batches."""
    per_task = monthly_cost_usd / monthly_requests if monthly_requests else 0.0
    cost = Kpi(
        name=N_("Cost per task"),
        # The words rounded as a consultant would; the figure stays exact for the pilot.
        target=f"about {about_usd(per_task)} or less (the estimate)",
        how_measured=N_("provider invoice or GPU hours divided by tasks done in the pilot"),
        target_value=round(per_task, 6),
        direction="<=",
        unit="USD per task",
    )
    if latency is Latency.BATCH:
        return (cost,)
    return (
        cost,
        Kpi(
            name=N_("Response time"),
            target=N_("95% of responses within the agreed latency"),
            how_measured=N_("timing logged for every request"),
        ),
    )


def task_kpis(profile: Profile) -> list[Kpi]:
    """The task's KPIs, with those its risk calls for."""
    kpis = list(TASK_KPIS[profile.task_type])
    if (
        profile.task_type is TaskType.CLASSIFICATION
        and (profile.monthly_requests or 0) >= MANY_ITEMS_MONTHLY
    ):
        kpis.append(RECALL_KPI)
    triage = AnnexIIIArea.EMERGENCY_TRIAGE in (profile.annex_iii_areas or [])
    device = profile.regulated_product is RegulatedProduct.MEDICAL_DEVICE
    if (triage or device) and profile.task_type in TRIAGE_TASKS:
        kpis.insert(0, UNDER_TRIAGE_KPI)
    elif device and profile.task_type in CLINICAL_TEXT_TASKS:
        kpis.insert(0, CLINICAL_ERRORS_KPI)
    if decides_about_people(profile):
        kpis.append(ADVERSE_IMPACT_KPI)
    return kpis


def review_plan(profile: Profile) -> str:
    review = profile.human_review or HumanReview.SAMPLED
    impact = profile.error_impact or ErrorImpact.MODERATE
    volume = profile.monthly_requests or 0
    if impact in (ErrorImpact.HIGH, ErrorImpact.CRITICAL) or review is HumanReview.EVERY_OUTPUT:
        plan = N_(
            "A qualified person reviews and approves every output before it is used; "
            "errors are logged by type and discussed weekly."
        )
        if not review_every_output_is_possible(profile):
            plan += (
                f" At about {about_count(volume)} outputs a month, staff the review for it or "
                f"run the pilot on a slice of about {about_count(PILOT_SLICE)} outputs."
            )
        return plan
    if not review_every_output_is_possible(profile):
        return (
            f"At about {about_count(volume)} outputs a month, reviewers check every output of "
            f"a pilot slice (about {about_count(PILOT_SLICE)} outputs) in the first two weeks, "
            f"then a random audit sample of {AUDIT_SAMPLE} outputs a month plus every output "
            f"users flag (if none of the {AUDIT_SAMPLE} is wrong, the error rate is probably "
            "under 1%)."
        )
    if review is HumanReview.NONE:
        return N_(
            "During the pilot, reviewers check every output for the first two weeks, then "
            "a 10% random sample plus every output users flag; nothing runs unreviewed "
            "until the error rate is known."
        )
    return N_(
        "Reviewers check a 10% random sample plus all low-confidence or flagged outputs, "
        "with a written error log and an escalation path."
    )


# The steps' texts after their weeks ("Weeks 2-5: …"), each said from the catalogue.
BASELINE_STEP = N_("agree the KPIs, measure today's baseline and collect 100-300 real examples.")
BASELINE_LABELLED_STEP = N_(
    "agree the KPIs, measure today's baseline and collect 100-300 real labelled examples."
)
SETUP_STEP = N_(
    "settle data terms, licence and deployment with legal and IT; build the smallest working "
    "version."
)
RUN_STEP = N_(
    "run with a small pilot group next to a control group; log every output, error and cost."
)
REVIEW_STEP = N_("Review outputs as planned and fix the prompt or data weekly, not the target.")
DECISION_STEP = N_("compare KPIs with the baseline and hold a go / iterate / stop meeting.")


def poc_plan(profile: Profile, monthly_cost_usd: float, verdict: str) -> PocPlan:
    weeks = max(MIN_WEEKS, min(MAX_WEEKS, profile.timeline_weeks or 6))
    task = profile.task_type
    kpis = [
        *task_kpis(profile),
        *common_kpis(monthly_cost_usd, profile.monthly_requests or 0, profile.latency),
    ]
    first_kpi = kpis[0]
    criteria = [
        f"{first_kpi.name}: {first_kpi.target}.",
        f"{kpis[1].name}: {kpis[1].target}.",
        N_("Cost per task within the estimate, with no surprise in the monthly bill."),
        N_("Reviewers and users would keep using it (short survey at the end)."),
    ]
    if verdict == "not_recommended":
        criteria.insert(0, N_("Only with the blocking risks resolved: otherwise do not start."))
    setup = max(1, weeks // 4)
    labelled = task in (TaskType.CLASSIFICATION, TaskType.EXTRACTION)
    steps = [
        f"Week 1: {BASELINE_LABELLED_STEP if labelled else BASELINE_STEP}",
        f"{week_range(1, setup)}: {SETUP_STEP}",
        f"{week_range(setup + 1, weeks - 1)}: {RUN_STEP}",
        REVIEW_STEP,
        f"Week {weeks}: {DECISION_STEP}",
    ]
    return PocPlan(
        duration_weeks=weeks,
        kpis=kpis,
        success_criteria=criteria,
        human_review=review_plan(profile),
        steps=steps,
    )
