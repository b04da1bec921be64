"""The "Clinical-NLP error identification" assessment, built from hand-written clinical parts.

A discharge summary is assembled from a case (why the patient came in, what imaging found,
which medicines they leave on and which one was stopped); a model's extraction or summary of
it is then written with deliberate, labelled errors: a tenfold dose, a look-alike drug, a
weekly drug made daily, a stopped medicine listed, a negated finding turned positive. Gold
follows from how each output was made, so every item has a known answer and a reason.

Pure data and string assembly: no database. The content does not depend on the demo seed,
so every run writes the same items.
"""

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from demo.assessment_content import Kind, item, spans

TITLE = "Clinical-NLP error identification"
CONTENT_SEED = 4711

# Error categories for model outputs, the options of every error-identification item.
WRONG_DRUG = "wrong_drug"
WRONG_DOSE = "wrong_dose"
WRONG_FREQUENCY = "wrong_frequency"
WRONG_ROUTE = "wrong_route"
STOPPED_LISTED = "stopped_medication_listed"
INVENTED = "invented_medication"
NEGATION = "negation_error"
CATEGORIES = (
    WRONG_DRUG,
    WRONG_DOSE,
    WRONG_FREQUENCY,
    WRONG_ROUTE,
    STOPPED_LISTED,
    INVENTED,
    NEGATION,
)
# The same categories in words, plus "no error", for single-choice items.
CATEGORY_LABELS = {
    WRONG_DRUG: "Wrong drug",
    WRONG_DOSE: "Wrong dose",
    WRONG_FREQUENCY: "Wrong frequency or timing",
    WRONG_ROUTE: "Wrong route",
    STOPPED_LISTED: "Stopped medication listed",
    INVENTED: "Invented medication",
    NEGATION: "Negation error",
}
NO_ERROR = "No error"
CHOICES = (*CATEGORY_LABELS.values(), NO_ERROR)
SPAN_LABELS = ("CONTRADICTED", "UNSUPPORTED")

# How hard an error is to catch (0 easy … 1 hard), for the simulated candidates.
DIFFICULTY = {
    None: 0.35,  # confirming a correct line
    WRONG_ROUTE: 0.3,
    INVENTED: 0.35,
    STOPPED_LISTED: 0.5,
    WRONG_DOSE: 0.45,
    WRONG_FREQUENCY: 0.5,
    NEGATION: 0.45,
    WRONG_DRUG: 0.62,
}

# Abbreviations as clinicians write them in notes, and as a model writes them out.
ROUTES = {"PO": "orally", "SC": "subcutaneously", "IV": "intravenously", "INH": "inhaled"}
FREQUENCIES = {
    "OD": "once daily",
    "BD": "twice daily",
    "TDS": "three times daily",
    "QDS": "four times daily",
    "ON": "at night",
    "mane": "every morning",
    "weekly": "once weekly",
}


@dataclass(frozen=True)
class Medicine:
    name: str
    dose: str
    route: str  # a key of ROUTES
    frequency: str  # a key of FREQUENCIES
    for_what: str
    bad_dose: str  # a plausible slip: tenfold, unit or strength
    bad_dose_why: str
    bad_frequency: str  # a key of FREQUENCIES
    bad_route: str  # a key of ROUTES
    lookalike: str  # a look-alike, sound-alike drug name
    note_suffix: str = ""  # e.g. "(Mondays)" or "for 5 days"

    def in_note(self) -> str:
        suffix = f" {self.note_suffix}" if self.note_suffix else ""
        return f"{self.name} {self.dose} {self.route} {self.frequency}{suffix}"

    def extracted(self, **changes) -> str:
        """The line a model writes for this medicine, with any ``changes`` slipped in."""
        name = changes.get("name", self.name)
        dose = changes.get("dose", self.dose)
        route = ROUTES[changes.get("route", self.route)]
        frequency = FREQUENCIES[changes.get("frequency", self.frequency)]
        return f"{name} {dose} {route} {frequency}"


