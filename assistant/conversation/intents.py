"""Recognising what a chat message is for, without a language model: a greeting, a
knowledge question, a what-if, a question about the plan, or an answer.

Deliberately plain pattern lists: each is short, readable, and tested with the personas
in ``tests/``; anything unrecognised falls through to "an answer to the pending question".
"""

from __future__ import annotations

import re

from assistant.questionnaire.japanese import followup_words, is_japanese

GREETING = re.compile(
    r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|hiya|howdy|greetings)\b[\s!.,]*"
    r"(there|team|advisor)?[\s!.]*$",
    re.IGNORECASE,
)
GREETING_JA = re.compile(
    r"^\s*(こんにちは|こんばんは|おはようございます|はじめまして|どうも)[、,。!！\s]*"
    r"(よろしくお願いします|よろしくお願いいたします)?[。!！\s]*$"
)
QUESTION_START = re.compile(
    r"^\s*(what|whats|what's|why|how|when|where|which|who|whom|whose|is|are|do|does|did|"
    # A modal starts a question only before its subject: "has to stay onshore", "should
    # be fine", "must run in our tenant" are answers.
    r"(can|could|should|would|will|must|may|might|shall|has|have)(?!\s+(to|be|been|not|"
    r"stay|run|go|work|wait|only|just|probably|definitely|still|also|need|do)\b)|"
    r"tell me|explain|any (advice|tips)|give me|show me|list|top \d+|"
    r"the (top|main|biggest) \d*)\b",
    re.IGNORECASE,
)
# A question asked inside a longer message: "Quick one - are these any good with numbers?
# I'm worried it will make one up."
_QUESTION_SENTENCE = re.compile(r"[?？](\s|$)")
# A Japanese question or request without a question mark: 「コストを説明してください」,
# 「リスクを3つ教えて」, 「元は取れますか」.
QUESTION_END_JA = re.compile(
    r"((教えて|説明して|見せて|示して|聞かせて)(ください|下さい|くれますか|もらえますか|"
    r"いただけますか|ほしい|欲しい)?(です)?|知りたい(です)?|(ですか|ますか|でしょうか|のか)"
    r")[。.!！\s]*$"
)
WHAT_IF = re.compile(
    r"\b(what if|what about if|suppose|supposing|imagine|assuming|if we (had|have|were|"
    r"must|need|needed|go|went|used|use|switch)|how would .* change)\b",
    re.IGNORECASE,
)
PLAN_TOPIC = re.compile(
    r"\b(kpis?|metrics?|measure\w*|success criteria|pilot|poc|proof of concept|"
    r"plan|steps?|timeline|how long|how many weeks|review\w*|audit\w*|baseline|evaluat\w*|"
    r"test(ing)?|what (should|do) we (measure|track)|first (month|weeks?|steps?)|"
    r"monday( morning)?|where do we start|what do we (actually )?do (first|next|now)|"
    r"(who|which teams?) (needs? to|should|must) be involved|in what order|"
    r"(first|next) (two|three|few|\d+) months|roll.?out (look|go|work)|look concretely|"
    r"month by month|next steps?)\b",
    re.IGNORECASE,
)
RECOMMENDATION_TOPIC = re.compile(
    r"\b(recommendation|verdict|summary|summarise|summarize|the result|show (me )?(it|the)|"
    r"talking points|risks?|costs?|options?|approach|why (this|that|not))\b",
    re.IGNORECASE,
)
# Replies to "did I read that right?".
YES = re.compile(
    r"^\s*(yes|yeah|yep|yup|ya|aye|correct|right|that's right|thats right|exactly|sure|ok|"
    r"okay|fine|good|spot on|confirmed|confirm|that is right|about right|roughly|close enough)\b",
    re.I,
)
YES_ONLY = re.compile(
    r"^\s*(yes|yeah|yep|yup|correct|right|that's right|exactly|sure|ok|okay|fine|spot on|"
    r"confirmed|that is right|about right|close enough)[\s!.,]*(that's right|thanks|please)?"
    r"[\s!.]*$",
    re.I,
)
NO = re.compile(r"^\s*(no|nope|nah|wrong|not right|incorrect|not really|not quite)\b", re.I)
NO_ONLY = re.compile(
    r"^\s*(no|nope|nah|wrong|not right|incorrect|not really|not quite|that's wrong|"
    r"that is wrong)[\s!.,]*$",
    re.I,
)
# "Use typical figures for the rest": offered once the core answers are in.
GO_AHEAD = re.compile(
    r"^\s*(ok(ay)?,? |yes,? |fine,? |sure,? )?(please )?(go ahead|go on then|use (the |your )?"
    r"(defaults?|typical (figures|values))( for the rest)?|skip the rest|that'?s all( i know)?|"
    r"just (show|give) me (the|a|your) (recommendation|result)|show me (the|a|your) "
    r"(recommendation|result)( now)?|that'?s enough|good enough|finish( it)?|done)\b"
    r"[\s!.,]*(please|thanks|thank you)?[\s!.]*$",
    re.I,
)
RESTART = re.compile(r"^\s*(start over|restart|new assessment|reset)\s*[.!]?\s*$", re.IGNORECASE)

