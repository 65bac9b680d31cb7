"""Evidence pages: upload (Uppy + tus), receipt, item with its custody timeline and preview,
sharing an item with another partnership, exhibit references in a case, witness statements
(MG11) and their PDF. Thin: parse, call a service or selector, render."""

from lantern.evidence.views.items import (
    case_exhibits,
    item_detail,
    item_download,
    item_list,
    item_preview,
)
from lantern.evidence.views.playback import item_play
from lantern.evidence.views.sharing import item_share, item_share_withdraw
from lantern.evidence.views.statement_exhibits import (
    statement_exhibit_remove,
    statement_exhibits_page,
)
from lantern.evidence.views.statements import (
    statement_detail,
    statement_edit,
    statement_list,
    statement_pdf,
    statement_sign,
    statement_start,
    statement_start_report,
)
from lantern.evidence.views.uploads import (
    LAST_REPORT_SESSION_KEY,
    receipt,
    report_upload,
    upload,
    upload_file,
    upload_with_link,
)

__all__ = [
    "LAST_REPORT_SESSION_KEY",
    "case_exhibits",
    "item_detail",
    "item_download",
    "item_list",
    "item_play",
    "item_preview",
    "item_share",
    "item_share_withdraw",
    "receipt",
    "report_upload",
    "statement_detail",
    "statement_edit",
    "statement_exhibit_remove",
    "statement_exhibits_page",
    "statement_list",
    "statement_pdf",
    "statement_sign",
    "statement_start",
    "statement_start_report",
    "upload",
    "upload_file",
    "upload_with_link",
]
