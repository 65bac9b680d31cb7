"""The categories Lantern starts with (a data migration loads them; administrators edit them
afterwards), and what an administrator's change to a category must satisfy. The national
ASB types are the Home Office's: personal, nuisance, environmental.
"""

from __future__ import annotations

from typing import Any

from lantern.reports.models import Category, Queue

YES_NO = "yes_no"

DEFAULT_CATEGORIES: list[dict] = [
    {
        "code": "kerb-crawling",
        "name": "Kerb crawling",
        "description": "Vehicles and drivers soliciting on the street",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "asks_about_vehicles": True,
        "extra_questions": [
            {
                "code": "repeat_vehicle",
                "question": "Have you seen the same vehicle before?",
                "kind": YES_NO,
                "required": False,
            },
        ],
    },
    {
        "code": "sex-work-nuisance",
        "name": "Sex work related nuisance",
        "description": "Noise, litter or activity in doorways linked to street sex work",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "asks_about_vehicles": True,
        "extra_questions": [
            {
                "code": "kind",
                "question": "What did you notice?",
                "kind": "choice",
                "choices": ["Noise", "Litter", "Activity in a doorway or garden", "Other"],
                "required": False,
            },
        ],
    },
    {
        "code": "concern-for-safety",
        "name": "Concern for someone's safety or possible exploitation",
        "description": "You are worried someone is being harmed, controlled or exploited",
        "asb_type": "personal",
        "queue": "safeguarding",
        "asks_about_people": False,
        "order": 10,
    },
    {
        "code": "drug-dealing",
        "name": "Drug dealing",
        "description": "Drugs being sold or handed over",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "asks_about_vehicles": True,
    },
    {
        "code": "drug-litter",
        "name": "Drug litter",
        "description": "Needles, condoms or other drug-related litter",
        "asb_type": "environmental",
        "queue": "environmental",
        "extra_questions": [
            {
                "code": "needles",
                "question": "Are there needles or syringes?",
                "kind": YES_NO,
                "required": True,
            },
        ],
    },
    {
        "code": "noise",
        "name": "Noise",
        "description": "Loud music, shouting or other noise",
        "asb_type": "nuisance",
        "queue": "environmental",
    },
    {
        "code": "intimidation",
        "name": "Intimidation or harassment",
        "description": "Someone threatening, harassing or frightening people",
        "asb_type": "personal",
        "queue": "enforcement",
        "extra_questions": [
            {
                "code": "hate",
                "question": "Do you think it was because of someone's race, "
                "religion, sexual orientation, disability or gender identity?",
                "kind": YES_NO,
                "required": False,
            },
        ],
    },
    {
        "code": "vehicle-nuisance",
        "name": "Vehicle nuisance",
        "description": "Cars or bikes driven or parked in a way that causes a nuisance",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "asks_about_vehicles": True,
    },
    {
        "code": "groups-gathering",
        "name": "Groups gathering",
        "description": "Groups whose behaviour causes alarm or distress",
        "asb_type": "nuisance",
        "queue": "enforcement",
    },
    {
        "code": "criminal-damage",
        "name": "Criminal damage",
        "description": "Damage to property, including graffiti",
        "asb_type": "environmental",
        "queue": "enforcement",
    },
    {
        "code": "other",
        "name": "Something else",
        "description": "Anything not listed above",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "order": 1000,
    },
]


CATEGORY_FIELDS = frozenset(
    f.name for f in Category._meta.get_fields() if f.concrete and f.name not in ("id", "code")
) - {"created_at", "updated_at"}
QUESTION_KINDS = ("text", "yes_no", "choice")


def question_errors(questions: Any) -> list[str]:
    """What is wrong with a category's extra questions, in words (empty when right)."""
    if not isinstance(questions, list):
        return ["The extra questions must be a list"]
    problems: list[str] = []
    codes: set[str] = set()
    for number, q in enumerate(questions, start=1):
        where = f"Question {number}"
        if not isinstance(q, dict):
            problems.append(f"{where} must be an object with a code and a question")
            continue
        code, text, kind = q.get("code"), q.get("question"), q.get("kind", "text")
        if not isinstance(code, str) or not code.replace("_", "").isalnum():
            problems.append(f"{where} needs a code of letters, numbers and underscores")
        elif code in codes:
            problems.append(f"{where} repeats the code {code}")
        else:
            codes.add(code)
        if not isinstance(text, str) or not text.strip() or len(text) > 300:
            problems.append(f"{where} needs the question text (300 characters or fewer)")
        if kind not in QUESTION_KINDS:
            problems.append(f"{where}: the kind must be text, yes_no or choice")
        choices = q.get("choices")
        if kind == "choice" and (
            not isinstance(choices, list)
            or not choices
            or not all(isinstance(c, str) and c.strip() for c in choices)
        ):
            problems.append(f"{where}: a choice question needs a list of choices")
        if not isinstance(q.get("required", False), bool):
            problems.append(f"{where}: required must be true or false")
        unknown = set(q) - {"code", "question", "kind", "choices", "required"}
        if unknown:
            problems.append(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
    return problems


def category_errors(code: str, fields: dict[str, Any]) -> dict[str, list[str]]:
    """What is wrong with an administrator's change to a category, by field (empty when
    right)."""
    errors: dict[str, list[str]] = {}
    if not code or len(code) > 60 or not all(ch.isalnum() or ch == "-" for ch in code):
        errors["code"] = ["The code may contain only letters, numbers and dashes"]
    unknown = set(fields) - CATEGORY_FIELDS
    if unknown:
        errors["fields"] = [f"Unknown fields: {', '.join(sorted(unknown))}"]
    if "name" in fields and not str(fields["name"]).strip():
        errors["name"] = ["Enter a name"]
    if "queue" in fields and fields["queue"] not in Queue.values:
        errors["queue"] = ["Choose a queue"]
    if "extra_questions" in fields:
        problems = question_errors(fields["extra_questions"])
        if problems:
            errors["extra_questions"] = problems
    return errors
