"""The EU AI Act, the product laws and the children's rules as the advice states them: which
article and point a use falls under, the duties that follow for this user as provider or
deployer, and the dates as they stand in the knowledge base.

Everything here is worded from the structured answers (``annex_iii_areas``,
``regulated_product``, ``children``, ``prohibited_practice``); the use-case text only
suggested them. The dates are copied from the cited documents (``regulation-eu-ai-act-
overview``, ``regulation-eu-ai-act-high-risk-uses``, ``regulation-eu-ai-act-transparency``,
``regulation-medical-devices-mdr-ivdr``), and a test checks that each one still appears
there, so a change in the knowledge base cannot leave a stale date here.
"""

from __future__ import annotations

from typing import NamedTuple

from assistant.i18n import N_
from assistant.schemas import AnnexIIIArea, Profile, ProhibitedPractice, RegulatedProduct

AS_OF = "1 December 2026"  # the date the knowledge base's AI Act documents were reviewed
OMNIBUS = "the Digital Omnibus, Regulation (EU) 2026/1744"


class Dated(NamedTuple):
    when: str
    document: str  # the knowledge document that states it


DATES: dict[str, Dated] = {
    "prohibitions": Dated("2 February 2025", "regulation-eu-ai-act-overview"),
    "transparency": Dated("2 August 2026", "regulation-eu-ai-act-overview"),
    "marking_grace": Dated("2 December 2026", "regulation-eu-ai-act-transparency"),
    "new_prohibitions": Dated("2 December 2026", "regulation-eu-ai-act-overview"),
    "annex_iii": Dated("2 December 2027", "regulation-eu-ai-act-high-risk-uses"),
    "annex_iii_before": Dated("2 August 2026", "regulation-eu-ai-act-high-risk-uses"),
    "annex_i": Dated("2 August 2028", "regulation-eu-ai-act-overview"),
    "annex_i_before": Dated("2 August 2027", "regulation-medical-devices-mdr-ivdr"),
}


class Area(NamedTuple):
    point: str  # Annex III point
    words: str  # the area in a sentence


AREAS: dict[AnnexIIIArea, Area] = {
    AnnexIIIArea.BIOMETRICS: Area("1", "identifying or categorising people by biometrics"),
    AnnexIIIArea.CRITICAL_INFRASTRUCTURE: Area("2", "safety functions of critical infrastructure"),
    AnnexIIIArea.EDUCATION: Area("3", "decisions in education and vocational training"),
    AnnexIIIArea.EMPLOYMENT: Area("4", "decisions about job applicants and workers"),
    AnnexIIIArea.ESSENTIAL_SERVICES: Area(
        "5", "access to credit, life or health insurance and public benefits"
    ),
    AnnexIIIArea.EMERGENCY_TRIAGE: Area("5", "sorting emergency calls and triaging patients"),
    AnnexIIIArea.LAW_ENFORCEMENT: Area("6", "law enforcement"),
    AnnexIIIArea.MIGRATION_BORDER: Area("7", "migration, asylum and border control"),
    AnnexIIIArea.JUSTICE_DEMOCRACY: Area("8", "the administration of justice and elections"),
}

PRACTICES: dict[ProhibitedPractice, tuple[str, str]] = {
    ProhibitedPractice.MANIPULATION: (
        "Art. 5(1)(a) and (b)",
        "manipulating people or exploiting their age, disability or hardship",
    ),
    ProhibitedPractice.SOCIAL_SCORING: ("Art. 5(1)(c)", "scoring people's social behaviour"),
    ProhibitedPractice.CRIME_PREDICTION: (
        "Art. 5(1)(d)",
        "predicting crime from a person's profile alone",
    ),
    ProhibitedPractice.FACE_SCRAPING: ("Art. 5(1)(e)", "untargeted scraping of facial images"),
    ProhibitedPractice.EMOTION_RECOGNITION: (
        "Art. 5(1)(f)",
        "inferring emotions at work or in education",
    ),
    ProhibitedPractice.SENSITIVE_CATEGORISATION: (
        "Art. 5(1)(g)",
        "inferring sensitive traits such as ethnicity or sexual orientation from biometrics",
    ),
    ProhibitedPractice.REALTIME_BIOMETRIC_ID: (
        "Art. 5(1)(h)",
        "live remote biometric identification in public for law enforcement",
    ),
    ProhibitedPractice.INTIMATE_DEEPFAKES: (
        "Art. 5 as amended by the Digital Omnibus",
        "generating intimate images of real people without consent or child sexual abuse material",
    ),
}

