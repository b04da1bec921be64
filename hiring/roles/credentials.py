"""Does the credential a role asks for fit the complexity of its tasks?

Pure rules, no Django: values are the plain strings of ``Role.Credential`` and
``Role.Complexity``. A mismatch is a warning, never a refusal; the team may have
reasons (a regulator may demand a licence), but it should decide knowingly.

Over-asking shrinks the pool and raises the pay needed for work that a careful
generalist does as well; under-asking lets people without the domain's judgement
label what only a professional can judge.
"""

from dataclasses import dataclass

OVER = "over"
UNDER = "under"

# What each complexity usually needs: credentials inside the range raise no warning.
_FITTING = {
    "general": {"none", "bachelor"},
    "specialised": {"bachelor", "master", "licence"},
    "expert": {"master", "phd", "licence"},
}
_LEVEL = {"none": 0, "bachelor": 1, "master": 2, "phd": 3, "licence": 3}
_CREDENTIAL_NAMES = {
    "none": "no credential",
    "bachelor": "a bachelor's degree",
    "master": "a master's degree",
    "phd": "a PhD",
    "licence": "a professional licence",
}
_WORK = {
    "general": "general annotation",
    "specialised": "specialised work",
    "expert": "expert work",
}
_WHY = {
    ("general", "master"): (
        "General annotation is learned from the guidelines in a day; a master's degree "
        "shrinks the pool and raises the pay needed without improving accuracy. "
        "Let the calibration task show who is careful."
    ),
    ("general", "phd"): (
        "General annotation is learned from the guidelines in a day; asking for a PhD "
        "excludes most careful annotators and prices the role out of its budget. "
        "Let the calibration task show who is careful."
    ),
    ("general", "licence"): (
        "General annotation does not use a professional's judgement; asking for a "
        "licence excludes most careful annotators for no gain in accuracy."
    ),
    ("specialised", "none"): (
        "Specialised work needs domain knowledge that the guidelines cannot teach; "
        "with no credential asked, the calibration task has to carry the whole screen. "
        "Ask for a degree in the domain, or make sure the assessment tests it."
    ),
    ("specialised", "phd"): (
        "A PhD is more than specialised work needs: a degree or licence in the domain "
        "covers it, and the smaller pool will cost time and pay."
    ),
    ("expert", "none"): (
        "Expert work needs a professional's judgement (a clinician, a lawyer, a "
        "researcher); without a credential, people who cannot judge edge cases will "
        "label them. Ask for a licence or an advanced degree."
    ),
    ("expert", "bachelor"): (
        "Expert work usually needs more than a first degree: the edge cases call for "
        "a professional's or researcher's judgement. Consider a master's, a PhD or a licence."
    ),
}


@dataclass(frozen=True)
class CredentialWarning:
    direction: str  # OVER: more credential than the work needs; UNDER: less
    headline: str
    why: str

    @property
    def message(self) -> str:
        return f"{self.headline} {self.why}"


def credential_warning(
    *, credential: str, complexity: str, domain: str = ""
) -> CredentialWarning | None:
    """The warning for this pairing, or ``None`` when they fit (or are unknown).

    ``domain`` is the domain's human name ("Medicine / clinical"); it only makes the
    headline concrete.
    """
    if complexity not in _FITTING or credential not in _LEVEL:
        return None
    if credential in _FITTING[complexity]:
        return None
    lowest_fitting = min(_LEVEL[c] for c in _FITTING[complexity])
    direction = UNDER if _LEVEL[credential] < lowest_fitting else OVER
    work = _WORK[complexity]
    if domain:
        work = f"{work} in {domain.split(' / ')[0].lower()}"
    asks = _CREDENTIAL_NAMES[credential]
    if direction == OVER:
        headline = f"Asking for {asks} is more than {work} needs."
    else:
        headline = f"{asks[0].upper()}{asks[1:]} is less than {work} needs."
    why = _WHY[complexity, credential]
    return CredentialWarning(direction=direction, headline=headline, why=why)
