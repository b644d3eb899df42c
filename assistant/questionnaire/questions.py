"""The interview's questions as data, when each one applies, and the documented defaults.

This module owns *what* is asked (plain-language prompts, the accepted choices with their
synonyms, the order), *when* a question applies, and *what is assumed* when a manager skips
a question or a profile leaves a field out (``DEFAULTS``, ``default_for``, ``with_defaults``).
Understanding free-text answers lives in ``parsing``; the interview state in ``flow``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from assistant.schemas import (
    AnnexIIIArea,
    Audience,
    DataSensitivity,
    Deployment,
    ErrorImpact,
    HumanReview,
    Latency,
    Profile,
    ProhibitedPractice,
    RegulatedProduct,
    TaskType,
    TeamSkill,
)
from assistant.tokens import count_tokens

# A JSON value an answer can take: what is stored in the interview and shown as assumed.
Value = str | int | float | bool

# "choices" takes several of its choices at once (stored as "a,b", or its "none" choice).
Kind = Literal["text", "choice", "choices", "integer", "number", "boolean", "tokens"]

REQUIRED_FIELDS: tuple[str, ...] = ("use_case", "task_type")
# The answers that move the verdict, the approach and the cost most. Once the manager has
# given these, the interview offers to go ahead with typical figures for the rest (each
# listed as an assumption), as a consultant would rather than asking every question.
CORE_FIELDS: tuple[str, ...] = (
    "use_case",
    "task_type",
    "audience",
    "monthly_requests",
    "error_impact",
    "human_review",
    "data_sensitivity",
    "deployment",
    # Whether it decides about people in an EU AI Act high-risk area: it can make the verdict
    # and is one answer ("none of those") for most managers.
    "annex_iii_areas",
)
# Not asked: the sample is captured when the input-size answer is a pasted sample, the
# currency from the currency the budget is given in.
CAPTURED_FIELDS: tuple[str, ...] = ("sample_input", "currency")
# Read whenever the manager states them and editable like any answer, but never asked and
# never assumed: most managers know people's minutes, some know instead what an item costs
# (an agency's fee) or the revenue at stake, and asking everyone for all three would be a
# form, not an interview. A cost per item stands in for minutes x the cost of an hour.
VOLUNTEERED_FIELDS: tuple[str, ...] = (
    "cost_per_item_usd",
    "revenue_at_stake_usd",
    "revenue_share_pct",
)
# Skipping these leaves them out (the business case then rests on minutes and the cost
# of an hour, and counts no revenue); every other optional field takes its default.
NEVER_ASSUMED: frozenset[str] = frozenset({"cost_per_item_usd", "revenue_at_stake_usd"})
OPTIONAL_FIELDS: tuple[str, ...] = tuple(
    name
    for name in Profile.model_fields
    if name not in REQUIRED_FIELDS and name not in CAPTURED_FIELDS
)

# The enum behind each choice field; choice values are exactly these enum values.
ENUMS: Mapping[str, type[StrEnum]] = {
    "task_type": TaskType,
    "audience": Audience,
    "latency": Latency,
    "error_impact": ErrorImpact,
    "human_review": HumanReview,
    "data_sensitivity": DataSensitivity,
    "deployment": Deployment,
    "team_skill": TeamSkill,
    "regulated_product": RegulatedProduct,
    "prohibited_practice": ProhibitedPractice,
}
# The enum behind each several-choice field; its "none" choice stands for the empty list.
MULTI_ENUMS: Mapping[str, type[StrEnum]] = {"annex_iii_areas": AnnexIIIArea}
NONE_CHOSEN = "none"


class Choice(BaseModel):
    """One accepted answer to a choice question."""

    model_config = ConfigDict(frozen=True)

    value: str
    label: str
    description: str
    synonyms: tuple[str, ...] = ()


class Question(BaseModel):
    """One interview question. ``default`` is the value assumed when the manager skips it
    (for the size questions it depends on the task type: see ``default_for``)."""

    model_config = ConfigDict(frozen=True)

    field: str
    prompt: str
    help: str
    kind: Kind
    choices: tuple[Choice, ...] = ()
    default: Value | None = None
    default_reason: str = ""
    unit_hint: str = ""

    @property
    def required(self) -> bool:
        return self.field in REQUIRED_FIELDS

    def options(self) -> list[str] | None:
        """The accepted values of a choice question (the chat JSON's ``options``)."""
        return [choice.value for choice in self.choices] if self.choices else None


# --- defaults --------------------------------------------------------------------------


class Default(NamedTuple):
    value: Value
    reason: str


class TaskSize(NamedTuple):
    """Typical tokens per request for a task type, and where the figures come from."""

    input_tokens: int
    output_tokens: int
    basis: str


# Rough sizes per request (1 page ~ 500 words ~ 667 tokens). They only matter for the cost
# estimate, which the recommendation shows with the assumption next to it.
TASK_SIZES: Mapping[TaskType, TaskSize] = {
    TaskType.SUMMARIZATION: TaskSize(3000, 300, "a 4-5 page document in, a short summary out"),
    TaskType.DRAFTING: TaskSize(500, 600, "a brief and some context in, a one-page draft out"),
    TaskType.CLASSIFICATION: TaskSize(400, 5, "an email or ticket in, a one-word label out"),
    TaskType.EXTRACTION: TaskSize(1500, 150, "a 2-page document in, a dozen fields out"),
    TaskType.SEARCH_QA: TaskSize(
        2500, 250, "a question plus about 4 retrieved passages in, a paragraph answer out"
    ),
    TaskType.CONVERSATION: TaskSize(
        1500, 200, "instructions and the conversation so far in, a short reply out"
    ),
    TaskType.CODE: TaskSize(2000, 400, "a few files of context in, a function or review out"),
    TaskType.TRANSLATION: TaskSize(
        800, 900, "a 1-page text in, the same text in another language out"
    ),
    TaskType.VISION: TaskSize(1100, 150, "one image (about 1,000 tokens) and a prompt in"),
    TaskType.SPEECH: TaskSize(
        1000, 200, "about 5 minutes of transcribed speech in, a short result out"
    ),
    TaskType.FORECASTING: TaskSize(1000, 100, "a table of past figures in, a few numbers out"),
    TaskType.DECISION_AUTOMATION: TaskSize(
        800, 50, "an application or case record in, a decision with a reason out"
    ),
    TaskType.OTHER: TaskSize(1000, 300, "a 1.5-page input, a paragraph out"),
}


class TaskValue(NamedTuple):
    """How long a person spends on one item of a task type today, the share of that time a
    model takes over before anyone checks its work (review time is counted apart, in the
    business case), and the evidence for it."""

    minutes: float
    time_saved_pct: float
    basis: str


# Conservative on purpose: published gains come from well-run studies, and the business case
# should survive being wrong (``organisation-estimating-roi``, ``evaluation-kpis-by-task``).
TASK_VALUES: Mapping[TaskType, TaskValue] = {
    TaskType.SUMMARIZATION: TaskValue(
        12,
        50,
        "reading a 4-5 page document and writing a summary; people finished writing "
        "tasks about 40% faster with a model, review included (Noy and Zhang)",
    ),
    TaskType.DRAFTING: TaskValue(
        15,
        50,
        "writing a one-page draft; people finished writing tasks about 40% faster "
        "with a model, review included (Noy and Zhang)",
    ),
    TaskType.CLASSIFICATION: TaskValue(
        2,
        60,
        "reading and routing an email or ticket; the model labels most items, people "
        "handle the unclear ones",
    ),
    TaskType.EXTRACTION: TaskValue(
        6,
        60,
        "keying a dozen fields from a 2-page document; the model fills them, people "
        "check and correct",
    ),
    TaskType.SEARCH_QA: TaskValue(
        8,
        40,
        "finding an answer in the documents; the model finds and drafts it, people "
        "still check the source",
    ),
    TaskType.CONVERSATION: TaskValue(
        6,
        30,
        "handling one chat or case; an assistant raised support agents' resolutions "
        "per hour by 14% on average, 34% for newer staff (Brynjolfsson, Li and Raymond)",
    ),
    TaskType.CODE: TaskValue(
        30,
        35,
        "a small coding task; 55.8% faster on one well-defined task (Peng et al.), "
        "taken well below that for everyday work",
    ),
    TaskType.TRANSLATION: TaskValue(
        45, 50, "translating one page by hand; the model drafts, a translator post-edits"
    ),
    TaskType.VISION: TaskValue(3, 50, "looking at one image or scan and noting the result"),
    TaskType.SPEECH: TaskValue(20, 60, "transcribing or noting 5 minutes of speech by hand"),
    TaskType.FORECASTING: TaskValue(
        30, 25, "preparing one forecast by hand; much of the work is data, not writing"
    ),
    TaskType.DECISION_AUTOMATION: TaskValue(
        10, 30, "reviewing one case and deciding; people keep the decision, the model prepares it"
    ),
    TaskType.OTHER: TaskValue(10, 30, "a typical office task; a cautious share until measured"),
}

# The PoC and integration when no figure is given: two people for six weeks at a typical
# engineering rate (``organisation-estimating-roi``: the build cost is what payback divides).
BUILD_TEAM_PEOPLE = 2
BUILD_WEEKS = 6
ENGINEERING_RATE_USD = 100
DEFAULT_BUILD_COST_USD = BUILD_TEAM_PEOPLE * BUILD_WEEKS * 40 * ENGINEERING_RATE_USD

# Each active user is assumed to make this many requests a month when a commercial product's
# user count is skipped (a weekly-to-daily habit for a business tool).
REQUESTS_PER_ACTIVE_USER = 20

# Defaults err on the side of the typical first pilot, except where being wrong one way is
# much worse than the other (EU law, unchecked outputs): there they surface the risk.
DEFAULTS: Mapping[str, Default] = {
    "audience": Default("internal", "most first deployments serve the company's own staff"),
    "monthly_requests": Default(
        10_000, "about 500 requests a working day, the size of a team-level pilot"
    ),
    "input_tokens": Default(
        TASK_SIZES[TaskType.OTHER].input_tokens,
        "depends on the task type: a typical input for that kind of task",
    ),
    "output_tokens": Default(
        TASK_SIZES[TaskType.OTHER].output_tokens,
        "depends on the task type: a typical output for that kind of task",
    ),
    "latency": Default("interactive", "usually a person waits a few seconds for the answer"),
    "error_impact": Default(
        "moderate", "a typical business task: mistakes cost time or money but can be undone"
    ),
    "human_review": Default(
        "none",
        "until a review step is actually planned, outputs are assumed to go out unchecked, "
        "so accuracy risks are shown rather than hidden",
    ),
    "data_sensitivity": Default(
        "internal", "everyday business information, not personal or secret"
    ),
    "deployment": Default("any", "no rule about where the data may be processed was given"),
    "monthly_budget_usd": Default(
        1000.0, "a typical monthly running budget for a pilot on a hosted model"
    ),
    "team_skill": Default(
        "some", "most companies have developers who can call an API but little ML experience"
    ),
    "labeled_examples": Default(0, "no labelled examples are assumed until you have them"),
    "commercial_product": Default(
        False, "assumed to be an internal tool rather than part of something sold"
    ),
    "monthly_active_users": Default(
        0,
        f"when the product's user count is unknown: monthly requests / "
        f"{REQUESTS_PER_ACTIVE_USER} (each user about {REQUESTS_PER_ACTIVE_USER} requests a "
        "month); 0 when it is not a commercial product",
    ),
    "eu_users": Default(
        True,
        "assumed to serve people in the EU, so GDPR and EU AI Act checks are included "
        "rather than missed",
    ),
    "annex_iii_areas": Default(
        NONE_CHOSEN,
        "no high-risk area was named; where the description suggests one (such as "
        "shortlisting applicants) that area is assumed instead, so the EU AI Act duties are "
        "shown rather than missed",
    ),
    "regulated_product": Default(
        "none", "assumed to be software on its own, not part of a product such as a medical device"
    ),
    "children": Default(False, "assumed to be used by and about adults"),
    "prohibited_practice": Default("none", "no practice the EU AI Act prohibits was named"),
    "timeline_weeks": Default(12, "a quarter: a usual horizon for a first working version"),
    "minutes_per_item": Default(
        TASK_VALUES[TaskType.OTHER].minutes,
        "depends on the task type: how long that kind of item typically takes a person",
    ),
    "hourly_cost_usd": Default(
        50.0,
        "a typical fully loaded hour of office work (salary, benefits and overheads); ask "
        "finance for your own figure",
    ),
    "time_saved_pct": Default(
        TASK_VALUES[TaskType.OTHER].time_saved_pct,
        "depends on the task type: a conservative share from published studies",
    ),
    "build_cost_usd": Default(
        float(DEFAULT_BUILD_COST_USD),
        f"{BUILD_TEAM_PEOPLE} people for {BUILD_WEEKS} weeks at ${ENGINEERING_RATE_USD} an "
        "hour to build the PoC and connect it to your systems",
    ),
    "adoption_ramp_months": Default(
        3, "people take about a quarter to use a new tool for all of their work"
    ),
    # Assumed only when revenue at stake was given (``with_defaults``).
    "revenue_share_pct": Default(
        5.0,
        "a cautious planning figure: a model rarely wins or protects more than a small share "
        "of the revenue at stake, and only an A/B test in the pilot can show the real share",
    ),
}


def _task(task_type: TaskType | str | None) -> TaskType:
    if task_type is None:
        return TaskType.OTHER
    try:
        return TaskType(task_type)
    except ValueError:
        return TaskType.OTHER


def default_for(
    field: str,
    task_type: TaskType | str | None = None,
    *,
    monthly_requests: int | None = None,
    use_case: str | None = None,
) -> Value:
    """The value assumed for an optional ``field`` that was not given.

    Token sizes depend on ``task_type`` (``TASK_SIZES``); the user count of a commercial
    product is derived from ``monthly_requests`` (its default when not given). Raises
    ``KeyError`` for a field that has no default (``use_case``, ``task_type``,
    ``sample_input``). The high-risk areas default to those ``use_case`` suggests, if any.
    """
    if field == "annex_iii_areas" and use_case:
        from assistant.questionnaire.suggestions import suggestions  # reads the cue data

        suggested = suggestions(use_case).get(field)
        if isinstance(suggested, str):
            return suggested
    if field == "input_tokens":
        return TASK_SIZES[_task(task_type)].input_tokens
    if field == "output_tokens":
        return TASK_SIZES[_task(task_type)].output_tokens
    if field == "minutes_per_item":
        return TASK_VALUES[_task(task_type)].minutes
    if field == "time_saved_pct":
        return TASK_VALUES[_task(task_type)].time_saved_pct
    if field == "monthly_active_users":
        requests = monthly_requests
        if requests is None:
            requests = int(DEFAULTS["monthly_requests"].value)
        return math.ceil(requests / REQUESTS_PER_ACTIVE_USER)
    return DEFAULTS[field].value


@functools.lru_cache(maxsize=512)
def default_reason(field: str, task_type: TaskType | str | None = None) -> str:
    """Why ``default_for(field, task_type)`` is what it is, in one line."""
    if field in ("input_tokens", "output_tokens"):
        size = TASK_SIZES[_task(task_type)]
        return f"typical for {task_words(task_type)}: {size.basis}"
    if field in ("minutes_per_item", "time_saved_pct"):
        return f"typical for {task_words(task_type)}: {TASK_VALUES[_task(task_type)].basis}"
    return DEFAULTS[field].reason


@functools.lru_cache(maxsize=64)
def task_words(task_type: TaskType | str | None) -> str:
    """The task as the interview names it ("summarising"), not its code."""
    code = _task(task_type).value
    for choice in _TASK_CHOICES:
        if choice.value == code:
            return choice.label[:1].lower() + choice.label[1:]
    return code.replace("_", " ")


def with_defaults(profile: Profile) -> tuple[Profile, dict[str, object]]:
    """A copy of ``profile`` with every optional field filled, and the fields that took a
    default mapped to the value taken (JSON-ready: enums as their string value).

    Left empty: the volunteered fields (``VOLUNTEERED_FIELDS``) the manager did not state,
    except the share of revenue at stake once that revenue was given; minutes per item and
    the cost of an hour once a cost per item was given.

    Not listed as assumed, because they follow from what was given:
    - ``input_tokens`` counted from ``sample_input`` when only the sample was given;
    - ``monthly_active_users`` = 0 when the use is not a commercial product (also when that
      itself was assumed: the assumption listed is then ``commercial_product``).
    ``sample_input`` is never filled.
    """
    data: dict[str, Any] = profile.model_dump(mode="json")
    assumed: dict[str, object] = {}
    task = profile.task_type
    for field in OPTIONAL_FIELDS:
        if data.get(field) is not None:
            continue
        if field == "input_tokens" and profile.sample_input:
            data[field] = count_tokens(profile.sample_input)
            continue
        if field == "monthly_active_users" and data.get("commercial_product") is not True:
            data[field] = 0
            continue
        if field in NEVER_ASSUMED or (
            field == "revenue_share_pct" and not data.get("revenue_at_stake_usd")
        ):
            continue  # never assumed: the business case leaves that part out
        if field in ("minutes_per_item", "hourly_cost_usd") and (
            data.get("cost_per_item_usd") is not None
        ):
            continue  # the cost of an item stands in for its minutes and the hour's cost
        # monthly_requests precedes monthly_active_users in OPTIONAL_FIELDS (schema order),
        # so the user count is derived from the volume actually used.
        value = default_for(
            field, task, monthly_requests=data.get("monthly_requests"), use_case=profile.use_case
        )
        data[field] = value
        assumed[field] = value
    return Profile.model_validate(data), assumed


# --- the questions ----------------------------------------------------------------------


def split_phrases(text: str) -> tuple[str, ...]:
    """'a, b c, d' -> ('a', 'b c', 'd'): phrase lists written compactly."""
    return tuple(phrase.strip() for phrase in text.split(",") if phrase.strip())


def _choice(value: StrEnum, label: str, description: str, synonyms: str = "") -> Choice:
    return Choice(
        value=value.value,
        label=label,
        description=description,
        synonyms=split_phrases(synonyms),
    )


def _with_default(field: str, **fields: Any) -> Question:
    """A question whose default and reason come from ``DEFAULTS``."""
    default = DEFAULTS.get(field)
    return Question(
        field=field,
        default=default.value if default else None,
        default_reason=default.reason if default else "",
        **fields,
    )


_TASK_CHOICES = (
    _choice(
        TaskType.SUMMARIZATION,
        "Summarising",
        "Turning long text such as reports, calls, emails or meetings into a short summary.",
        "summarize, summarise, summary, summaries, sum up, condense, digest, tldr, tl;dr, "
        "key points, recap, meeting notes, meeting minutes, shorten, boil down, overview, "
        "highlights, abstract, synopsis, gist, main points, briefing notes",
    ),
    _choice(
        TaskType.DRAFTING,
        "Drafting text",
        "Writing first drafts of emails, replies, letters, marketing copy or reports.",
        "draft, drafts, drafting, write, writing, compose, generate, generate text, copywriting, "
        "marketing copy, email replies, reply to emails, replies, letters, proposals, job ads, "
        "blog posts, content creation, create content, "
        "newsletters, first draft, rewrite, tender responses, social media posts, press releases, "
        "wrote the, writes the, sheet out, letter out, prepares answer, prepare the answer",
    ),
    _choice(
        TaskType.CLASSIFICATION,
        "Sorting or labelling",
        "Putting each item into a category: routing tickets, tagging, spam or sentiment.",
        "classify, classification, classifying, categorize, categorise, categorization, sort, "
        "sorting, triage, route, routing, tag, tagging, label, labelling, sentiment, spam, "
        "prioritize, prioritise, flag, flagging, filter, bucket, assign to the right team, "
        "moderation, moderate content, intent detection, which category, detect fraud, "
        "fraud detection, detect, screen emails, coded to, coded as, coded against, code each, "
        "code them to, coding them to, assign a code, assign codes, failure code, failure codes, "
        "condition score, score each, decide the trade, decide the priority, decide which team, "
        "decide the category, decide which category, by trade and urgency",
    ),
    _choice(
        TaskType.EXTRACTION,
        "Pulling out information",
        "Reading documents and filling in fields, such as invoice totals, names or dates.",
        "extract, extraction, extracting, pull out, pull fields, pull data, pull, capture fields, "
        "parse, parsing, data entry, fill in fields, fill in forms, key fields, entities, "
        "entity extraction, structured data, populate, read invoices, key terms, data capture, "
        "get the fields, fields from",
    ),
    _choice(
        TaskType.SEARCH_QA,
        "Answering questions from documents",
        "Finding answers in your own documents, policies, manuals or knowledge base.",
        "search, searching, find information, answer questions, answering questions, "
        "questions about, q&a, faq, faqs, knowledge base, look up, lookup, find answers, wiki, "
        "internal wiki, our policies, search documentation, rag, retrieval, enterprise search, "
        "ask questions, query documents, question answering, ask our documents, "
        "find the right document",
    ),
    _choice(
        TaskType.CONVERSATION,
        "Chat assistant",
        "A chatbot or assistant that holds a conversation with staff or customers.",
        "chatbot, chat bot, chat, assistant, virtual assistant, conversation, conversational, "
        "talk to, dialogue, virtual agent, bot, live chat, customer service bot, helpdesk bot, "
        "concierge, chat with customers, ai agent, ai bot, a bot to, bot to reply, "
        "whatsapp bot, whatsapp helpline, helpline bot",
    ),
    _choice(
        TaskType.CODE,
        "Writing or reviewing code",
        "Helping developers write, explain, test or review software code.",
        "code, coding, software, programming, developer, developers, write code, code review, "
        "review code, sql, write sql, scripts, unit tests, debug, debugging, bugs, refactor, "
        "refactoring, "
        "legacy code, cobol, copilot, github copilot, pull requests, migrate code, "
        "code generation, generate code, to python, into python, in python, vba, macros, "
        "convert the code, port the code, rewrite the code",
    ),
    _choice(
        TaskType.TRANSLATION,
        "Translating",
        "Turning text from one language into another.",
        "translate, translation, translating, translations, localize, localise, localization, "
        "multilingual, other languages, into french, into german, into spanish, into english, "
        "languages, foreign language",
    ),
    _choice(
        TaskType.VISION,
        "Understanding images",
        "Reading images, scans, photos, videos or diagrams.",
        "image, images, photo, photos, picture, pictures, scanned, visual, video, videos, camera, "
        "diagram, diagrams, ocr, handwriting, handwritten, defect detection, computer vision, "
        "screenshots, damage photos, x-rays, drawings",
    ),
    _choice(
        TaskType.SPEECH,
        "Working with speech",
        "Transcribing audio or talking with people by voice.",
        "speech, voice, audio, transcribe, transcribing, transcription, speech to text, "
        "text to speech, dictation, spoken, call recordings, voicemail, voicemails, "
        "voice assistant, ivr, speech recognition, subtitles, captions, podcast, podcasts",
    ),
    _choice(
        TaskType.FORECASTING,
        "Forecasting numbers",
        "Predicting figures such as sales, demand, stock levels or churn from past data.",
        "forecast, forecasts, forecasting, predict, prediction, predictions, projection, "
        "projections, demand planning, next quarter, next month, next year, trends, churn, "
        "anticipate, time series, estimate demand, future sales, stock levels",
    ),
    _choice(
        TaskType.DECISION_AUTOMATION,
        "Automating decisions",
        "Making decisions without a person, such as approving loans, claims or refunds.",
        "approve, approving, approval, approvals, reject, decide, decision, decisions, "
        "automate decisions, credit decisions, underwriting, eligibility, screen candidates, "
        "shortlist candidates, hiring decisions, pricing decisions, accept or reject, grant, deny, "
        "make decisions",
    ),
    _choice(
        TaskType.OTHER,
        "Something else",
        "None of the above.",
        "something else, none of these, none of the above, not listed, other, mixed, a mix",
    ),
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        field="use_case",
        prompt="In a sentence or two, what would you like the model to do, and for whom?",
        help="For example: 'Summarise customer support calls so team leads can spot "
        "recurring complaints.' Plain words are best.",
        kind="text",
        unit_hint="a sentence or two",
    ),
    Question(
        field="task_type",
        prompt="Which of these best describes the task?",
        help="Pick the closest one; if none fits, say 'other'.",
        kind="choice",
        choices=_TASK_CHOICES,
        unit_hint="one of the listed kinds of task",
    ),
    _with_default(
        "audience",
        prompt="Who will see or use what the model produces: only your own staff, or people "
        "outside the company (customers, partners, the public)?",
        help="If customers ever see the output, even after a colleague has passed it on, "
        "count it as outside.",
        kind="choice",
        choices=(
            _choice(
                Audience.INTERNAL,
                "Our own staff",
                "Only employees see or use the output.",
                "internal, internally, staff, employees, our team, our teams, our people, "
                "colleagues, back office, in-house, only us, just us, our agents, internal users, "
                "workforce, our analysts, our lawyers, team leads, managers, our staff, "
                "internal only, customer service agents, support agents, service agents, "
                "call centre staff, sales team, team, department, internal team, developers, "
                "developers only, devs, engineers, our engineers, lawyers, lawyers only, "
                "our lawyers only, ops people, ops team, operations team, handlers, recruiters, "
                "the line, quality engineers, only our, just our, nobody outside, "
                "no one outside, all internal, purely internal",
            ),
            _choice(
                Audience.EXTERNAL,
                "Customers or the public",
                "People outside the company see or use the output: customers, partners, suppliers "
                "or the public.",
                "external, externally, customers, customer, clients, client, the public, public, "
                "partners, suppliers, patients, citizens, members, customer-facing, public-facing, "
                "website visitors, buyers, consumers, students, end users, outside, candidates, "
                "applicants, residents, passengers, guests, travellers, subscribers",
            ),
        ),
        unit_hint="'our staff' or 'customers'",
    ),
    _with_default(
        "monthly_requests",
        prompt="Roughly how many times a month would the model be used? Count each document "
        "processed, question answered or message handled as one. A figure per day or per "
        "week is fine too.",
        help="A rough figure is enough: '2,000 a day', '50k a month', 'a few hundred a week'.",
        kind="integer",
        unit_hint="requests per month, e.g. '2,000 a day' or '50k a month'",
    ),
    _with_default(
        "error_impact",
        prompt="If the model gets something wrong and nobody catches it, how bad would that be?",
        help="Think of the worst realistic mistake, not the average one.",
        kind="choice",
        choices=(
            _choice(
                ErrorImpact.LOW,
                "Minor",
                "Easy to spot and fix; an annoyance at worst.",
                "low, minor, trivial, not a big deal, no big deal, annoying, cosmetic, "
                "easy to fix, harmless, nothing much, negligible, not much, not bad, not serious, "
                "a typo, typos, worst case a typo, "
                "low impact, low risk",
            ),
            _choice(
                ErrorImpact.MODERATE,
                "Noticeable",
                "Costs some time or money, or annoys a customer, but can be put right.",
                "moderate, medium, noticeable, somewhat, annoy a customer, rework, embarrassing, "
                "inconvenient, fixable, recoverable, a complaint, complaints, manageable, mid, "
                "some cost, moderately, a bit bad, unhappy customer, wasted time",
            ),
            _choice(
                ErrorImpact.HIGH,
                "Serious",
                "Real financial loss, legal exposure or damage to our reputation.",
                "high, serious, very bad, significant, costly, expensive, financial loss, "
                "lose money, legal, lawsuit, reputation, reputational, regulator, "
                "regulatory fines, compliance, major, cost us, pretty bad, big problem, "
                "real money, wrong claim, pay the wrong, lose a customer, a fine, get fined, "
                "be fined, heavy fines, big fines, fines from, paid wrong, paid the wrong, "
                "massive row, huge row",
            ),
            _choice(
                ErrorImpact.CRITICAL,
                "Severe",
                "Could harm someone's health, safety, rights or livelihood, or break the law.",
                "critical, severe, catastrophic, disaster, disastrous, life, death, safety, "
                "injury, injured, injure, die, killed, hurt, harm, their health, someone's health, "
                "patient's health, people's health, health risk, harm to health, "
                "damage to health, health and safety, livelihood, rights, "
                "illegal, discrimination, "
                "patient safety, unacceptable, lose their job, someone could die, break the law, "
                "wrong dose, wrong medication, medication dose, "
                "against the law",
            ),
        ),
        unit_hint="'minor', 'noticeable', 'serious' or 'severe'",
    ),
    _with_default(
        "human_review",
        prompt="Will a person check the model's output before it is used?",
        help="For example a colleague reading every draft before it is sent, or someone "
        "spot-checking a sample each week.",
        kind="choice",
        choices=(
            _choice(
                HumanReview.EVERY_OUTPUT,
                "Every output is checked",
                "A person reviews or approves everything before it is used or sent.",
                "every output, every one, everything, all, all of them, always, each one, "
                "each output, each draft, each item, every item, every draft, every answer, "
                "every reply, every email, approve, approves, sign off, signs off, before sending, "
                "before it goes out, review everything, human in the loop, full review, "
                "manually checked, each time, every time, 100%, every single, every summary, "
                "every document, every report, every decision, every response, every ticket, "
                "every translation, every case, every letter, every result, checks every, "
                "checks each, reviews every, reviews each, check every, review every, "
                "read every, reads every, looks at every",
            ),
            _choice(
                HumanReview.SAMPLED,
                "Spot checks",
                "A person checks a sample regularly, but not every item.",
                "sample, sampled, sampling, spot check, spot checks, spot-check, some, "
                "some of them, occasionally, random, randomly, audit, audits, periodically, "
                "percentage, now and then, from time to time, partial, selected, weekly review, "
                "a few, sometimes, only some, handful, a handful",
            ),
            _choice(
                HumanReview.NONE,
                "No checks",
                "Outputs are used directly without a person looking at them.",
                "none, no, nobody, no one, no review, no checks, not checked, fully automatic, "
                "fully automated, automatically, straight through, never, no human, directly, "
                "goes straight out, unattended, not at all, unchecked",
            ),
        ),
        unit_hint="'every output', 'spot checks' or 'no checks'",
    ),
    _with_default(
        "data_sensitivity",
        prompt="What is the most sensitive kind of information the model would see?",
        help="If several kinds are involved, the most sensitive one counts.",
        kind="choice",
        choices=(
            _choice(
                DataSensitivity.PUBLIC,
                "Public",
                "Already published, or harmless if it leaked.",
                "public, publicly available, published, open data, nothing sensitive, "
                "not sensitive, website content, marketing material, press releases, "
                "on our website, no sensitive data, harmless, public information, "
                "online anyway, on the internet, already public, publicly",
            ),
            _choice(
                DataSensitivity.INTERNAL,
                "Internal",
                "Everyday business information that is not meant for outsiders.",
                "internal, internal only, internal documents, company data, business data, "
                "internal docs, intranet, not public, everyday business, work documents, "
                "procedures, manuals, internal policies, product documentation, "
                "company information",
            ),
            _choice(
                DataSensitivity.CONFIDENTIAL,
                "Confidential",
                "Trade secrets, contracts, financials, source code or unreleased plans.",
                "confidential, secret, secrets, trade secrets, proprietary, financials, "
                "financial data, contracts, legal documents, strategy, pricing, source code, "
                "unreleased, board papers, commercially sensitive, nda, restricted, m&a, "
                "intellectual property",
            ),
            _choice(
                DataSensitivity.PERSONAL,
                "Personal data",
                "Information about identifiable people: customers' or employees' names, contact "
                "details, account records.",
                "personal, personal data, pii, personally identifiable, customer names, "
                "customer data, customer details, customer records, names, email addresses, "
                "addresses, phone numbers, contact details, employee records, employee data, "
                "hr data, hr records, staff records, cvs, resumes, salaries, payroll, "
                "account numbers, bank details, customer emails, gdpr, date of birth, "
                "identifiable, personal information, customer information, client data",
            ),
            _choice(
                DataSensitivity.SPECIAL_CATEGORY,
                "Highly sensitive personal data",
                "Health, biometrics, religion, ethnicity, sexual orientation, political views, "
                "trade-union membership or criminal records.",
                "health, medical, patient, patients, religion, religious, ethnicity, ethnic, race, "
                "racial, biometric, biometrics, fingerprints, facial, face recognition, genetic, "
                "dna, sexual orientation, sex life, political, political views, union, "
                "trade union, union membership, criminal, criminal records, disability, diagnosis, "
                "mental health, special category, sensitive personal data, health records, "
                "medical records",
            ),
        ),
        unit_hint="'public', 'internal', 'confidential', 'personal data' or 'health data'",
    ),
    _with_default(
        "deployment",
        prompt="Are there rules about where the data and the model must run?",
        help="For example a policy that customer data never leaves your own cloud account, "
        "or must stay on your own servers.",
        kind="choice",
        choices=(
            _choice(
                Deployment.ANY,
                "No restriction",
                "A trusted provider's cloud service, such as an AI API, is acceptable.",
                "any, anything, anything goes, anywhere, no restrictions, no restriction, "
                "no rules, cloud is fine, "
                "public cloud, saas, api is fine, openai, hosted, third party, doesn't matter, "
                "does not matter, don't care, do not care, whatever works, no preference, "
                "no constraints, not really, none, no, nope, nah, any cloud, external api, "
                "no policy",
            ),
            _choice(
                Deployment.PRIVATE_CLOUD,
                "Our own cloud account",
                "It must run in a cloud account and region we control, under our agreements.",
                "private cloud, our cloud, own cloud, our own cloud, our azure, our aws, azure, "
                "aws, google cloud, gcp, vpc, our tenancy, our tenant, our subscription, "
                "eu region, data residency, dedicated instance, bedrock, vertex, azure openai, "
                "cloud account, stay in the eu, our region",
            ),
            _choice(
                Deployment.ON_PREMISES,
                "Our own servers",
                "It must run on hardware we own, in our own data centre, or fully offline.",
                "on premises, on premise, on-prem, on prem, onprem, our own servers, own servers, "
                "our servers, in-house, in house, data centre, data center, air-gapped, "
                "air gapped, airgapped, offline, locally, on site, onsite, our hardware, "
                "own hardware, self-hosted, self hosted, behind our firewall, no cloud, "
                "not in the cloud, never leave our building, our own machines",
            ),
        ),
        unit_hint="'no restriction', 'our own cloud' or 'our own servers'",
    ),
    _with_default(
        "annex_iii_areas",
        prompt="Does it make, or help a person make, decisions about people in any of these "
        "areas? Name all that apply, or say 'none of those'.",
        help="These are the uses the EU AI Act treats as high-risk (Annex III). Helping counts: "
        "ranking, scoring or recommending to the person who decides.",
        kind="choices",
        choices=(
            _choice(
                AnnexIIIArea.BIOMETRICS,
                "Identifying people (biometrics)",
                "Identifying people from their face, voice or fingerprints, or sorting them "
                "by traits such as age or ethnicity.",
                "biometric, biometrics, face recognition, facial recognition, identify people, "
                "recognise people, fingerprints, voice identification, biometric identification",
            ),
            _choice(
                AnnexIIIArea.CRITICAL_INFRASTRUCTURE,
                "Running critical infrastructure",
                "Safety functions in power, gas, water or heating supply, road traffic or "
                "digital infrastructure.",
                "critical infrastructure, infrastructure, power grid, electricity, water supply, "
                "gas supply, heating, road traffic, traffic control, utilities, energy network",
            ),
            _choice(
                AnnexIIIArea.EDUCATION,
                "Education and training",
                "Admissions, marking or grading, placing learners in a level, or spotting "
                "cheating in tests.",
                "education, school, schools, pupils, students, grading, marking, grades, exams, "
                "admissions, homework, vocational training, teachers, university, learners",
            ),
            _choice(
                AnnexIIIArea.EMPLOYMENT,
                "Jobs and workers",
                "Recruiting, shortlisting or rating applicants, promotions, dismissals, "
                "allocating work, or monitoring staff.",
                "employment, jobs, hiring, hire, recruiting, recruitment, applicants, "
                "candidates, cvs, resumes, shortlist, shortlisting, promotions, performance "
                "reviews, appraisals, dismissals, firing, workers, staff monitoring, "
                "hr decisions, work allocation",
            ),
            _choice(
                AnnexIIIArea.ESSENTIAL_SERVICES,
                "Credit, insurance and public benefits",
                "Creditworthiness or credit scores, pricing life or health insurance, or who "
                "gets public benefits and services.",
                "credit, credit scoring, credit applications, loans, mortgages, creditworthiness, "
                "insurance, life insurance, health insurance, premiums, benefits, welfare, "
                "social security, public services, eligibility",
            ),
            _choice(
                AnnexIIIArea.EMERGENCY_TRIAGE,
                "Emergency calls and patient triage",
                "Sorting emergency calls, dispatching ambulances, police or fire services, or "
                "triaging patients.",
                "triage, emergency, emergency calls, ambulance, ambulances, dispatch, "
                "dispatching, urgent patients",
            ),
            _choice(
                AnnexIIIArea.LAW_ENFORCEMENT,
                "Police and law enforcement",
                "Assessing evidence, or the risk that someone offends or becomes a victim, for "
                "or on behalf of the police.",
                "police, law enforcement, crime, criminal investigations, evidence, "
                "investigators, re-offending, recidivism",
            ),
            _choice(
                AnnexIIIArea.MIGRATION_BORDER,
                "Migration, asylum and borders",
                "Visa, asylum or residence applications, or checks at the border.",
                "migration, immigration, asylum, visa, visas, border, borders, residence "
                "permits, refugees",
            ),
            _choice(
                AnnexIIIArea.JUSTICE_DEMOCRACY,
                "Courts, elections and voting",
                "Helping judges or arbitrators with the facts and the law, or influencing "
                "elections and how people vote.",
                "courts, court, judges, justice, judicial, rulings, arbitration, elections, "
                "voting, voters, political campaigns",
            ),
            Choice(
                value=NONE_CHOSEN,
                label="None of those",
                description="It does not make or support decisions about people in these areas.",
                synonyms=split_phrases(
                    "none, none of those, none of them, none of these, no, nope, neither, "
                    "nothing like that, not applicable, n/a, no decisions about people, "
                    "nothing about people, not really, it does not, it doesn't"
                ),
            ),
        ),
        unit_hint="the areas that apply, e.g. 'jobs and workers', or 'none of those'",
    ),
    _with_default(
        "latency",
        prompt="How quickly does an answer need to come back?",
        help="Think of the person waiting for it, if anyone is.",
        kind="choice",
        choices=(
            _choice(
                Latency.REALTIME,
                "Instantly (under a second)",
                "Someone is waiting live, such as a customer on a phone call or typing in a chat, "
                "and any delay is noticed.",
                "realtime, real time, real-time, instant, instantly, immediately, immediate, live, "
                "while the customer waits, customer waits, under a second, less than a second, "
                "sub-second, subsecond, milliseconds, on the phone, during the call, "
                "straight away, right away, as they type, no delay, as fast as possible",
            ),
            _choice(
                Latency.INTERACTIVE,
                "Within a few seconds",
                "A person waits briefly for the answer, up to 10 or 20 seconds.",
                "interactive, a few seconds, few seconds, several seconds, seconds, "
                "couple of seconds, quick, quickly, fast, short wait, snappy, a moment, "
                "reasonably fast, while they wait, not instant",
            ),
            _choice(
                Latency.BATCH,
                "No rush (minutes to hours)",
                "Nobody waits: the work can run in the background or overnight.",
                "batch, batches, overnight, next day, no rush, not urgent, hours, minutes, "
                "end of day, daily run, whenever, background, in bulk, by tomorrow, same day, "
                "nightly, can wait, asynchronous, async, in the background, not time critical, "
                "not time sensitive, no hurry, weekly run",
            ),
        ),
        unit_hint="'instantly', 'a few seconds' or 'no rush'",
    ),
    _with_default(
        "input_tokens",
        prompt="How long is a typical input the model would read: in pages or words, for "
        "example 'two pages', '800 words' or 'a short email'? You can also paste a typical "
        "example and I will measure it.",
        help="One page is about 500 words. Include everything the model reads for one "
        "request, such as the document and any instructions.",
        kind="tokens",
        unit_hint="pages, words or a pasted example",
    ),
    _with_default(
        "output_tokens",
        prompt="How long should a typical answer from the model be, for example 'a one-word "
        "label', 'a paragraph' or 'one page'?",
        help="A paragraph is about 100 words; a page about 500 words.",
        kind="tokens",
        unit_hint="e.g. 'a label', 'a paragraph', 'one page' or '200 words'",
    ),
    _with_default(
        "monthly_budget_usd",
        prompt="Roughly how much could you spend per month on running it (model and cloud "
        "costs, not staff)? A yearly figure or another currency is fine; say 'skip' if "
        "there is no budget yet.",
        help="For example '$2,000 a month', '20k a year' or '€500 per month'.",
        kind="number",
        unit_hint="an amount per month, e.g. '$2,000 a month' or '20k a year'",
    ),
    _with_default(
        "team_skill",
        prompt="How much experience does your team have building software with AI or "
        "machine-learning models?",
        help="Count the people who would build and run it, including a trusted supplier.",
        kind="choice",
        choices=(
            _choice(
                TeamSkill.NONE,
                "None",
                "No developers or data people with AI experience; we would rely on a supplier.",
                "none, no, nobody, no one, no experience, zero, beginners, not technical, "
                "non-technical, no developers, no engineers, no data scientists, rely on a vendor, "
                "rely on vendors, outsource, no skills, novice, nothing, no it team, not really",
            ),
            _choice(
                TeamSkill.SOME,
                "Some",
                "Developers who can call an API and integrate it, with little machine-learning "
                "experience.",
                "some, a bit, a little, basic, a few developers, developers, moderate, limited, "
                "some experience, api, it team, one developer, junior, learning, dabbled, "
                "tried chatgpt, a couple of developers, software engineers, web developers, "
                "devs, a few devs, dev team, a couple of devs",
            ),
            _choice(
                TeamSkill.STRONG,
                "Strong",
                "Engineers or data scientists who have trained, evaluated or deployed models "
                "before.",
                "strong, expert, experts, experienced, data scientists, data science team, "
                "ml engineers, machine learning engineers, ml team, ai team, very experienced, "
                "lots, a lot, advanced, deployed models, mlops, phd, phds, research team, "
                "trained models, very good, highly skilled",
            ),
        ),
        unit_hint="'none', 'some' or 'strong'",
    ),
    _with_default(
        "labeled_examples",
        prompt="How many past examples with the correct answer do you already have? For "
        "instance tickets already tagged with their category, or documents with the fields "
        "filled in. Say 'none' if you have none.",
        help="A rough figure is enough: 'about 500', 'a few thousand', 'none'.",
        kind="integer",
        unit_hint="a number of examples, e.g. '500', 'a few thousand' or 'none'",
    ),
    _with_default(
        "commercial_product",
        prompt="Will the model's output be part of something you sell, such as a product or "
        "a paid service?",
        help="Answer no if it is a tool for your own staff, even if it helps them serve customers.",
        kind="boolean",
        unit_hint="yes or no",
    ),
    _with_default(
        "monthly_active_users",
        prompt="About how many people would use that product in a month? (These are "
        "'monthly active users': different people who use it at least once in a month.)",
        help="A rough figure is enough: '500', '20k', 'about 2 million'.",
        kind="integer",
        unit_hint="a number of people, e.g. '500 users' or '20k'",
    ),
    _with_default(
        "eu_users",
        prompt="Will it serve people in the European Union, or handle data about them?",
        help="If so, the EU's GDPR and AI Act apply, even if your company is based elsewhere.",
        kind="boolean",
        unit_hint="yes or no",
    ),
    _with_default(
        "prohibited_practice",
        prompt="Would it do any of these? Say 'none of those' if not.",
        help="The EU AI Act bans these outright (Art. 5), whatever the safeguards.",
        kind="choice",
        choices=(
            _choice(
                ProhibitedPractice.MANIPULATION,
                "Manipulate or exploit people",
                "Steer people's choices with hidden techniques, or exploit their age, "
                "disability or hardship, in ways that can harm them.",
                "manipulate, manipulation, manipulative, subliminal, exploit vulnerabilities, "
                "exploit, vulnerable people, dark patterns",
            ),
            _choice(
                ProhibitedPractice.SOCIAL_SCORING,
                "Score people's social behaviour",
                "Rate people on their behaviour or personality and treat them worse for it "
                "in unrelated situations.",
                "social scoring, social score, score behaviour, behaviour score, "
                "trustworthiness score, citizen score",
            ),
            _choice(
                ProhibitedPractice.CRIME_PREDICTION,
                "Predict crime from a profile",
                "Predict whether someone will commit a crime from their profile or "
                "personality alone.",
                "predict crime, predictive policing, crime prediction, likely to offend",
            ),
            _choice(
                ProhibitedPractice.FACE_SCRAPING,
                "Scraping faces from the web or CCTV",
                "Build a face database by scraping images from the internet or camera "
                "footage without a target.",
                "scrape faces, face scraping, scraping faces, facial images, face database",
            ),
            _choice(
                ProhibitedPractice.EMOTION_RECOGNITION,
                "Read emotions at work or school",
                "Infer the emotions of employees or students, other than for medical or "
                "safety reasons.",
                "emotion recognition, emotions, detect emotions, read emotions, mood, "
                "emotional state",
            ),
            _choice(
                ProhibitedPractice.SENSITIVE_CATEGORISATION,
                "Sensitive traits from biometrics",
                "Deduce race, political views, union membership, religion or sexual "
                "orientation from faces or other biometric data.",
                "infer ethnicity, infer religion, infer sexual orientation, biometric "
                "categorisation, categorise people by race",
            ),
            _choice(
                ProhibitedPractice.REALTIME_BIOMETRIC_ID,
                "Live face recognition for the police",
                "Identify people in public spaces in real time for law enforcement.",
                "live facial recognition, real-time face recognition, real time biometric "
                "identification",
            ),
            _choice(
                ProhibitedPractice.INTIMATE_DEEPFAKES,
                "Fake intimate images of real people",
                "Generate sexual or intimate images of real people without consent, or child "
                "sexual abuse material.",
                "nudify, undress, deepfake nudes, intimate images, non-consensual",
            ),
            _choice(
                ProhibitedPractice.NONE,
                "None of those",
                "None of these practices.",
                "none, none of those, none of them, none of these, no, nope, neither, "
                "nothing like that, not applicable, n/a, of course not, definitely not",
            ),
        ),
        unit_hint="one of the practices, or 'none of those'",
    ),
    _with_default(
        "regulated_product",
        prompt="Is it, or is it part of, a product that EU product-safety law regulates, such "
        "as a medical device, a machine, a toy or a vehicle?",
        help="Software that diagnoses, monitors or guides treatment can be a medical device "
        "itself. Such products bring the AI Act's high-risk rules with their own (Annex I).",
        kind="choice",
        choices=(
            _choice(
                RegulatedProduct.NONE,
                "No",
                "Software on its own, not part of a regulated product.",
                "no, none, nope, not a product, just software, software only, none of those, "
                "neither, not applicable, n/a",
            ),
            _choice(
                RegulatedProduct.MEDICAL_DEVICE,
                "A medical device",
                "Software or equipment that diagnoses, monitors or treats patients, including "
                "in-vitro diagnostics (MDR, IVDR).",
                "medical device, medical devices, mdr, ivdr, diagnostic, diagnostics, "
                "in vitro, software as a medical device, samd, clinical decision support",
            ),
            _choice(
                RegulatedProduct.MACHINERY,
                "A machine",
                "Industrial machines and robots, including their safety functions.",
                "machine, machines, machinery, robot, robots, industrial robot, robot arm, "
                "safety function, production line",
            ),
            _choice(
                RegulatedProduct.TOY,
                "A toy",
                "A product for children under 14 to play with.",
                "toy, toys, doll, teddy, plaything, game for children",
            ),
            _choice(
                RegulatedProduct.VEHICLE,
                "A vehicle",
                "Cars, lorries, tractors or other vehicles, or their driving functions.",
                "vehicle, vehicles, car, cars, lorry, truck, trucks, tractor, driving, "
                "self-driving, driver assistance",
            ),
            _choice(
                RegulatedProduct.OTHER,
                "Another regulated product",
                "Lifts, radio equipment, pressure equipment, aircraft, boats or protective "
                "equipment.",
                "lift, lifts, elevator, radio equipment, pressure equipment, aircraft, drone, "
                "drones, boat, boats, marine equipment, protective equipment",
            ),
        ),
        unit_hint="'no', 'a medical device', 'a machine', 'a toy' or 'a vehicle'",
    ),
    _with_default(
        "children",
        prompt="Will children (under 18) use it, or will it decide or say things about them?",
        help="For example pupils, young customers of an app or a game, or children's records.",
        kind="boolean",
        unit_hint="yes or no",
    ),
    _with_default(
        "timeline_weeks",
        prompt="How soon do you need a first working version, in weeks or months?",
        help="For example '6 weeks', '3 months' or 'two sprints'.",
        kind="integer",
        unit_hint="weeks or months, e.g. '6 weeks' or '3 months'",
    ),
    _with_default(
        "minutes_per_item",
        prompt="Now the value side. How long does one of these take a person today, in "
        "minutes? A rough figure is fine; say 'skip' to use a typical figure.",
        help="For example 'about 12 minutes per claim' or 'half an hour each'.",
        kind="number",
        unit_hint="minutes per item, e.g. '12 minutes' or 'half an hour'",
    ),
    _with_default(
        "hourly_cost_usd",
        prompt="What does an hour of that person's work cost you, all in (salary, benefits "
        "and overheads)? Any currency is fine.",
        help="For example '€55 an hour all in' or '$80k a year'. Finance usually has a "
        "standard loaded rate.",
        kind="number",
        unit_hint="an amount per hour, e.g. '€55 an hour' or '$80k a year'",
    ),
    _with_default(
        "time_saved_pct",
        prompt="What share of that time do you expect the model to take over or save, "
        "before anyone checks its work?",
        help="For example '30%' or 'about a third'. Say 'skip' for a conservative figure "
        "from published studies for this kind of task.",
        kind="number",
        unit_hint="a percentage, e.g. '30%' or 'about a third'",
    ),
    _with_default(
        "build_cost_usd",
        prompt="What would building the proof of concept and connecting it to your systems "
        "cost, one-off? Team weeks times a rate, or a figure.",
        help="For example '2 developers for 6 weeks at €90 an hour' or 'about 40k'.",
        kind="number",
        unit_hint="a one-off amount, e.g. '40k' or '3 people for 4 weeks'",
    ),
    _with_default(
        "adoption_ramp_months",
        prompt="How many months until people use it for all of this work, once it is live?",
        help="Most teams take about a quarter. Say '0' if everyone switches at once.",
        kind="integer",
        unit_hint="months, e.g. '3 months' or 'straight away'",
    ),
    Question(
        field="cost_per_item_usd",
        prompt="What does handling one of these cost you today, per item (an agency's fee, "
        "or your own cost per item)?",
        help="For example '€8 per claim' or 'the agency charges us $4 a ticket'. It stands "
        "in for minutes per item and the cost of an hour.",
        kind="number",
        unit_hint="an amount per item, e.g. '€8 per claim'",
    ),
    Question(
        field="revenue_at_stake_usd",
        prompt="How much revenue a month could this win or protect (sales lost to slow "
        "answers, customers who leave)?",
        help="For example 'we lose about €20k a month in abandoned orders' or '$1.2M a "
        "year of renewals at risk'.",
        kind="number",
        unit_hint="an amount a month or a year, e.g. '€20k a month'",
    ),
    _with_default(
        "revenue_share_pct",
        prompt="What share of that revenue would the model win or protect?",
        help="For example '10%' or 'a twentieth'. Only an A/B test in the pilot can show "
        "the real share.",
        kind="number",
        unit_hint="a percentage, e.g. '5%'",
    ),
)

QUESTION_BY_FIELD: Mapping[str, Question] = {q.field: q for q in QUESTIONS}


def applies(question: Question, answers: Mapping[str, object]) -> bool:
    """Whether ``question`` should be asked given the ``answers`` so far.

    The user count of a product is asked only once the use is known to be part of a
    commercial product (otherwise it is 0 by definition, see ``with_defaults``). The
    volunteered fields apply once stated (and the share of revenue once the revenue is),
    so they are never asked but kept; a cost per item stands in for minutes per item and
    the cost of an hour. Everything else matters for every use case, so it is always asked.
    """
    if question.field == "monthly_active_users":
        return answers.get("commercial_product") is True
    if question.field in VOLUNTEERED_FIELDS:
        return question.field in answers or (
            question.field == "revenue_share_pct" and "revenue_at_stake_usd" in answers
        )
    if question.field in ("minutes_per_item", "hourly_cost_usd"):
        # A cost per item answers both; a figure the manager gave anyway is kept.
        return question.field in answers or "cost_per_item_usd" not in answers
    return True
