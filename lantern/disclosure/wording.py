"""Every sentence Lantern shows or prints about the law of disclosure, each with its source
in the sentence (docs/disclosure.md gives the sources; the tests check the wording). Quoted
text is quoted exactly from the source named."""

from __future__ import annotations

CODE_PURPOSE = (
    'The CPIA 1996 Code of Practice "sets out the manner in which police officers are to '
    "record, retain and reveal to the prosecutor material obtained in a criminal investigation "
    'and which may be relevant" (Criminal Procedure and Investigations Act 1996, Code of '
    "Practice)."
)
RELEVANT_MATERIAL = (
    'Relevant material is "anything that appears to an investigator, or the officer in charge '
    "of an investigation or the disclosure officer to have some bearing on any offence under "
    "investigation or any person being investigated or on the surrounding circumstances unless "
    'it is incapable of having any impact on the case" (CPS Disclosure Manual, chapter 5).'
)
MG6C = (
    '"Non-sensitive unused material should be described on the MG6C. This form will be '
    'disclosed to the defence." Items are "individually described and consecutively numbered" '
    "(CPS Disclosure Manual, chapter 7)."
)
MG6D = (
    'The MG6D lists sensitive material whose revelation "would give rise to a real risk of '
    'serious prejudice to an important public interest", with reasons, and it is not disclosed '
    "to the defence (CPS Disclosure Manual, chapter 8)."
)
MG6D_NIL = (
    "Where there is no sensitive material, an endorsed nil MG6D is required "
    "(CPS Disclosure Manual, chapter 8)."
)
MG6E = (
    "The MG6E is the disclosure officer's report flagging material \"capable of undermining "
    'the prosecution case … or of assisting the case for the accused" (CPS Disclosure Manual, '
    "chapter 10)."
)
SECTION_3 = (
    'The prosecutor must "disclose to the accused any prosecution material which has not '
    "previously been disclosed to the accused and which might reasonably be considered capable "
    "of undermining the case for the prosecution against the accused or of assisting the case "
    'for the accused", or give a written statement that there is none (Criminal Procedure and '
    "Investigations Act 1996, s.3(1))."
)
SECTION_7A = (
    "After the prosecutor has complied with section 3, and until the accused is acquitted or "
    'convicted or the prosecutor decides not to proceed, "The prosecutor must keep under review '
    "the question whether at any given time (and, in particular, following the giving of a "
    'defence statement) there is prosecution material" that meets the same test '
    "(Criminal Procedure and Investigations Act 1996, s.7A(1) and (2))."
)

# What each schedule's PDF prints under its title.
SCHEDULE_NOTES = {
    "mg6c": (MG6C,),
    "mg6d": (MG6D, MG6D_NIL),
    "mg12": (CODE_PURPOSE,),
    "mg6e": (MG6E,),
}
