"""The "RLHF pairwise preference" assessment for Lexicon's legal assistant, built from parts.

Each topic is a real question a small business asks about English law, with hand-written
parts: the correct core answer, a useful detail, a caveat, and a plausible but wrong core
(an outdated threshold, a wrong period). Responses are assembled from those parts into
variants of known quality — complete, concise, without caveat, padded, terse, a needless
refusal, confidently wrong — so the gold preference between any two follows from how they
were made. Pairs whose variants trade one virtue for another are the edge cases.

Pure data and string assembly: no database, and independent of the demo seed.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from demo.assessment_content import PREFERENCE_SCALE, Kind, item

TITLE = "RLHF pairwise preference (legal assistant)"
CONTENT_SEED = 1989


@dataclass(frozen=True)
class Topic:
    question: str
    key: str  # the correct core answer
    detail: str  # a useful detail
    caveat: str  # when to be careful or take advice
    wrong: str  # a plausible, confidently wrong core answer
    fact: str  # the key point, as a clause for rationales
    error: str  # what the wrong answer gets wrong, as a clause


TOPICS = (
    Topic(
        "A supplier breached our contract four years ago. Is it too late to sue in England?",
        "Probably not: in England and Wales the limitation period for a claim in simple "
        "contract is six years from the date of the breach (Limitation Act 1980, s5).",
        "If the contract was executed as a deed, the period is twelve years.",
        "Check the contract for a clause shortening the time to bring claims, and take advice "
        "soon, because the clock keeps running.",
        "Yes: contract claims in England must be brought within three years of the breach, so "
        "a four-year-old claim is time-barred.",
        "a claim in simple contract has six years from the breach",
        "gives three years, the period for personal injury, and tells the user to give up",
    ),
    Topic(
        "A customer bought a jacket from our online shop ten days ago and wants to cancel. "
        "Do we have to accept?",
        "Yes: under the Consumer Contracts Regulations 2013 a consumer who buys goods online "
        "can cancel within 14 days of receiving them, without giving a reason.",
        "You must refund within 14 days of getting the goods back, including the standard "
        "delivery charge.",
        "Some goods are exempt, such as made-to-measure or unsealed hygiene items, so check "
        "whether one applies.",
        "No: the cooling-off period for online purchases is seven days, so after ten days you "
        "can refuse.",
        "online buyers have 14 days from delivery to cancel",
        "invents a seven-day cooling-off period and would have the shop break the law",
    ),
    Topic(
        "Can I agree to sell my flat to a friend on a handshake and sort out the paperwork later?",
        "Not bindingly: a contract for the sale of land in England and Wales must be in "
        "writing, contain all the agreed terms and be signed by both parties (Law of Property "
        "(Miscellaneous Provisions) Act 1989, s2).",
        "A handshake deal cannot be enforced as a sale, although in rare cases a court may "
        "find a constructive trust.",
        "Instruct a conveyancing solicitor or licensed conveyancer before any money changes hands.",
        "Yes: verbal contracts are as binding as written ones in England, so a handshake is "
        "enough if there are witnesses.",
        "a sale of land must be in signed writing",
        "says a handshake is enough, which is wrong for land",
    ),
    Topic(
        "Is a contract signed with a typed name at the end of an e-mail valid in England?",
        "Generally yes: English law accepts electronic signatures, including a typed name, "
        "where the signer meant to authenticate the document.",
        "The Law Commission confirmed this in 2019, and the Electronic Communications Act 2000 "
        "makes electronic signatures admissible in evidence.",
        "Deeds that must be witnessed and some Land Registry documents have extra "
        "requirements, so check before relying on an e-mail.",
        "No: English law only recognises wet-ink signatures or qualified electronic signatures "
        "from a certified provider.",
        "a typed name can be a valid electronic signature",
        "claims only wet ink or certified signatures count, which is the EU eIDAS myth",
    ),
    Topic(
        "We are dismissing an employee with five years' service. What is the minimum notice "
        "we must give?",
        "At least five weeks: statutory notice is one week per complete year of service, up to "
        "twelve weeks, once an employee has two years' service (Employment Rights Act 1996, "
        "s86).",
        "If the employment contract gives a longer notice period, the contractual period "
        "applies instead.",
        "Notice is separate from whether the dismissal is fair, which needs a fair reason and "
        "a fair process.",
        "One month: UK law sets a flat one-month statutory notice period for every employee "
        "with more than a year's service.",
        "statutory notice is a week per complete year, so five weeks here",
        "invents a flat one-month rule",
    ),
    Topic(
        "A former customer sent us a subject access request. How long do we have to reply?",
        "One month from receipt under the UK GDPR, and you usually cannot charge a fee.",
        "You can extend by up to two further months if the request is complex, but you must "
        "tell them within the first month.",
        "If you need proof of identity, the clock starts once you have it.",
        "You have 40 days, and you can charge the standard £10 fee before you respond.",
        "a subject access request must be answered within one month, usually free",
        "repeats the 40-day, £10 rule that the GDPR replaced in 2018",
    ),
    Topic(
        "My consultancy's turnover is about £88,000 a year. Do I have to register for VAT?",
        "Not yet: since 1 April 2024 you must register when your VAT-taxable turnover over the "
        "previous 12 months goes above £90,000.",
        "You must also register if you expect to go over £90,000 in the next 30 days alone.",
        "Watch the rolling 12-month total rather than the tax year; you can also register "
        "voluntarily below the threshold.",
        "Yes: the VAT registration threshold is £85,000, so at £88,000 you are already over it.",
        "the registration threshold has been £90,000 since April 2024",
        "uses the old £85,000 threshold",
    ),
    Topic(
        "A client owes us £7,500. Can we use the small claims court?",
        "Yes: in England and Wales the small claims track normally covers money claims up to "
        "£10,000.",
        "You can start online through Money Claim Online, and each side usually pays its own "
        "legal costs.",
        "Send a letter before action first, as the pre-action rules expect, or the court may "
        "penalise you on costs.",
        "No: the small claims limit is £5,000, so a £7,500 claim goes to the fast track with "
        "full costs exposure.",
        "the small claims limit is £10,000",
        "uses an out-of-date £5,000 limit",
    ),
    Topic(
        "Can our contract say the customer pays £5,000 for every day their payment is late?",
        "Possibly not: since Cavendish v Makdessi (2015), a clause is an unenforceable penalty "
        "if the detriment is out of all proportion to your legitimate interest in performance.",
        "A sum that reflects a proportionate commercial interest, such as a genuine estimate "
        "of loss, will usually stand.",
        "Statutory interest under the Late Payment of Commercial Debts (Interest) Act 1998 may "
        "be a safer route.",
        "Yes: the parties agreed it freely, so English courts will enforce any fixed sum for "
        "late payment, however large.",
        "an out-of-proportion sum is an unenforceable penalty",
        "ignores the penalty rule entirely",
    ),
    Topic(
        "How often does a UK limited company have to file a confirmation statement?",
        "At least once every 12 months, within 14 days of the end of the review period, at "
        "Companies House.",
        "It confirms details such as the registered office, officers, shareholders and people "
        "with significant control.",
        "Filing late is a criminal offence for the company and its directors, and the company "
        "can be struck off.",
        "Only when something changes; if the company's details stay the same, nothing needs "
        "filing.",
        "the statement is due at least every 12 months",
        "says nothing is due when nothing changes",
    ),
    Topic(
        "Does a pandemic automatically excuse us from performing a contract under English law?",
        "No: English law has no general force majeure doctrine, so relief depends on the "
        "wording of a force majeure clause in your contract.",
        "Without such a clause you would have to rely on frustration, which courts apply narrowly.",
        "Check the clause's notice requirements, because missing them can lose the protection.",
        "Yes: a pandemic is an act of God, and English law automatically suspends contractual "
        "obligations during such events.",
        "relief depends on the contract's force majeure clause",
        "invents an automatic suspension that English law does not have",
    ),
    Topic(
        "If my limited company cannot pay its debts, am I personally liable as a director?",
        "Not normally: a limited company is a separate legal person, so its debts are its own.",
        "You can become liable if you gave a personal guarantee, or for wrongful trading if "
        "you kept trading when insolvency was unavoidable.",
        "Once insolvency looks likely your duties shift towards creditors, so speak to a "
        "licensed insolvency practitioner early.",
        "Yes: directors are jointly liable for all of the company's debts whenever it becomes "
        "insolvent.",
        "a company's debts are its own unless there is a guarantee or wrongful trading",
        "makes directors liable for every company debt",
    ),
    Topic(
        "Can we stop a departing employee from working for any competitor worldwide for three "
        "years?",
        "Almost certainly not: English courts enforce restrictive covenants only where they "
        "protect a legitimate interest and go no further than reasonably necessary.",
        "Covenants of three to twelve months, limited to the employee's actual market, are "
        "more typical of what courts uphold.",
        "A court will strike out an unreasonable covenant rather than rewrite it, so draft "
        "narrowly.",
        "Yes: a signed non-compete is binding whatever its length or scope, as long as the "
        "employee agreed to it.",
        "a covenant must go no further than reasonably necessary",
        "says any signed non-compete binds",
    ),
    Topic(
        "We paid a freelance designer for our logo. Do we own the copyright?",
        "Not automatically: the freelancer, as author, owns the copyright unless it is "
        "assigned to you in a signed written document.",
        "You probably have an implied licence to use the logo, but that may not let you stop "
        "others using it.",
        "Ask the designer for a written assignment now, ideally before you register the logo "
        "as a trade mark.",
        "Yes: paying for the work makes you the copyright owner automatically under UK law.",
        "copyright stays with the freelancer until assigned in writing",
        "says payment transfers copyright, which it does not",
    ),
)

REFUSALS = (
    "I'm not able to give legal advice. Please consult a qualified solicitor.",
    "This is a legal question, and I can't help with legal questions. You should speak to a "
    "lawyer.",
)
OPENER = "Great question! This area of law can be complicated, and there are many factors."
CLOSER = "I hope this helps, and do let me know if you have any other questions!"

# How each variant is assembled and how good it is (5 best … 1 worst).
VARIANTS = {
    "complete": (("key", "detail", "caveat"), 5),
    "complete_alt": (("key", "caveat", "detail"), 5),
    "concise": (("key", "caveat"), 4),
    "no_caveat": (("key", "detail"), 4),
    "padded": (("opener", "key", "detail", "caveat", "closer"), 4),
    "terse": (("key",), 3),
    "refusal": (("refusal",), 2),
    "wrong": (("wrong", "detail", "caveat"), 1),
}


def response(topic: Topic, variant: str, *, refusal: int = 0) -> str:
    parts = {
        "key": topic.key,
        "detail": topic.detail,
        "caveat": topic.caveat,
        "wrong": topic.wrong,
        "opener": OPENER,
        "closer": CLOSER,
        "refusal": REFUSALS[refusal],
    }
    if variant == "complete_alt":
        # The same content, said differently: the caveat leads into the detail.
        detail = topic.detail[0].lower() + topic.detail[1:]
        return f"{topic.key} {topic.caveat} Worth knowing too: {detail}"
    return " ".join(parts[part] for part in VARIANTS[variant][0])


def mirrored(label: str) -> str:
    return PREFERENCE_SCALE[len(PREFERENCE_SCALE) - 1 - PREFERENCE_SCALE.index(label)]


# Pairs of variants (first, second): the gold preference as shown in that order, accepted
# alternatives, how hard the call is, and why the better one wins.
PAIRS = (
    ("complete", "wrong", "A>>B", (), 0.45, "{good} gets the law right: {fact}. {bad} {error}. "
     "A confident wrong answer with a polished caveat is worse than none, so {good} is much "
     "better."),
    ("complete", "refusal", "A>>B", (), 0.25, "{good} answers the question: {fact}. {bad} "
     "refuses a general legal-information question it could safely answer. Helpfulness "
     "decides it, strongly."),
    ("complete", "terse", "A>B", (), 0.5, "Both are right that {fact}. {good} adds the detail "
     "and the caveat the user needs to act safely. {bad} is correct but thin, so {good} is "
     "better, not much better."),
    ("no_caveat", "complete", "B>A", (), 0.55, "Both are right that {fact}. {good} adds the "
     "caveat about when to take care, which {bad} leaves out. That is a real but modest "
     "difference."),
    ("padded", "complete", "B>A", (), 0.55, "Both give the same law: {fact}. {bad} wraps it in "
     "filler that adds nothing. {good} is better for saying the same in fewer words."),
    ("terse", "refusal", "A>B", ("A>>B",), 0.5, "{good} is short but right: {fact}. {bad} gives "
     "the user nothing. A bare correct answer beats a needless refusal."),
    ("refusal", "wrong", "A>B", ("A>>B",), 0.6, "{bad} {error}. {good} is unhelpful but at least "
     "does no harm. A refusal is better than confident misinformation."),
    ("complete", "complete_alt", "tie", (), 0.5, "Both say that {fact}, with the same detail "
     "and caveat in a different order. Neither is better, so this is a tie."),
    ("concise", "wrong", "A>>B", (), 0.4, "{good} is right that {fact}. {bad} {error}. The "
     "length of {bad} makes its error more persuasive, so {good} is much better."),
)  # fmt: skip
EDGE_PAIRS = (
    ("concise", "no_caveat", "One keeps the caveat and the other the detail; raters "
     "reasonably split.", "{a} has the caveat but no detail and {b} the reverse. Which "
     "matters more depends on the user. I called it a tie but could see either way."),
    ("padded", "no_caveat", "Padding against a missing caveat: a judgement call.", "{a} is "
     "padded but complete, while {b} is crisp but drops the caveat. The guideline does not say "
     "how to weigh padding against a missing caveat. I called it a tie."),
    ("terse", "padded", "A bare correct line against a padded but complete answer.", "{a} is "
     "correct and short, while {b} is complete but wordy. Some raters value concision over "
     "completeness here. I leaned towards a tie."),
)  # fmt: skip


def pairwise_items(rng: random.Random) -> list[dict]:
    items: list[dict] = []
    alternatives: Sequence[str]
    for n, topic in enumerate(TOPICS * 3):
        if len(items) == 34:
            break
        first, second, gold, alternatives, difficulty, template = PAIRS[n % len(PAIRS)]
        a, b = first, second
        if rng.random() < 0.5:
            a, b = second, first
            gold, alternatives = mirrored(gold), [mirrored(alt) for alt in alternatives]
        good, bad = ("Response A", "Response B")
        if VARIANTS[a][1] < VARIANTS[b][1]:
            good, bad = bad, good
        items.append(
            item(
                Kind.PAIRWISE,
                "Which response is better? Judge accuracy first, then helpfulness and clarity.",
                {
                    "question": topic.question,
                    "outputs": [
                        response(topic, a, refusal=n % 2),
                        response(topic, b, refusal=n % 2),
                    ],
                },
                gold,
                options=PREFERENCE_SCALE,
                alternatives=list(alternatives),
                explanation=f"{a.replace('_', ' ').capitalize()} against {b.replace('_', ' ')}.",
                why=template.format(good=good, bad=bad, fact=topic.fact, error=topic.error),
                difficulty=difficulty,
            )
        )
    for n, (first, second, explanation, template) in enumerate(EDGE_PAIRS):
        topic = TOPICS[(5 * n + 3) % len(TOPICS)]
        items.append(
            item(
                Kind.PAIRWISE,
                "Which response is better? Judge accuracy first, then helpfulness and clarity.",
                {
                    "question": topic.question,
                    "outputs": [response(topic, first), response(topic, second)],
                },
                "tie",
                options=PREFERENCE_SCALE,
                alternatives=["A>B", "B>A"],
                edge_case=True,
                explanation=explanation,
                why=template.format(a="Response A", b="Response B"),
                note=explanation,
                difficulty=0.7,
            )
        )
    return items


RANKED_SETS = (
    ("complete", "terse", "refusal", "wrong"),
    ("complete", "no_caveat", "terse", "wrong"),
    ("concise", "terse", "refusal", "wrong"),
)


def ranking_items(rng: random.Random) -> list[dict]:
    items = []
    for n in range(9):
        topic = TOPICS[(3 * n + 1) % len(TOPICS)]
        variants = list(RANKED_SETS[n % len(RANKED_SETS)])
        shown = rng.sample(variants, k=len(variants))
        order = sorted(range(len(shown)), key=lambda i: -VARIANTS[shown[i]][1])
        letters = "ABCD"
        best, worst = letters[order[0]], letters[order[-1]]
        items.append(
            item(
                Kind.RANKING,
                "Rank the responses from best to worst.",
                {
                    "question": topic.question,
                    "outputs": [response(topic, v, refusal=n % 2) for v in shown],
                },
                order,
                explanation=" > ".join(shown[i] for i in order),
                why=(
                    f"Response {best} is right that {topic.fact} and is the most useful. "
                    f"Response {worst} {topic.error}, so it goes last. The middle ones are "
                    "ordered by how much of the right answer they give."
                ),
                difficulty=0.5 + 0.05 * (n % 3),
            )
        )
    topic = TOPICS[7]
    shown = ["no_caveat", "concise", "complete", "wrong"]
    gold, swapped = [2, 0, 1, 3], [2, 1, 0, 3]
    items.append(
        item(
            Kind.RANKING,
            "Rank the responses from best to worst.",
            {"question": topic.question, "outputs": [response(topic, v) for v in shown]},
            gold,
            alternatives=[swapped],
            edge_case=True,
            explanation="A and B trade the detail against the caveat; either order is fine.",
            why=(
                "Response C is complete and D gets the limit wrong, so those ends are clear. "
                "A has the detail without the caveat and B the reverse. I could not separate "
                "them with confidence."
            ),
            note="A and B trade a detail against a caveat; their order is a judgement call.",
            difficulty=0.7,
        )
    )
    return items


CRITERIA = ["Accuracy", "Completeness", "Caveats", "Concision"]
# Gold ratings per variant, on a 1–5 scale for each criterion.
RATINGS = {
    "complete": {"Accuracy": 5, "Completeness": 5, "Caveats": 5, "Concision": 4},
    "concise": {"Accuracy": 5, "Completeness": 3, "Caveats": 5, "Concision": 5},
    "no_caveat": {"Accuracy": 5, "Completeness": 4, "Caveats": 1, "Concision": 5},
    "terse": {"Accuracy": 5, "Completeness": 2, "Caveats": 1, "Concision": 5},
    "wrong": {"Accuracy": 1, "Completeness": 3, "Caveats": 4, "Concision": 4},
    "refusal": {"Accuracy": 3, "Completeness": 1, "Caveats": 3, "Concision": 5},
    "padded": {"Accuracy": 5, "Completeness": 5, "Caveats": 5, "Concision": 2},
}
RATING_NOTES = {
    "complete": "It is accurate, complete and carries the caveat; only a little long.",
    "concise": "It is accurate and keeps the caveat, but leaves out a useful detail.",
    "no_caveat": "It is accurate and tight, but gives no caveat at all.",
    "terse": "It is accurate but says nothing beyond the bare answer.",
    "wrong": "Its core statement is wrong, however well it is dressed.",
    "refusal": "It says nothing wrong but gives the user nothing either.",
    "padded": "It is accurate and complete, but the filler costs it on concision.",
}


def rating_items(rng: random.Random) -> list[dict]:
    items = []
    variants = ["complete", "concise", "no_caveat", "terse", "wrong", "refusal", "padded"]
    for n, variant in enumerate(variants):
        topic = TOPICS[(2 * n + 5) % len(TOPICS)]
        items.append(
            item(
                Kind.RATING,
                "Rate the response on each criterion (1 = poor, 5 = excellent).",
                {
                    "question": topic.question,
                    "output": response(topic, variant),
                    "criteria": CRITERIA,
                    "scale": 5,
                },
                RATINGS[variant],
                explanation=RATING_NOTES[variant],
                why=(
                    f"{RATING_NOTES[variant]} The key point is that {topic.fact}. I rated each "
                    "criterion on its own rather than from an overall impression."
                ),
                difficulty=0.55 + 0.03 * rng.randint(0, 3),
            )
        )
    topic = TOPICS[2]
    edge = {"Accuracy": 5, "Completeness": 4, "Caveats": 3, "Concision": 5}
    items.append(
        item(
            Kind.RATING,
            "Rate the response on each criterion (1 = poor, 5 = excellent).",
            {
                "question": topic.question,
                "output": f"{topic.key} Take advice before any money changes hands.",
                "criteria": CRITERIA,
                "scale": 5,
            },
            edge,
            alternatives=[{**edge, "Caveats": 4}, {**edge, "Caveats": 2}],
            edge_case=True,
            explanation="The caveat is there but generic; raters split between 2 and 4.",
            why=(
                "The core answer is right and short. The caveat is present but generic, and it "
                "does not say who to ask. I gave caveats a 3, though 2 or 4 are defensible."
            ),
            note="The caveat is generic rather than missing; how much credit that earns is not "
            "in the guideline.",
            difficulty=0.7,
        )
    )
    return items


def build_items(seed: int = CONTENT_SEED) -> tuple[dict, ...]:
    """52 items: 37 pairwise, 10 ranking, 8 rating; edge cases spread through."""
    rng = random.Random(seed)
    every = [*pairwise_items(rng), *ranking_items(rng), *rating_items(rng)]
    edges = [spec for spec in every if spec["gold"]["is_edge_case"]]
    plain = [spec for spec in every if not spec["gold"]["is_edge_case"]]
    rng.shuffle(plain)
    step = len(plain) // len(edges)
    for n, spec in enumerate(edges):
        plain.insert(n * (step + 1) + step // 2, spec)
    return tuple(plain)


ASSESSMENT: dict[str, Any] = {
    "organization": "lexicon",
    "title": TITLE,
    "instructions": (
        "Each item shows a question a small-business user asked our legal assistant, and one "
        "or more of its answers.\n\n"
        "1. **Accuracy first**: a confident wrong answer is worse than a refusal.\n"
        "2. Then helpfulness: does the user know what to do next, and when to get advice?\n"
        "3. Then clarity and concision.\n\n"
        "For pairs, say how strongly you prefer one (A≫B … B≫A) or call a tie. Flag items where "
        "careful raters could disagree, with a one-line note. All questions are about the law "
        "of England and Wales."
    ),
    "time_limit_minutes": 90,
    "expected_items_per_hour": Decimal("45.0"),
    "pay_amount": Decimal("45.00"),
    "pay_currency": "GBP",
    "pass_gates": {"accuracy": 0.65, "agreement": 0.6},
    "rationale_count": 3,
    "items": build_items(),
}
