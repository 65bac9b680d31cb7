"""Evidence of the borough-scale data set (``lantern.core.scale``): item metadata only, each
attached to a report, with a blob row per item but no bytes in the blob store (the pages
measured list and describe items; none of them reads the bytes). Its custody events are the
ones receipt records (received, stored)."""

from __future__ import annotations

import hashlib

from lantern.core.scale import ScaleContext, past_time
from lantern.evidence.events import ITEM_RECEIVED, ITEM_STORED
from lantern.evidence.models import DeviceKind, EvidenceItem, LinkKind

KINDS = [
    (EvidenceItem.Category.IMAGE, "image/jpeg", "jpg", DeviceKind.PHONE, 50),
    (EvidenceItem.Category.VIDEO, "video/mp4", "mp4", DeviceKind.DOORBELL, 35),
    (EvidenceItem.Category.VIDEO, "video/mp4", "mp4", DeviceKind.CCTV, 10),
    (EvidenceItem.Category.DOCUMENT, "application/pdf", "pdf", DeviceKind.OTHER, 5),
]


def seed_scale(ctx: ScaleContext) -> None:
    rng, add = ctx.rng, ctx.writer.add
    reports = ctx.shared.get("report_ids", [])
    if not reports:
        return
    for number in range(ctx.count("evidence")):
        category, media_type, extension, device, _ = rng.choices(KINDS, [k[-1] for k in KINDS])[0]
        sha256 = hashlib.sha256(ctx.uuid().bytes).hexdigest()
        size = rng.randrange(50_000, 80_000_000)
        at = past_time(ctx)
        item_id = ctx.uuid()
        add("evidence.Blob", sha256=sha256, size=size, storage_key=f"scale/{sha256}",
            created_at=at)  # fmt: skip
        add(
            "evidence.EvidenceItem",
            id=item_id,
            blob_id=sha256,
            partnership_id=ctx.partnership_id,
            filename=f"scale-{number}.{extension}",
            media_type=media_type,
            category=category,
            device_kind=device,
            claimed_capture_at=at,
            created_at=at,
            updated_at=at,
        )
        add("evidence.EvidenceLink", id=ctx.uuid(), item_id=item_id, kind=LinkKind.REPORT,
            target_id=reports[rng.randrange(len(reports))], created_at=at,
            updated_at=at)  # fmt: skip
        if ctx.audit:
            for action in (ITEM_RECEIVED, ITEM_STORED):
                ctx.audit(at=at, actor="anonymous", action=action, object_type="evidence_item",
                          object_id=item_id, details={"size": size, "media_type": media_type,
                                                      "sha256": sha256})  # fmt: skip
    ctx.say(f"evidence: {ctx.count('evidence')} items")