PRODUCTS: dict[RegulatedProduct, str] = {
    RegulatedProduct.MEDICAL_DEVICE: "a medical device under the MDR (Regulation (EU) "
    "2017/745) or, for in-vitro diagnostics, the IVDR (2017/746)",
    RegulatedProduct.MACHINERY: "a machine or a safety component of one under the EU "
    "Machinery Regulation (EU) 2023/1230",
    RegulatedProduct.TOY: "a toy under the EU toy safety rules",
    RegulatedProduct.VEHICLE: "a vehicle or part of one under EU type-approval law",
    RegulatedProduct.OTHER: "a product under one of the EU product laws listed in Annex I",
}


def areas(profile: Profile) -> list[AnnexIIIArea]:
    return list(profile.annex_iii_areas or [])


def practice(profile: Profile) -> ProhibitedPractice | None:
    value = profile.prohibited_practice
    return None if value in (None, ProhibitedPractice.NONE) else value


def product(profile: Profile) -> RegulatedProduct | None:
    value = profile.regulated_product
    return None if value in (None, RegulatedProduct.NONE) else value


def _joined(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def high_risk_why(profile: Profile, suggested_by: str | None) -> str:
    """Why the use is high-risk under Annex III, naming each point, and from when."""
    chosen = areas(profile)
    what = _joined([AREAS[a].words for a in chosen])
    points = _joined(sorted({AREAS[a].point for a in chosen}))
    plural = "points" if len({AREAS[a].point for a in chosen}) > 1 else "point"
    lead = (
        f"Your description suggests {what} (“{suggested_by}”), a high-risk use under Art. "
        f"6(2) and Annex III {plural} {points} of the EU AI Act; this was assumed, not "
        "confirmed (answer 'none of those' if it decides nothing about people there)."
        if suggested_by is not None
        else f"Supporting {what} is a high-risk use under Art. 6(2) and Annex III {plural} "
        f"{points} of the EU AI Act."
    )
    return (
        f"{lead} Its obligations apply from {DATES['annex_iii'].when} (moved from "
        f"{DATES['annex_iii_before'].when} by {OMNIBUS}; dates as of {AS_OF})."
    )


def high_risk_duties(profile: Profile) -> str:
    """Who must do what: provider duties (Art. 16) and deployer duties (Art. 26, 27)."""
    provider = (
        "risk management, data governance and bias examination, technical documentation, "
        "automatic logs, human oversight by design, accuracy and robustness, a quality "
        "management system, a conformity assessment with CE marking and registration in the "
        "EU database"
    )
    deployer = (
        "use it according to its instructions, give oversight to trained people with the "
        "authority to overrule it, keep its logs for at least six months, inform workers and "
        "their representatives before using it at work, and tell the people it decides about"
    )
    credit = AnnexIIIArea.ESSENTIAL_SERVICES in areas(profile)
    fria = (
        "a fundamental rights impact assessment before first use (Art. 27), required for "
        "credit scoring and life or health insurance pricing"
        if credit
        else "a fundamental rights impact assessment (Art. 27) if you are a public body or "
        "provide a public service"
    )
    if profile.commercial_product:
        roles = (
            f"You sell it, so you are its provider (Art. 16): {provider}. Your customers are "
            "its deployers (Art. 26): your instructions for use must let them follow them, "
            "oversee it, keep its logs and inform the people concerned, and the fundamental "
            "rights impact assessment (Art. 27) is theirs where it applies."
        )
    else:
        roles = (
            f"Built on a model for your own use, you are its provider (Art. 16: {provider}) "
            f"and its deployer (Art. 26: {deployer}), plus {fria}. Buying a finished system "
            "instead leaves you the deployer's duties."
        )
    # The first sentence is the one a talking point quotes: an action, without article
    # numbers whose full stops would cut it short.
    return (
        "Classify it with legal and the data protection officer before the PoC, and keep a "
        f"person deciding. {roles} It is not high-risk only if it does a narrow procedural or "
        "preparatory task for a person who decides and profiles no one (Art. 6(3)): record "
        "that assessment if you rely on it."
    )


# A template, so the dates are filled in after the sentence is said in another language.
TRANSPARENCY_WHY = N_(
    "People in the EU who deal with it must be told it is an AI (Art. 50(1), designed in "
    "by the provider); generated text, images, audio or video must be marked in a "
    "machine-readable way (Art. 50(2), the provider's duty: building on a vendor's model "
    "under your name makes that you); and the deployer discloses deepfakes and AI-written "
    "text published on matters of public interest (Art. 50(4)). These have applied since "
    "{since}; systems on the market before then had until {until} to mark output."
)


def transparency_why() -> str:
    return TRANSPARENCY_WHY.format(
        since=DATES["transparency"].when, until=DATES["marking_grace"].when
    )


TRANSPARENCY_DUTIES = N_(
    "Disclose the AI in the interface, keep the vendor's machine-readable marking intact or "
    "add your own, label deepfakes and published AI-written text, and record why the use is "
    "not high-risk."
)


def prohibited_why(profile: Profile) -> str:
    chosen = practice(profile)
    assert chosen is not None
    article, words = PRACTICES[chosen]
    since = (
        DATES["new_prohibitions"].when
        if chosen is ProhibitedPractice.INTIMATE_DEEPFAKES
        else DATES["prohibitions"].when
    )
    where = "" if profile.eu_users else " for anything offered or used in the EU"
    return (
        f"{words[:1].upper()}{words[1:]} is a practice the EU AI Act prohibits ({article}), "
        f"banned since {since}{where}; fines reach 35 million euros or 7% of worldwide "
        "turnover."
    )


PROHIBITED_MITIGATION = N_(
    "Do not build it as described: no safeguard makes a prohibited practice lawful. Change the "
    "purpose so the practice goes (measure the work, not the people's emotions or social "
    "behaviour), and have legal check the new purpose against Art. 5 before any work starts."
)


def product_why(profile: Profile) -> str:
    chosen = product(profile)
    assert chosen is not None
    law = PRODUCTS[chosen]
    if chosen is RegulatedProduct.MEDICAL_DEVICE:
        lead = (
            f"As {law}, it needs the device's conformity assessment, for most decision-support "
            "software with a notified body (class IIa or higher under Rule 11), with clinical "
            "evaluation and post-market surveillance."
        )
    elif chosen is RegulatedProduct.VEHICLE:
        lead = (
            f"As {law}, the AI Act's requirements reach it through the type-approval rules "
            "(Annex I, Section B), in the vehicle's approval."
        )
    else:
        lead = (
            f"As {law}, it goes through that product's conformity assessment, with the AI "
            "part assessed where it is a safety component."
        )
    return (
        f"{lead} Under the EU AI Act an AI system that is such a product, or its safety "
        f"component, and needs a third-party conformity assessment is high-risk (Art. 6(1) "
        f"and Annex I) from {DATES['annex_i'].when} (moved from {DATES['annex_i_before'].when} "
        f"by {OMNIBUS})."
    )


def product_mitigation(profile: Profile) -> str:
    if product(profile) is RegulatedProduct.MEDICAL_DEVICE:
        return (
            "Have regulatory affairs confirm the intended purpose and the device class before "
            "the PoC, plan clinical evaluation and notified-body time, run the PoC on past "
            "cases with clinicians deciding, and keep claims such as 'diagnoses' out of the "
            "interface until the device is CE-marked."
        )
    return (
        "Involve the product's conformity team before the PoC: decide whether the AI is a "
        "safety component, build the AI Act requirements into the product's conformity "
        "assessment, and test on a rig or in simulation, not in live operation."
    )


def children_why(profile: Profile) -> str:
    return (
        "Children use it or are affected. Consent to an online service offered to children "
        "needs a parent's consent below 16, or the national age between 13 and 16 (GDPR "
        "Art. 8), and children's data merits specific protection; an online platform open to "
        "minors must ensure their privacy, safety and security and may not show them ads "
        "based on profiling (DSA Art. 28). Exploiting vulnerabilities due to age is a "
        "prohibited practice (AI Act Art. 5(1)(b))."
    )


CHILDREN_MITIGATION = N_(
    "Design for children from the start: a DPIA that covers them, age assurance matched to "
    "the risk, private-by-default settings, no profiling or ads built on it, filters and a "
    "route to a person for harmful topics, and privacy information a child can understand."
)