MEDICINES = {
    m.name: m
    for m in (
        Medicine("apixaban", "5 mg", "PO", "BD", "atrial fibrillation", "2.5 mg",
                 "the note gives 5 mg; 2.5 mg is the reduced dose this patient does not meet",
                 "OD", "IV", "rivaroxaban"),
        Medicine("metoprolol", "25 mg", "PO", "BD", "rate control", "250 mg",
                 "250 mg is ten times the 25 mg in the note", "TDS", "IV", "metolazone"),
        Medicine("atorvastatin", "40 mg", "PO", "ON", "secondary prevention", "80 mg",
                 "the note gives 40 mg, not the high-intensity 80 mg", "mane", "IV", "atomoxetine"),
        Medicine("furosemide", "40 mg", "PO", "mane", "fluid overload", "400 mg",
                 "400 mg is a tenfold slip from 40 mg", "BD", "IV", "torasemide"),
        Medicine("hydralazine", "25 mg", "PO", "TDS", "hypertension", "250 mg",
                 "250 mg is ten times the 25 mg in the note", "OD", "IV", "hydroxyzine"),
        Medicine("metformin", "500 mg", "PO", "BD", "type 2 diabetes", "1 g",
                 "the note gives 500 mg per dose, not 1 g", "QDS", "SC", "metronidazole"),
        Medicine("lamotrigine", "100 mg", "PO", "BD", "epilepsy", "10 mg",
                 "10 mg is a tenfold under-dose of the 100 mg in the note", "OD", "IV",
                 "lamivudine"),
        Medicine("tramadol", "50 mg", "PO", "QDS", "pain", "500 mg",
                 "500 mg is a tenfold slip from 50 mg", "BD", "IV", "trazodone"),
        Medicine("clonidine", "100 micrograms", "PO", "BD", "hypertension", "100 mg",
                 "the note gives micrograms; 100 mg is a thousandfold overdose", "TDS", "IV",
                 "clonazepam"),
        Medicine("levothyroxine", "75 micrograms", "PO", "mane", "hypothyroidism", "75 mg",
                 "the note gives micrograms, not milligrams", "BD", "IV", "liothyronine"),
        Medicine("methotrexate", "15 mg", "PO", "weekly", "rheumatoid arthritis", "25 mg",
                 "the note gives 15 mg a week", "OD", "SC", "metolazone", "(Mondays)"),
        Medicine("enoxaparin", "40 mg", "SC", "OD", "VTE prophylaxis", "400 mg",
                 "400 mg is a tenfold slip from 40 mg", "BD", "IV", "heparin"),
        Medicine("prednisolone", "30 mg", "PO", "mane", "COPD exacerbation", "3 mg",
                 "3 mg is a tenfold under-dose of the 30 mg in the note", "BD", "IV",
                 "prednisone", "for 5 days"),
        Medicine("amoxicillin", "500 mg", "PO", "TDS", "community-acquired pneumonia", "5 g",
                 "5 g is a tenfold slip from 500 mg", "OD", "IV", "amoxapine", "for 5 days"),
        Medicine("insulin glargine", "18 units", "SC", "ON", "type 2 diabetes", "180 units",
                 "180 units is a tenfold slip from 18 units", "BD", "IV", "insulin glulisine"),
        Medicine("omeprazole", "20 mg", "PO", "OD", "gastric protection", "200 mg",
                 "200 mg is a tenfold slip from 20 mg", "QDS", "IV", "esomeprazole"),
        Medicine("salbutamol", "100 micrograms", "INH", "QDS", "bronchospasm", "1 mg",
                 "1 mg is ten puffs' worth, not the 100 micrograms in the note", "OD", "IV",
                 "salmeterol"),
        Medicine("sertraline", "50 mg", "PO", "OD", "depression", "500 mg",
                 "500 mg is ten times the 50 mg in the note", "BD", "IV", "cetirizine"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    in_note: str  # the sentence in the note
    summary: str  # a faithful one-line summary
    flipped: str  # the summary with the negation lost (or added)


@dataclass(frozen=True)
class Case:
    patient: str
    admitted_with: str
    findings: tuple[Finding, ...]
    medicines: tuple[str, ...]
    stopped: tuple[str, str]  # medicine, why
    follow_up: str
    invented_follow_up: str


CASES = (
    Case(
        "78-year-old woman",
        "fast atrial fibrillation and decompensated heart failure",
        (
            Finding("Echo showed an ejection fraction of 35%.",
                    "Ejection fraction 35% on echo.", "Ejection fraction normal on echo."),
            Finding("No evidence of pulmonary embolism on CT pulmonary angiography.",
                    "Pulmonary embolism excluded on CTPA.", "Pulmonary embolism on CTPA."),
        ),
        ("apixaban", "metoprolol", "furosemide", "atorvastatin"),
        ("ramipril", "acute kidney injury (creatinine 182)"),
        "Renal function and potassium in one week with the GP.",
        "Repeat echo in two weeks.",
    ),
    Case(
        "64-year-old man",
        "community-acquired pneumonia",
        (
            Finding("Chest X-ray showed right lower lobe consolidation.",
                    "Right lower lobe consolidation on chest X-ray.",
                    "No consolidation on chest X-ray."),
            Finding("Blood cultures were negative at 48 hours.",
                    "Blood cultures negative at 48 hours.", "Blood cultures positive at 48 hours."),
        ),
        ("amoxicillin", "metformin", "omeprazole", "atorvastatin"),
        ("clarithromycin", "QT prolongation on ECG"),
        "Repeat chest X-ray in six weeks.",
        "Sputum culture to be repeated by the GP.",
    ),
    Case(
        "71-year-old man",
        "an infective exacerbation of COPD",
        (
            Finding("No pneumothorax on chest X-ray.", "Pneumothorax excluded on chest X-ray.",
                    "Small pneumothorax on chest X-ray."),
            Finding("Arterial blood gas showed a compensated respiratory acidosis.",
                    "Compensated respiratory acidosis on ABG.", "Normal ABG."),
        ),
        ("prednisolone", "salbutamol", "amoxicillin", "omeprazole"),
        ("theophylline", "nausea and a level above range"),
        "Pulmonary rehabilitation referral sent.",
        "Home oxygen assessment booked.",
    ),
    Case(
        "58-year-old woman",
        "a hypertensive emergency",
        (
            Finding("CT head showed no intracranial haemorrhage.",
                    "Intracranial haemorrhage excluded on CT head.",
                    "Intracranial haemorrhage on CT head."),
            Finding("Fundoscopy showed grade 3 hypertensive retinopathy.",
                    "Grade 3 hypertensive retinopathy on fundoscopy.",
                    "No retinopathy on fundoscopy."),
        ),
        ("hydralazine", "clonidine", "atorvastatin", "omeprazole"),
        ("naproxen", "raised blood pressure and renal risk"),
        "Blood pressure check with the practice nurse in one week.",
        "Renal artery Doppler as an outpatient.",
    ),
    Case(
        "45-year-old woman",
        "a flare of rheumatoid arthritis with a chest infection",
        (
            Finding("Chest X-ray was clear.", "Clear chest X-ray.",
                    "Consolidation on chest X-ray."),
            Finding("No neutropenia on admission bloods.", "Neutropenia excluded on bloods.",
                    "Neutropenia on admission bloods."),
        ),
        ("methotrexate", "prednisolone", "omeprazole", "sertraline"),
        ("trimethoprim", "interaction with methotrexate"),
        "Rheumatology clinic in four weeks; full blood count in two weeks.",
        "Hydroxychloroquine to be started in clinic.",
    ),
    Case(
        "82-year-old man",
        "a fall with a fractured neck of femur",
        (
            Finding("No intracranial injury on CT head.",
                    "Intracranial injury excluded on CT head.",
                    "Intracranial injury on CT head."),
            Finding("Hip X-ray confirmed a displaced intracapsular fracture.",
                    "Displaced intracapsular hip fracture on X-ray.", "No fracture on hip X-ray."),
        ),
        ("enoxaparin", "tramadol", "levothyroxine", "omeprazole"),
        ("amitriptyline", "falls risk and delirium"),
        "Falls clinic referral; enoxaparin for 28 days after surgery.",
        "Bone density scan in three months.",
    ),
    Case(
        "36-year-old man",
        "breakthrough seizures",
        (
            Finding("MRI brain showed no new lesion.", "No new lesion on MRI brain.",
                    "New lesion on MRI brain."),
            Finding("EEG showed left temporal sharp waves.", "Left temporal sharp waves on EEG.",
                    "Normal EEG."),
        ),
        ("lamotrigine", "sertraline", "omeprazole", "salbutamol"),
        ("tramadol", "lowered seizure threshold"),
        "Epilepsy nurse review in four weeks; not to drive until cleared.",
        "Repeat MRI in three months.",
    ),
    Case(
        "67-year-old woman",
        "diabetic ketoacidosis triggered by a urinary infection",
        (
            Finding("Urine culture grew E. coli sensitive to amoxicillin.",
                    "E. coli in urine, amoxicillin-sensitive.", "Urine culture negative."),
            Finding("No evidence of hydronephrosis on renal ultrasound.",
                    "Hydronephrosis excluded on ultrasound.", "Hydronephrosis on ultrasound."),
        ),
        ("insulin glargine", "metformin", "amoxicillin", "atorvastatin"),
        ("empagliflozin", "euglycaemic ketoacidosis risk"),
        "Diabetes specialist nurse to call within 48 hours.",
        "HbA1c to be repeated in two weeks.",
    ),
    Case(
        "74-year-old man",
        "heart failure with new hypothyroidism",
        (
            Finding("TSH was 18 with a low free T4.", "Raised TSH (18) with low free T4.",
                    "Normal thyroid function."),
            Finding("No pleural effusion on chest X-ray.",
                    "Pleural effusion excluded on chest X-ray.",
                    "Pleural effusion on chest X-ray."),
        ),
        ("furosemide", "levothyroxine", "apixaban", "metoprolol"),
        ("amiodarone", "thyroid dysfunction"),
        "Thyroid function in six weeks with the GP.",
        "Cardiology to start amiodarone again in clinic.",
    ),
    Case(
        "52-year-old woman",
        "an overdose of sertraline with alcohol",
        (
            Finding("ECG showed a QTc of 470 ms.", "QTc 470 ms on ECG.", "Normal QTc on ECG."),
            Finding("Paracetamol level was undetectable.", "Paracetamol level undetectable.",
                    "Raised paracetamol level."),
        ),
        ("sertraline", "omeprazole", "metformin", "atorvastatin"),
        ("zopiclone", "overdose risk"),
        "Community mental health team to review within 72 hours.",
        "Psychiatry outpatient appointment in one week.",
    ),
)  # fmt: skip

# What a model writes when it wrongly lists a stopped medicine.
STOPPED_LINES = {
    "ramipril": "ramipril 5 mg orally once daily",
    "clarithromycin": "clarithromycin 500 mg orally twice daily",
    "theophylline": "theophylline 200 mg orally twice daily",
    "naproxen": "naproxen 500 mg orally twice daily",
    "trimethoprim": "trimethoprim 200 mg orally twice daily",
    "amitriptyline": "amitriptyline 10 mg orally at night",
    "tramadol": "tramadol 50 mg orally four times daily",
    "empagliflozin": "empagliflozin 10 mg orally once daily",
    "amiodarone": "amiodarone 200 mg orally once daily",
    "zopiclone": "zopiclone 7.5 mg orally at night",
}
STOPPED_NOTE = "Stopped: {name} ({why})."
EXPLAIN = {
    WRONG_DRUG: "{bad} is a look-alike name; the note prescribes {good}.",
    WRONG_DOSE: "Dose is wrong: {why}.",
    WRONG_FREQUENCY: "Frequency is wrong: the note says {good}, not {bad}.",
    WRONG_ROUTE: "Route is wrong: the note gives {good}, not {bad}.",
    STOPPED_LISTED: "{good} was stopped ({why}) and must not be listed as a discharge medicine.",
    INVENTED: "{bad} does not appear anywhere in the note.",
    NEGATION: "The note says '{good}' and the output reverses it.",
}


def note_for(case: Case, medicines: tuple[str, ...], *, with_findings: bool = True) -> str:
    findings = " ".join(f.in_note for f in case.findings) if with_findings else ""
    lines = "; ".join(MEDICINES[name].in_note() for name in medicines)
    stopped, why = case.stopped
    parts = [
        f"{case.patient.capitalize()} admitted with {case.admitted_with}.",
        findings,
        f"Discharge medications: {lines}.",
        STOPPED_NOTE.format(name=stopped, why=why),
        f"Follow-up: {case.follow_up}",
    ]
    return " ".join(part for part in parts if part)


def medicine_output(medicine: Medicine, category: str | None, case: Case) -> tuple[str, str]:
    """A model's line for ``medicine`` with an error of ``category`` (or none), and why."""
    if category is None:
        return medicine.extracted(), ""
    if category == WRONG_DOSE:
        return medicine.extracted(dose=medicine.bad_dose), EXPLAIN[category].format(
            why=medicine.bad_dose_why
        )
    if category == WRONG_FREQUENCY:
        good, bad = FREQUENCIES[medicine.frequency], FREQUENCIES[medicine.bad_frequency]
        return medicine.extracted(frequency=medicine.bad_frequency), EXPLAIN[category].format(
            good=good, bad=bad
        )
    if category == WRONG_ROUTE:
        good, bad = ROUTES[medicine.route], ROUTES[medicine.bad_route]
        return medicine.extracted(route=medicine.bad_route), EXPLAIN[category].format(
            good=good, bad=bad
        )
    if category == WRONG_DRUG:
        return medicine.extracted(name=medicine.lookalike), EXPLAIN[category].format(
            good=medicine.name, bad=medicine.lookalike
        )
    raise ValueError(category)


def judgement(category: str | None, explanation: str) -> dict:
    if category is None:
        return {"has_error": False, "category": None, "explanation": ""}
    return {"has_error": True, "category": category, "explanation": explanation}


def rationale_for(outputs: list[str], gold: list[dict]) -> str:
    """A careful reviewer's rationale: one sentence per output."""
    sentences = []
    for number, (output, entry) in enumerate(zip(outputs, gold, strict=True), 1):
        if entry["has_error"]:
            sentences.append(f"Output {number}: {entry['explanation']}")
        elif "." in output:
            sentences.append(f"Output {number} matches the note.")
        else:
            sentences.append(f"Output {number} ('{output}') matches the note.")
    return " ".join(sentences[:4])


def error_identification_items(rng: random.Random) -> list[dict]:
    """Medication extractions (two per case) and finding summaries (one per case)."""
    line_errors = [WRONG_DOSE, WRONG_FREQUENCY, WRONG_ROUTE, WRONG_DRUG]
    items = []
    for number, case in enumerate(CASES):
        for variant in range(2):
            checked = rng.sample(case.medicines, k=3)
            note = note_for(case, case.medicines, with_findings=False)
            # Each extraction has one or two slips; one of them may be the stopped medicine
            # or one that is not in the note at all.
            plan: list[str | None] = [None, None, None]
            first = line_errors[(number + variant) % len(line_errors)]
            plan[rng.randrange(3)] = first
            if variant == 1:
                free = [i for i, p in enumerate(plan) if p is None]
                plan[rng.choice(free)] = STOPPED_LISTED if number % 2 == 0 else INVENTED
            outputs, gold = [], []
            for name, category in zip(checked, plan, strict=True):
                medicine = MEDICINES[name]
                if category == STOPPED_LISTED:
                    stopped, why = case.stopped
                    line = STOPPED_LINES[stopped]
                    why_text = EXPLAIN[STOPPED_LISTED].format(good=stopped.capitalize(), why=why)
                elif category == INVENTED:
                    absent = [m for m in MEDICINES.values() if m.name not in case.medicines]
                    extra = rng.choice(absent)
                    line, why_text = (
                        extra.extracted(),
                        EXPLAIN[INVENTED].format(bad=extra.name.capitalize()),
                    )
                else:
                    line, why_text = medicine_output(medicine, category, case)
                outputs.append(line)
                gold.append(judgement(category, why_text))
            items.append(
                item(
                    Kind.ERROR_IDENTIFICATION,
                    "A model extracted these discharge medications from the note. For each "
                    "line, say whether it has an error and which kind.",
                    {"text": note, "outputs": outputs},
                    gold,
                    options=CATEGORIES,
                    explanation="; ".join(g["explanation"] for g in gold if g["has_error"]),
                    why=rationale_for(outputs, gold),
                    difficulty=max(DIFFICULTY[p] for p in plan),
                )
            )
        # Findings: the model summarises both findings and the follow-up.
        flip = number % 2
        outputs = [
            case.findings[0].flipped if flip == 0 else case.findings[0].summary,
            case.findings[1].flipped if flip == 1 else case.findings[1].summary,
            case.follow_up,
        ]
        gold = [
            judgement(
                NEGATION if i == flip else None,
                EXPLAIN[NEGATION].format(good=case.findings[i].in_note.rstrip(".")),
            )
            for i in range(2)
        ] + [judgement(None, "")]
        items.append(
            item(
                Kind.ERROR_IDENTIFICATION,
                "A model summarised the investigations and follow-up. Check each statement "
                "against the note.",
                {"text": note_for(case, case.medicines), "outputs": outputs},
                gold,
                options=CATEGORIES,
                explanation=gold[flip]["explanation"],
                why=rationale_for(outputs, gold),
                difficulty=DIFFICULTY[NEGATION],
            )
        )
    return items


def edge_error_identification_items() -> list[dict]:
    """Lines a careful reviewer could defend either way: gold plus accepted alternatives."""
    atorvastatin, paracetamol = MEDICINES["atorvastatin"], "paracetamol 1 g PO QDS PRN"
    night = (
        "Admitted with chest pain; ACS excluded. Discharge medications: aspirin 75 mg PO; "
        f"{atorvastatin.in_note()}; {paracetamol}."
    )
    outputs = [
        "aspirin 75 mg orally once daily",
        "atorvastatin 40 mg orally once daily",
        "paracetamol 1 g orally four times daily",
    ]
    gold = [
        judgement(None, ""),
        judgement(None, ""),
        judgement(WRONG_FREQUENCY, "'As needed' was dropped: QDS PRN is not regular QDS."),
    ]
    strict = [
        judgement(WRONG_FREQUENCY, "The note gives no frequency; once daily is assumed."),
        judgement(WRONG_FREQUENCY, "The note says at night."),
        gold[2],
    ]
    possible_effusion = (
        "Admitted with breathlessness. Chest X-ray: possible small left pleural effusion. "
        "No consolidation. Discharge medications: furosemide 40 mg PO mane."
    )
    effusion_outputs = [
        "Left pleural effusion.",
        "No consolidation.",
        "furosemide 40 mg orally every morning",
    ]
    effusion_gold = [
        judgement(NEGATION, "'Possible' was dropped; the finding was uncertain, not present."),
        judgement(None, ""),
        judgement(None, ""),
    ]
    held = (
        "Apixaban withheld for 48 hours after the procedure, then restart 5 mg PO BD. "
        "Omeprazole 20 mg PO OD."
    )
    held_outputs = ["apixaban 5 mg orally twice daily", "omeprazole 20 mg orally once daily"]
    return [
        item(
            Kind.ERROR_IDENTIFICATION,
            "A model extracted these discharge medications. For each line, say whether it has "
            "an error and which kind.",
            {"text": night, "outputs": outputs},
            gold,
            options=CATEGORIES,
            alternatives=[strict],
            edge_case=True,
            explanation="The aspirin frequency is implied, not written, and atorvastatin can be "
            "taken at any time; guidelines differ on whether either is an error.",
            why=(
                "The paracetamol line drops 'as needed', which turns an optional medicine into a "
                "regular one. Aspirin 75 mg has no frequency in the note, so 'once daily' is an "
                "assumption, though the usual one. Atorvastatin at night versus once daily is a "
                "timing detail that matters little for this statin."
            ),
            note="The note gives no frequency for aspirin and the atorvastatin timing was "
            "dropped; whether those count as errors depends on our extraction guideline.",
            difficulty=0.7,
        ),
        item(
            Kind.ERROR_IDENTIFICATION,
            "A model summarised the chest X-ray and medicines. Check each statement.",
            {"text": possible_effusion, "outputs": effusion_outputs},
            effusion_gold,
            options=CATEGORIES,
            alternatives=[[judgement(None, ""), judgement(None, ""), judgement(None, "")]],
            edge_case=True,
            explanation="Uncertainty is not negation, and the scheme has no category for it.",
            why=(
                "The X-ray reported a possible effusion and the summary states it as certain. "
                "Our categories have no label for lost uncertainty, so I used the nearest one, "
                "negation error. The other two statements match the note."
            ),
            note="The error is lost uncertainty ('possible'), and there is no category for "
            "that; negation error is only the nearest fit.",
            difficulty=0.72,
        ),
        item(
            Kind.ERROR_IDENTIFICATION,
            "A model extracted the medicines to continue at discharge. Check each line.",
            {"text": held, "outputs": held_outputs},
            [judgement(WRONG_FREQUENCY, "The 48-hour hold before restarting was dropped."),
             judgement(None, "")],
            options=CATEGORIES,
            alternatives=[[judgement(None, ""), judgement(None, "")]],
            edge_case=True,
            explanation="The dose and frequency are right once restarted; the hold is timing.",
            why=(
                "Apixaban is right in dose and frequency once restarted, but the line loses the "
                "48-hour hold, which matters for bleeding after the procedure. I called that a "
                "timing error. Omeprazole matches the note."
            ),
            note="The dose is right but the 48-hour hold is lost; the scheme has no category "
            "for a missing instruction.",
            difficulty=0.7,
        ),
    ]  # fmt: skip


def summary_span_items(rng: random.Random) -> list[dict]:
    """A note and a model's summary of it; mark what the summary contradicts or invents."""
    items = []
    for number, case in enumerate(CASES):
        first, second = (MEDICINES[name] for name in case.medicines[:2])
        note = note_for(case, case.medicines)
        bad_dose = f"{first.name} {first.bad_dose}"
        finding = case.findings[number % 2]
        summary = (
            f"Admitted with {case.admitted_with}. {finding.flipped} Discharged on {bad_dose} "
            f"and {second.extracted()}. {case.invented_follow_up}"
        )
        text = f"Note: {note}\n\nModel summary: {summary}"
        offset = text.index("Model summary: ")
        marks = [
            (finding.flipped.rstrip("."), "CONTRADICTED"),
            (bad_dose, "CONTRADICTED"),
            (case.invented_follow_up.rstrip("."), "UNSUPPORTED"),
        ]
        gold = [
            {**span, "start": span["start"] + offset, "end": span["end"] + offset}
            for span in spans(text[offset:], *marks)
        ]
        items.append(
            item(
                Kind.SPANS,
                "Mark each part of the model summary that the note contradicts (CONTRADICTED) "
                "or does not support at all (UNSUPPORTED). Mark only the summary.",
                {"text": text},
                gold,
                options=SPAN_LABELS,
                explanation=f"The note gives {first.dose} of {first.name}; the follow-up is "
                "not in the note.",
                why=(
                    f"'{finding.flipped.rstrip('.')}' reverses what the note reports, so it is "
                    f"contradicted. The note gives {first.name} {first.dose}, not "
                    f"{first.bad_dose}. '{case.invented_follow_up.rstrip('.')}' appears nowhere "
                    "in the note, so it is unsupported."
                ),
                difficulty=0.5 + 0.02 * rng.randint(0, 5),
            )
        )
    return items


def edge_span_item() -> dict:
    text_note = (
        "Note: Seen in clinic. Possible early cellulitis of the left shin; no abscess on "
        "ultrasound. Flucloxacillin 500 mg PO QDS for 7 days if redness spreads."
    )
    summary = "Model summary: Cellulitis of the left shin treated with flucloxacillin 500 mg."
    text = f"{text_note}\n\n{summary}"
    offset = text.index("Model summary: ")
    gold = [
        {**span, "start": span["start"] + offset, "end": span["end"] + offset}
        for span in spans(
            text[offset:],
            ("Cellulitis of the left shin", "CONTRADICTED"),
            ("treated with flucloxacillin 500 mg", "UNSUPPORTED"),
        )
    ]
    return item(
        Kind.SPANS,
        "Mark each part of the model summary that the note contradicts (CONTRADICTED) or does "
        "not support at all (UNSUPPORTED). Mark only the summary.",
        {"text": text},
        gold,
        options=SPAN_LABELS,
        alternatives=[[{**gold[0], "label": "UNSUPPORTED"}, gold[1]]],
        edge_case=True,
        explanation="'Possible' cellulitis stated as certain is arguably unsupported rather "
        "than contradicted; the antibiotic was conditional.",
        why=(
            "The note says possible cellulitis, and the summary states it as fact. The "
            "flucloxacillin was a contingency plan, so 'treated with' is not supported. Whether "
            "lost uncertainty is a contradiction or merely unsupported is a judgement call."
        ),
        note="Lost uncertainty could be CONTRADICTED or UNSUPPORTED; the guideline does not say.",
        difficulty=0.7,
    )


def single_choice_items(rng: random.Random) -> list[dict]:
    """One extracted line with at most one error: which kind is it?"""
    categories = [WRONG_DOSE, WRONG_DRUG, WRONG_FREQUENCY, WRONG_ROUTE, None]
    items = []
    for number, case in enumerate(CASES):
        name = case.medicines[(number + 2) % len(case.medicines)]
        medicine = MEDICINES[name]
        category = categories[number % len(categories)]
        line, why = medicine_output(medicine, category, case)
        answer = CATEGORY_LABELS[category] if category else NO_ERROR
        source = medicine.in_note()
        reasoning = why or f"The line keeps the drug, dose, route and frequency of {source}."
        items.append(
            item(
                Kind.SINGLE_CHOICE,
                "Which kind of error does the extracted line contain?",
                {
                    "text": f"Note: {medicine.in_note()} for {medicine.for_what}.\n\n"
                    f"Extracted: {line}"
                },
                answer,
                options=CHOICES,
                explanation=why or "Drug, dose, route and frequency all match the note.",
                why=(
                    f"{reasoning} Everything else in the line matches the source. "
                    "I checked drug, dose, route and frequency in that order."
                ),
                difficulty=DIFFICULTY[category] + 0.02 * rng.randint(0, 3),
            )
        )
    methotrexate = MEDICINES["methotrexate"]
    items.append(
        item(
            Kind.SINGLE_CHOICE,
            "Which kind of error does the extracted line contain?",
            {
                "text": f"Note: {methotrexate.in_note()} for rheumatoid arthritis.\n\n"
                f"Extracted: {methotrexate.extracted(frequency='OD')}"
            },
            CATEGORY_LABELS[WRONG_FREQUENCY],
            options=CHOICES,
            explanation="Weekly methotrexate given daily is a never event.",
            why=(
                "Methotrexate for rheumatoid arthritis is taken once a week, and the note says "
                "Mondays. Daily dosing is a known never event that causes fatal marrow "
                "suppression. Dose, route and drug are right, so the error is the frequency."
            ),
            difficulty=0.4,
        )
    )
    items.append(
        item(
            Kind.SINGLE_CHOICE,
            "Which kind of error does the extracted line contain?",
            {
                "text": "Note: aspirin 75 mg PO for secondary prevention.\n\n"
                "Extracted: aspirin 75 mg orally once daily"
            },
            NO_ERROR,
            options=CHOICES,
            alternatives=[CATEGORY_LABELS[WRONG_FREQUENCY]],
            edge_case=True,
            explanation="The frequency is implied, not written; guidelines differ.",
            why=(
                "The note gives no frequency, and the model filled in once daily. That is the "
                "standard regimen for 75 mg aspirin, so I chose no error. A strict guideline "
                "would call any inferred value an error."
            ),
            note="The frequency was inferred, not extracted; it depends on whether our "
            "guideline allows standard defaults.",
            difficulty=0.7,
        )
    )
    items.append(
        item(
            Kind.SINGLE_CHOICE,
            "Which kind of error does the extracted line contain?",
            {"text": "Note: levothyroxine 75 micrograms PO mane for hypothyroidism.\n\n"
                     "Extracted: levothyroxine 0.075 mg orally every morning"},
            NO_ERROR,
            options=CHOICES,
            alternatives=[CATEGORY_LABELS[WRONG_DOSE]],
            edge_case=True,
            explanation="The amount is the same, but converting units invites tenfold errors.",
            why=(
                "0.075 mg is exactly 75 micrograms, so the dose itself is right. Converting "
                "units is how thousandfold levothyroxine errors happen, and many guidelines "
                "forbid it. I chose no error but would raise the conversion with the team."
            ),
            note="Same amount in different units; whether a unit conversion counts as a dose "
            "error depends on the guideline.",
            difficulty=0.68,
        )
    )  # fmt: skip
    items.append(
        item(
            Kind.SINGLE_CHOICE,
            "Which kind of error does the extracted line contain?",
            {
                "text": "Note: metformin 500 mg PO BD with meals for type 2 diabetes.\n\n"
                "Extracted: metformin 500 mg orally twice daily with meals"
            },
            CATEGORY_LABELS[WRONG_FREQUENCY],
            options=CHOICES,
            explanation="BD was keyed as once daily when the gold set was written.",
            why=(
                "BD is twice daily, which is what the line says, and the dose, route and drug "
                "match the note. I found nothing wrong with this extraction."
            ),
            difficulty=0.35,
            # Keyed in error: the careful answer "No error", and the cohort shows it.
            believed=NO_ERROR,
        )
    )
    return items


def build_items(seed: int = CONTENT_SEED) -> tuple[dict, ...]:
    """57 items: 20 + 10 + 3 error identification, 10 + 1 spans, 13 single choice.

    Edge cases are spread through the assessment rather than left at the end.
    """
    rng = random.Random(seed)
    ordinary = [
        *error_identification_items(rng),
        *summary_span_items(rng),
        *single_choice_items(rng),
    ]
    edges = [*edge_error_identification_items(), edge_span_item()]
    edge_single = [spec for spec in ordinary if spec["gold"]["is_edge_case"]]
    plain = [spec for spec in ordinary if not spec["gold"]["is_edge_case"]]
    rng.shuffle(plain)
    edges += edge_single
    step = len(plain) // len(edges)
    for n, spec in enumerate(edges):
        plain.insert(n * (step + 1) + step // 2, spec)
    return tuple(plain)


ASSESSMENT: dict[str, Any] = {
    "organization": "meridian",
    "title": TITLE,
    "instructions": (
        "Each item shows a de-identified discharge note and what a model extracted or "
        "summarised from it. **Check the model against the note**, not against what you would "
        "have prescribed.\n\n"
        "- For each output, say whether it has an error and pick the category; a short "
        "explanation helps the reviewers.\n"
        "- Abbreviations follow UK practice: PO orally, BD twice daily, TDS three times "
        "daily, QDS four times daily, ON at night, mane in the morning, PRN as needed.\n"
        "- Some notes are genuinely ambiguous. **Flag them** and say why in one line.\n\n"
        "You will see 40 items drawn from a larger pool. The task is paid whatever your score."
    ),
    "time_limit_minutes": 90,
    "items_per_attempt": 40,
    "expected_items_per_hour": Decimal("30.0"),
    "pay_amount": Decimal("55.00"),
    "pay_currency": "USD",
    "pass_gates": {"accuracy": 0.7},
    "rationale_count": 3,
    "items": build_items(),
}
