"""A finding of the content checks (``Flag``) and what it means in plain words: the
explanation an officer reads on the item's page, and the short notice the uploader is given
when their upload finishes. The codes are ``ItemFlag.Code``."""

from __future__ import annotations

from dataclasses import dataclass

from lantern.evidence.models import ItemFlag

Code = ItemFlag.Code


@dataclass(frozen=True)
class Flag:
    code: str  # an ItemFlag.Code
    detail: str = ""  # what was found, in words ("a ZIP archive, 2,048 bytes, from byte 631")


KEPT = "Lantern kept the file unchanged."
ISOLATED = "an isolated forensic workstation (not connected to the force network)"

EXPLANATIONS: dict[str, str] = {
    Code.IMAGE_TRAILING_DATA: (
        f"This photo has other data hidden after the picture. {KEPT} Do not open or extract "
        f"that data outside {ISOLATED}: it may be harmful. Some phones store a second picture "
        "or a short video this way (motion photos), which is harmless, but check before "
        "you rely on it."
    ),
    Code.PDF_JAVASCRIPT: (
        f"This PDF contains JavaScript, which a PDF reader may run when the file is opened. "
        f"{KEPT} Open it only in a viewer with JavaScript switched off, or on {ISOLATED}."
    ),
    Code.PDF_AUTOMATIC_ACTION: (
        "This PDF asks the reader to do something by itself when it is opened or when a page "
        "is shown (such as run a script or open a web address). Many ordinary PDFs use this "
        f"only to choose the first page, but it can also start an attack. {KEPT} Open it only "
        f"in a viewer with JavaScript switched off, or on {ISOLATED}."
    ),
    Code.PDF_LAUNCH: (
        "This PDF can ask the computer to start another program or open another file. "
        f"{KEPT} If a PDF reader asks whether to allow this, say no. Open it only on {ISOLATED}."
    ),
    Code.PDF_EMBEDDED_FILE: (
        f"This PDF carries other files inside it. {KEPT} Do not open or extract those files "
        f"outside {ISOLATED}."
    ),
    Code.PDF_RICH_MEDIA: (
        "This PDF has embedded media (such as Flash), which older readers play and which has "
        f"been used to attack computers. {KEPT} Open it only on {ISOLATED}."
    ),
    Code.PDF_XFA: (
        "This PDF has an XFA form, which can carry scripts that some readers run. "
        f"{KEPT} Open it only in a viewer with JavaScript switched off, or on {ISOLATED}."
    ),
    Code.PDF_DISGUISED_NAMES: (
        "Some of the PDF's instructions above are written in disguise (with #xx codes, such as "
        "/J#61vaScript for /JavaScript). Ordinary PDF software rarely does this; it is often "
        "done to slip past security checks. Treat the file as hostile."
    ),
    Code.PDF_ENCRYPTED: (
        "This PDF is encrypted, so Lantern could not look inside all of it for scripts or "
        f"automatic actions. {KEPT} Treat it with the same care as a flagged PDF."
    ),
    Code.VIDEO_CUT_SHORT: (
        "This recording looks cut short: the file ends before the end of the data it says it "
        "holds, so the last frames (or sound) are missing. It may have been copied or "
        f"uploaded from an incomplete file. {KEPT} Ask whoever provided it for a complete "
        "copy, and record that the one held is incomplete."
    ),
    Code.VIDEO_NO_INDEX: (
        "This recording has no index of its frames (the 'moov' part of an MP4 or MOV file), "
        "usually because the recording or the copy stopped before it finished. Most players "
        f"will not play it. {KEPT} Ask whoever provided it for a complete copy; a forensic "
        "video specialist may be able to recover frames from this one."
    ),
    Code.CHECK_FAILED: (
        f"Lantern could not finish checking this file's content. {KEPT} Treat it with care, "
        f"and open it only on {ISOLATED} if you have any doubt."
    ),
    # Found later, while making the copy that plays in the browser (lantern.evidence.playable).
    Code.NO_PLAYABLE_COPY: (
        "Lantern could not decode a picture from this recording, so there is no copy that "
        f"plays in the browser. {KEPT} It may be damaged, or in a recorder's own format: "
        "download it and play it with the player software the recorder exports with, or ask "
        "a forensic video specialist."
    ),
    Code.PLAYABLE_COPY_PARTIAL: (
        "The copy that plays in the browser stops before the end of this recording, because "
        f"Lantern could not decode the rest. {KEPT} Look at the original for what comes after "
        "the point where the copy stops."
    ),
    Code.SOUND_NOT_DECLARED: (
        "Whoever handed this recording over said it has no sound, but the file has a sound "
        "track. The copy that plays in the browser leaves the sound out; the original keeps "
        "it. Sound recording is very intrusive: before anyone listens, record why the sound "
        "is needed, and check it does not capture private conversations."
    ),
    # Found later, while reading what the file says about itself (lantern.evidence.metadata).
    Code.METADATA_UNREADABLE: (
        "Lantern could not read what this file says about itself (its format, the device's "
        f"time and location). {KEPT} It may be damaged or cut short: ask whoever handed it "
        "over for the complete recording, and check the device's time and place another way."
    ),
}

# What the uploader is told at once (the upload page, and the tus answer's
# Lantern-Evidence-Notice header). Several PDF flags give the same notice, once.
_PDF_NOTICE = (
    "This PDF contains scripts or automatic actions. Lantern kept it exactly as you sent it "
    "and the officer will be told to open it safely."
)
_VIDEO_NOTICE = (
    "This recording seems to be cut short or incomplete, so it may not play to the end. "
    "Lantern kept it exactly as you sent it. If you have the complete recording, please "
    "upload that too."
)
NOTICES: dict[str, str] = {
    Code.IMAGE_TRAILING_DATA: (
        "This photo has other data after the picture. Lantern kept it exactly as you sent it "
        "and the officer will be told."
    ),
    Code.PDF_JAVASCRIPT: _PDF_NOTICE,
    Code.PDF_AUTOMATIC_ACTION: _PDF_NOTICE,
    Code.PDF_LAUNCH: _PDF_NOTICE,
    Code.PDF_EMBEDDED_FILE: (
        "This PDF has other files inside it. Lantern kept it exactly as you sent it and the "
        "officer will be told to open it safely."
    ),
    Code.PDF_RICH_MEDIA: _PDF_NOTICE,
    Code.PDF_XFA: _PDF_NOTICE,
    Code.PDF_DISGUISED_NAMES: _PDF_NOTICE,
    Code.PDF_ENCRYPTED: (
        "This PDF is encrypted, so Lantern could not check all of it. It was kept exactly as "
        "you sent it."
    ),
    Code.VIDEO_CUT_SHORT: _VIDEO_NOTICE,
    Code.VIDEO_NO_INDEX: _VIDEO_NOTICE,
    Code.CHECK_FAILED: "Lantern kept this file exactly as you sent it.",
}


def explanation(code: str) -> str:
    return EXPLANATIONS.get(code, EXPLANATIONS[Code.CHECK_FAILED])


def uploader_notice(codes: list[str] | tuple[str, ...]) -> str:
    """One line for the uploader about all of an item's flags (each notice once)."""
    notices: list[str] = []
    for code in codes:
        notice = NOTICES.get(code, "")
        if notice and notice not in notices:
            notices.append(notice)
    return " ".join(notices)
