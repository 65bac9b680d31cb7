"""The guidance shown when a camera is registered: the ICO's guidance on domestic CCTV and
what Fairhurst v Woodard (2021) said about audio. Quoted as ../shared/DOMAIN.md 7.4-7.5
records them, each with its source; a paraphrase is marked as one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quote:
    text: str
    source_name: str
    source_url: str
    note: str = ""


ICO_PAGE = "ICO, 'Domestic CCTV systems \u2013 guidance for people using CCTV' (as reproduced in a stored copy)"
ICO_URL = (
    "https://ico.org.uk/your-data-matters/domestic-cctv-systems-guidance-for-people-using-cctv/"
)

BOUNDARY = Quote(
    text=(
        "If you set up your system so it captures only images within the boundary of your "
        "private domestic property (including your garden), then the data protection laws "
        "will not apply to you."
    ),
    source_name=ICO_PAGE,
    source_url=ICO_URL,
)

BEYOND_BOUNDARY = (
    "If it captures neighbours' homes or gardens, shared spaces, or a public footpath or a "
    "street, the UK GDPR and the Data Protection Act 2018 apply to you. You then need to: put "
    "up signs saying you are recording; capture no more than you need; keep the footage "
    "secure; delete it regularly; answer requests from people for footage of them within one "
    "month; and delete footage of someone who asks, unless you need it for a genuine legal "
    "dispute."
)
BEYOND_BOUNDARY_SOURCES = (
    (
        "Great Yarmouth Borough Council, CCTV advice",
        "https://www.great-yarmouth.gov.uk/article/16432/CCTV-Advice",
    ),
)

AUDIO = Quote(
    text="Audio recording is very intrusive and should be disabled in most cases.",
    source_name="The ICO's domestic CCTV guidance, as paraphrased by Village Watch",
    source_url="https://www.villagewatch.co.uk/cctv-use/",
    note="The ICO's exact wording is unconfirmed.",
)

AUDIO_CODE = Quote(
    text=(
        "CCTV must not be used to record conversations between members of the public as this "
        "is highly intrusive and unlikely to be justified."
    ),
    source_name="ICO CCTV Code of Practice (2008), as reported by Out-Law",
    source_url="http://www.out-law.com/page-8833",
)

FAIRHURST = (
    "In Fairhurst v Woodard (County Court at Oxford, 2021) a neighbour's Ring doorbell and "
    "other cameras led to successful claims for harassment and breach of the Data Protection "
    'Act 2018. The judge found audio "even more problematic and detrimental than video '
    'data", because it can capture private conversations.'
)
FAIRHURST_URL = (
    "https://whitestonechambers.com/articles/"
    "fairhurst-v-woodard-neighbour-wins-security-camera-data-protection-case/"
)

ICO_GUIDANCE = {
    "boundary": BOUNDARY,
    "beyond_boundary": BEYOND_BOUNDARY,
    "beyond_boundary_sources": BEYOND_BOUNDARY_SOURCES,
    "audio": AUDIO,
    "audio_code": AUDIO_CODE,
    "fairhurst": FAIRHURST,
    "fairhurst_url": FAIRHURST_URL,
}
