"""The intelligence API at /api/v1/intelligence/: one router, its parts in their modules."""

from ninja import Router

from lantern.intelligence.api import chart, exports, profiles, records, resolution

router = Router(tags=["intelligence"])
router.add_router("", records.router)
router.add_router("", chart.router)
router.add_router("", exports.router)
router.add_router("", profiles.router)
router.add_router("", resolution.router)
