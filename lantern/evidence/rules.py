"""Rules for evidence and witness statements. Each class is one precondition: its id names
the source, its docstring is the message the user reads (STYLE.md habit 3)."""

from __future__ import annotations

import inspect
from typing import ClassVar, NoReturn

from lantern.core.errors import RuleRefused

# The printed s.9 declaration, word for word (DOMAIN.md 5.1, HSE reproduction of the form).
S9_DECLARATION = (
    "This statement is true to the best of my knowledge and belief and I make it knowing "
    "that, if it is tendered in evidence, I shall be liable to prosecution if I have wilfully "
    "stated in it anything which I know to be false or do not believe to be true."
)


class Rule:
    id: ClassVar[str]
    source: ClassVar[str]

    @classmethod
    def message(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or cls.id)

    @classmethod
    def refuse(cls) -> NoReturn:
        raise RuleRefused(cls.id, cls.message(), cls.source)


class StatementDeclaration(Rule):
    """A statement can only be signed when the witness makes the declaration: that it is
    true to the best of their knowledge and belief, and that they know they may be
    prosecuted if they wilfully state anything in it which they know to be false or do not
    believe to be true."""

    id = "STATEMENT_DECLARATION"
    source = "Criminal Justice Act 1967 s.9(2)(b); Criminal Procedure Rules 2020 r.16.2(b)"


class StatementSignedIsFinal(Rule):
    """A signed statement cannot be changed. To correct or add to it, make a further
    statement."""

    id = "STATEMENT_SIGNED_IS_FINAL"
    source = "Criminal Procedure Rules 2020 r.16.2; CPIA 1996 Code of Practice (record)"


class StatementSignedByWitness(Rule):
    """Only the witness can sign their own statement, with their own name."""

    id = "STATEMENT_SIGNED_BY_WITNESS"
    source = "Criminal Procedure Rules 2020 r.16.2(d)"


class StatementDatesToAvoid(Rule):
    """Say which dates you cannot go to court, or say that there are none."""

    id = "STATEMENT_DATES_TO_AVOID"
    source = "Prosecution Team Manual of Guidance 2011, MG11 (reverse of the form)"


class StatementNeedsContent(Rule):
    """A statement needs the witness's account before it can be signed."""

    id = "STATEMENT_NEEDS_CONTENT"
    source = "Criminal Justice Act 1967 s.9(2)(a)"


ALL_RULES: tuple[type[Rule], ...] = (
    StatementDeclaration,
    StatementSignedIsFinal,
    StatementSignedByWitness,
    StatementDatesToAvoid,
    StatementNeedsContent,
)
