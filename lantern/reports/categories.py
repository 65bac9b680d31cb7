"""What an administrator's change to a report category must satisfy. The categories Lantern
starts with are loaded by reports migration 0002, which keeps its own copy of them."""

from __future__ import annotations

from typing import Any

from lantern.reports.models import Category, Queue

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
