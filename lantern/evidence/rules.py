"""Rules for evidence and witness statements. Each class is one precondition: its id names
the source, its docstring is the message the user reads (STYLE.md habit 3). They are
registered in the one registry (lantern.core.rules), so ``lantern rules`` lists them; each
``check`` gets a ``StatementStep``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lantern.core import rules

if TYPE_CHECKING:
    from lantern.evidence.models import Statement

# The printed s.9 declaration, word for word (DOMAIN.md 5.1, HSE reproduction of the form).
S9_DECLARATION = (
    "This statement is true to the best of my knowledge and belief and I make it knowing "
    "that, if it is tendered in evidence, I shall be liable to prosecution if I have wilfully "
    "stated in it anything which I know to be false or do not believe to be true."
)


@dataclass(frozen=True)
class StatementStep:
    """A statement about to be changed or signed, and what the witness gave when signing."""

    statement: Statement
    declaration_accepted: bool = False
    typed_name: str = ""


def same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@rules.register
class StatementDeclaration(rules.Rule):
    """A statement can only be signed when the witness makes the declaration: that it is
    true to the best of their knowledge and belief, and that they know they may be
    prosecuted if they wilfully state anything in it which they know to be false or do not
    believe to be true."""

    id = "STATEMENT_DECLARATION"
    source = "Criminal Justice Act 1967 s.9(2)(b); Criminal Procedure Rules 2020 r.16.2(b)"

    def check(self, context: StatementStep) -> bool:
        return context.declaration_accepted


@rules.register
class StatementSignedIsFinal(rules.Rule):
    """A signed statement cannot be changed. To correct or add to it, make a further
    statement."""

    id = "STATEMENT_SIGNED_IS_FINAL"
    source = (
        "Criminal Justice Act 1967 s.9(2)(a) (the statement as signed); CPIA 1996 Code of "
        "Practice (record and retain); Lantern policy: a correction is a further statement"
    )

    def check(self, context: StatementStep) -> bool:
        return not context.statement.is_signed


@rules.register
class StatementSignedByWitness(rules.Rule):
    """Only the witness can sign their own statement, with their own name."""

    id = "STATEMENT_SIGNED_BY_WITNESS"
    source = "Criminal Justice Act 1967 s.9(2)(a); Criminal Procedure Rules 2020 r.16.2(d)"

    def check(self, context: StatementStep) -> bool:
        return same_name(context.typed_name, context.statement.witness_name)


@rules.register
class StatementDatesToAvoid(rules.Rule):
    """Say which dates you cannot go to court, or say that there are none."""

    id = "STATEMENT_DATES_TO_AVOID"
    source = "Prosecution Team Manual of Guidance 2011, MG11 (reverse of the form)"

    def check(self, context: StatementStep) -> bool:
        statement = context.statement
        return statement.no_dates_to_avoid or bool(statement.dates_to_avoid.strip())


@rules.register
class StatementNeedsContent(rules.Rule):
    """A statement needs the witness's account before it can be signed."""

    id = "STATEMENT_NEEDS_CONTENT"
    source = (
        "Criminal Justice Act 1967 s.9(1) (a written statement of the witness's evidence); "
        "Lantern policy"
    )

    def check(self, context: StatementStep) -> bool:
        return bool(context.statement.body.strip())


# What signing checks, in this order (the first that fails refuses it).
SIGNING_RULES: tuple[type[rules.Rule], ...] = (
    StatementSignedIsFinal,
    StatementDeclaration,
    StatementNeedsContent,
    StatementDatesToAvoid,
    StatementSignedByWitness,
)