# The same in Japanese: 「このまま進めてください」「それでお願いします」「推奨を見せて」.
GO_AHEAD_JA = re.compile(
    r"^\s*(はい|ええ|では|じゃあ)?[、,。\s]*(この?まま|それで|これで|残りは(標準|一般的な数字)で)?"
    r"[、,\s]*(進めて|すすめて|お願い|おねがい|推奨を(見せて|出して|ください)|"
    r"結果を(見せて|出して|ください))"
    r"(ください|下さい|もらえますか|いただけますか|ほしい|欲しい|します|いたします|です)?"
    r"[。!！\s]*$"
)
HELP = re.compile(r"^\s*(help|\?|what can you do\??|options)\s*$", re.IGNORECASE)

# Relative changes in a what-if: "twice the volume", "half the budget", "10x the users".
MULTIPLIERS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"\b(double[sd]?|doubling|twice|2 ?x|two times)\b", re.I), 2.0),
    (re.compile(r"\b(triple[sd]?|tripling|three times|3 ?x|thrice)\b", re.I), 3.0),
    (re.compile(r"\b(quadruple|four times|4x)\b", re.I), 4.0),
    (re.compile(r"\b(ten ?fold|ten times|10 ?x)\b", re.I), 10.0),
    (re.compile(r"\b(hundred times|100x)\b", re.I), 100.0),
    (re.compile(r"\b(half|halve|halved|50% less)\b|半分|半減", re.I), 0.5),
    (re.compile(r"倍増"), 2.0),
    (re.compile(r"\b(a tenth|one tenth|10% of)\b", re.I), 0.1),
)


# What a follow-up after the recommendation asks for, in the order the routes are tried:
# the first route whose pattern matches answers. Pilot results come first (they carry
# figures a what-if would misread), comparisons before the decision ("why not just use
# ChatGPT?" is not "why this verdict"), the decision before cost and risks ("should we do it
# given the cost?"). Anything unmatched is a knowledge question.
ROUTES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pilot",
        re.compile(
            r"(?=.*(\d\s*(%|percent|per cent)|\b\d+ of (them|those|the|\d+)\b|"
            r"\b(tested|tried|ran it|checked) (it )?on \d+))"
            r"(?=.*\b(pilot(ed|ing)?|we ran|we tried|trial|trialled|backtest(ed)?|back-tested|"
            r"tested|tests?|tried|ran it|ran \d+|results?|accepted|acceptance|measured|"
            r"time saved|precision|recall|accuracy|correct|caught|agreed|resolved|week \d|"
            r"so far|good enough|came out|came in|we got|we saw|matched|false alarms?)\b)",
            re.I,
        ),
    ),
    (
        "what_if",
        re.compile(
            r"\b(what if|what about if|suppose|supposing|imagine|assuming|if we (had|have|were|"
            r"must|need|needed|go|went|used|use|switch|doubled|tripled)|how would .* change|"
            r"and if|if it had to|if it has to|if we had to|at \d+ ?x|"
            r"at (ten|two|three)( ?x| ?fold| times)|at (double|twice|triple|half)|"
            r"how much (would it be |would it cost |)at|"
            r"we (can't|cannot|can not|couldn't|mustn't|must not) use|we (must|have to|need to) "
            r"(stay|keep|run|host)|what would (it|that) cost (at|with|if)|say we|let's say|"
            r"(volume|traffic|it|speed) (doubles|doubled|triples|tripled|halves|halved)|"
            r"if (it|they|we|legal|management|the board|compliance|security|the \w+( \w+)?) "
            r"(said|says|wanted|wants|allowed|allows|needed|needs|insisted|banned|required)|"
            r"(two|three|four|five|ten|\d+) times (the|as much|more)|could it cope with|"
            r"(another|an extra|a further) \d[\d,k]*|(become|becomes|gets|is) double|"
            r"\d+ ?% (more|less|higher|lower|fewer)|then what|when (it|volume|complaints|"
            r"traffic|demand) (is|are|goes|go) (up|higher|more))\b",
            re.I,
        ),
    ),
    (
        "comparison",
        re.compile(
            r"\b(why not|instead of|vs\.?|versus|compared (to|with)|rather than|just use|"
            r"better than|chat ?gpt|copilot|deepl|google translate|normal ocr|plain ocr|"
            r"traditional ocr|off the shelf|why an llm|llm at all|classic|classifier|"
            r"traditional (model|ml|approach)|train our own|add-on|gpt-?4|rules? engine|"
            r"keyword (lookup|search|matching)|(just|simply) hire|hire (more )?(people|staff|"
            r"temps|students?|student workers)|student workers|outsourc\w*|scorecard|"
            r"just wait|wait for (that|it|them)|built.in|buy (that|it) (from|off))\b",
            re.I,
        ),
    ),
    (
        "value",
        re.compile(
            r"\b(pay (off|back|for itself)|pays (off|back|for itself)|paid back|payback|"
            r"roi|return on (the )?investment|business case|worth (it|the (money|investment|"
            r"effort))|what('s| is) it worth|how much (do|would|will|could) we save|"
            r"savings?|save us|net value|value for money|make (us )?money|lose money|"
            r"investment pay)\b",
            re.I,
        ),
    ),
    (
        "decision",
        re.compile(
            r"\b(should we|shall we|do it or not|go ahead|go for it|worth it|worth doing|"
            r"what did we decide|what we decided|what('s| is) the (decision|verdict|bottom line|"
            r"call)|verdict|bottom line|yes or no|go or no.go|go/no.go|green light|"
            r"do we proceed|proceed\?|your advice|is it a yes|a yes then|so,? go\b|is it a go|"
            r"can we do it|do we do it|should i|go for (the )?(full )?roll.?out|go live\?|"
            r"what do you recommend|recommend(ed)?\?|in a nutshell|tl;?dr|advisable|"
            r"a clear answer|straight answer)\b"
            r"|^\s*(the )?(decision|verdict|recommendation)\s*\??\s*$",
            re.I,
        ),
    ),
    (
        "risks",
        re.compile(
            r"\b(risks?|could go wrong|go wrong|worr(y|ies|ied)|concerns?|dangers?|pitfalls?|"
            r"downsides?|what can fail|red flags?|worst (that could happen|case|thing)|"
            r"what could happen|goes wrong|ways (this|it) (fails?|breaks?|goes wrong)|fails?|"
            r"scariest|worst that (happens|can happen|could happen)|failure modes?)\b",
            re.I,
        ),
    ),
    (
        "cost",
        re.compile(
            r"\b(costs?|costing|price[sd]?|pricing|expensive|cheap(er)?|how much|spend|"
            r"seems? (low|high)|too (low|high)|monthly bill|invoice|break.?even|run us|"
            r"set us back|per month at|per month in|in (dollars|euros|pounds|yen)|"
            r"roughly per month)\b",
            re.I,
        ),
    ),
    ("plan", PLAN_TOPIC),
)


# Routes only the finished assessment can answer.
ASSESSMENT_ROUTES = frozenset({"decision", "value", "cost", "risks", "what_if", "pilot"})


def route(text: str) -> str:
    """The follow-up route for ``text`` ("knowledge" when none matches). A Japanese
    follow-up is routed by its words put in English (``cues_ja.yaml``)."""
    if is_japanese(text):
        text = followup_words(text)
    for name, pattern in ROUTES:
        if pattern.search(text):
            return name
    return "knowledge"


def is_greeting(text: str) -> bool:
    return bool(GREETING.match(text) or GREETING_JA.match(text))


def is_question(text: str) -> bool:
    stripped = text.strip()
    # Japanese closes a question with the full-width mark (「…問題ありませんか？」).
    return (
        stripped.endswith(("?", "？"))
        or bool(QUESTION_START.match(stripped))
        or bool(QUESTION_END_JA.search(stripped))
    )


def asks_something(text: str) -> bool:
    """A question anywhere in the message, not only at its end."""
    return is_question(text) or bool(_QUESTION_SENTENCE.search(text))


_SENTENCE = re.compile(r"[^.!?？。]*[?？]")


def question_part(text: str) -> str | None:
    """The questions a longer message asks ("Would the data leave the UK?" in "... Would
    the data leave the UK? We'd need it to stay here."), or ``None``. An answer said as a
    question ("small. $300 a month?") is none: a question here starts as one."""
    # "Quick one - would ...?", "Before we go further: is this legal?": the question is the
    # part after the lead-in.
    parts = [re.split(r"\s[-–]\s|:\s", s)[-1].strip() for s in _SENTENCE.findall(text)]
    asked = [p for p in parts if QUESTION_START.match(p)]
    return " ".join(asked) or None


def is_what_if(text: str) -> bool:
    return bool(WHAT_IF.search(text))


def about_plan(text: str) -> bool:
    return bool(PLAN_TOPIC.search(text))


def about_recommendation(text: str) -> bool:
    return bool(RECOMMENDATION_TOPIC.search(text))


_PERCENT_CHANGE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)\s*(more|higher|less|lower|fewer)"
)


def multiplier(text: str) -> float | None:
    for pattern, factor in MULTIPLIERS:
        if pattern.search(text):
            return factor
    change = _PERCENT_CHANGE.search(text)
    if change:  # "when complaints are 50% more": 1.5 times
        share = float(change.group(1)) / 100
        return 1 + share if change.group(2) in ("more", "higher") else max(0.0, 1 - share)
    match = re.search(r"\b(\d+(?:\.\d+)?)\s*(x|times)\b", text, re.I) or re.search(
        r"(\d+(?:\.\d+)?)\s*倍", text
    )
    return float(match.group(1)) if match else None
