"""The analytics API's request and response shapes; every field documented for OpenAPI.

Areas are typed GeoJSON: a Polygon is ``{"type": "Polygon", "coordinates": [ring, ...]}``,
each ring a closed list of ``[longitude, latitude]`` pairs (WGS84), the outline first."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import model_validator

MAX_RING_POINTS = 5000
MAX_RINGS = 20

Position = Annotated[
    list[Annotated[float, Field(allow_inf_nan=False)]],
    Field(min_length=2, max_length=2, description="[longitude, latitude] in WGS84 degrees"),
]
Ring = Annotated[
    list[Position],
    Field(
        min_length=4,
        max_length=MAX_RING_POINTS,
        description="A closed ring: at least three corners, the first repeated at the end",
    ),
]


class PolygonGeoJSON(Schema):
    """A GeoJSON Polygon (RFC 7946) in WGS84."""

    type: Literal["Polygon"] = Field(..., description='Always "Polygon"')
    coordinates: list[Ring] = Field(
        ...,
        min_length=1,
        max_length=MAX_RINGS,
        description="The outline, then any holes; each a closed ring of [longitude, latitude]",
    )

    @model_validator(mode="after")
    def _in_range_and_closed(self) -> PolygonGeoJSON:
        for ring in self.coordinates:
            if ring[0] != ring[-1]:
                raise ValueError("each ring must end with its first point")
            for lon, lat in ring:
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise ValueError("points are [longitude (-180..180), latitude (-90..90)]")
        return self


Method = Literal["kde", "gi_star", "h3_counts", "kde_cv", "blend"]
SourceChoice = Literal["imported", "reports", "both"]
PeriodText = Field(
    ...,
    max_length=40,
    description="From..to, both included: whole months (2018-01..2018-07) or days "
    "(2018-01-15..2018-02-14)",
)


class AnalysisFilters(Schema):
    """The filters every surface takes."""

    period: str = PeriodText
    category: str = Field(
        "",
        max_length=100,
        description='A police.uk crime type (e.g. "Anti-social behaviour", which takes every '
        "resident report too) or a resident report category's code; empty for all",
    )
    area: str = Field(
        "",
        max_length=120,
        description="An area drawn in Lantern (by name), or the start of an LSOA name "
        '(e.g. "Southend-on-Sea"); empty for all',
    )
    source: SourceChoice = Field(
        "imported",
        description="imported: police.uk records; reports: resident reports; both",
    )


class SurfaceQuery(AnalysisFilters):
    method: Method = Field(
        "kde",
        description="kde: kernel density (records per km²); gi_star: Getis-Ord Gi* hot spots "
        "(z-scores, FDR-corrected); h3_counts: records per H3 cell; kde_cv: kernel density "
        "with the bandwidth chosen by cross-validation; blend: 0.75 x naive counts + 0.25 x "
        "KDE, each over its largest",
    )
    cell: float = Field(100.0, ge=10, le=5000, description="Grid cell size, metres (KDE, Gi*)")
    bandwidth: float = Field(200.0, ge=10, le=20000, description="KDE bandwidth, metres")
    gi_radius: int = Field(2, ge=1, le=10, description="Gi* neighbourhood, cells")
    h3_resolution: int = Field(9, ge=0, le=15, description="H3 resolution (h3_counts)")
    fdr_alpha: float = Field(0.05, gt=0, lt=1, description="Gi*: false discovery rate")


class FeatureOut(Schema):
    type: Literal["Feature"] = Field("Feature", description='Always "Feature"')
    geometry: PolygonGeoJSON = Field(..., description="The cell, a GeoJSON Polygon")
    properties: dict[str, Any] = Field(
        ...,
        description="value (density, z-score or count), rank (1 is the strongest); Gi* adds "
        "q (the FDR-adjusted p-value), H3 adds cell (the H3 index)",
    )


class SurfacePropertiesOut(Schema):
    method: str = Field(..., description="kde, gi_star, h3_counts, kde_cv or blend")
    unit: str = Field(..., description="What each feature's value measures")
    note: str = Field(..., description="Anything the reader should know (enlarged cells, FDR)")
    title: str = Field(..., description="The method, category, area and period in words")
    records: int = Field(..., description="Located records the surface is computed from")
    no_location: int = Field(..., description="Matching records without a location (unmapped)")
    computed_at: dt.datetime = Field(..., description="When the stored surface was computed")


class SurfaceOut(Schema):
    """A GeoJSON FeatureCollection of the hotspot cells, strongest first."""

    type: Literal["FeatureCollection"] = Field(..., description='Always "FeatureCollection"')
    properties: SurfacePropertiesOut
    features: list[FeatureOut]


class PreparingOut(Schema):
    """What was asked for is being prepared in the background: a hotspot surface not yet
    stored for these filters and the data as it is now, or a patrol plan just proposed.
    Ask again after ``retry_after`` seconds (also the Retry-After header)."""

    status: Literal["preparing"] = Field(..., description='Always "preparing"')
    retry_after: int = Field(..., description="Seconds to wait before asking again")


class HourOfWeekOut(Schema):
    timezone: str = Field(..., description="The matrix is in UK time (Europe/London)")
    days: list[str] = Field(..., description="Row labels, Monday first")
    matrix: list[list[int]] = Field(..., description="7 rows (days) by 24 columns (hours)")
    records: int = Field(..., description="Records with a time of day (resident reports)")
    without_time: int = Field(
        ..., description="Records with no time of day (police.uk records give only the month)"
    )


class PatrolPlanOut(Schema):
    id: uuid.UUID = Field(..., description="The plan's id")
    partnership_id: uuid.UUID = Field(..., description="The partnership the plan is for")
    title: str = Field(..., description="The plan's title")
    status: str = Field(..., description="draft or published")
    state: str = Field(
        "ready",
        description="ready, or failed if it could not be prepared (a plan being prepared "
        "answers 202)",
    )
    failure: str = Field("", description="Why it could not be prepared, if it failed")
    category: str = Field(..., description="The category the plan is based on, if any")
    area: str = Field(..., description="The area the plan is based on, if any")
    basis: str = Field(..., description="The method and period the patrols come from")
    method: str = Field(
        "", description="The hotspot method chosen by rolling-origin validation, e.g. naive"
    )
    method_reason: str = Field("", description="Why that method was chosen")
    starts_on: dt.date = Field(..., description="The first day of the plan")
    ends_on: dt.date = Field(..., description="The last day of the plan")
    published_at: dt.datetime | None = Field(None, description="When it was published (UTC)")


class PatrolItemOut(Schema):
    id: uuid.UUID = Field(..., description="The patrol's id (log patrols against it)")
    label: str = Field(..., description="Which hotspot")
    latitude: float = Field(..., description="The centre of the place to patrol")
    longitude: float = Field(..., description="The centre of the place to patrol")
    radius_m: int = Field(..., description="How far around the centre, metres")
    weekday: int = Field(..., description="0 is Monday")
    start_time: dt.time = Field(..., description="Start of the window, UK time")
    end_time: dt.time = Field(..., description="End of the window, UK time")
    visits: int = Field(..., description="Visits planned in the window")
    dosage_minutes: int = Field(..., description="Minutes per visit (about 15)")
    logged: int = Field(..., description="Patrols logged against it")
    logged_minutes: int = Field(..., description="Minutes of patrol logged against it")


class PatrolPlanDetailOut(PatrolPlanOut):
    items: list[PatrolItemOut] = Field(..., description="The patrols, planned against done")


class PatrolLogIn(Schema):
    started_at: dt.datetime = Field(..., description="When the patrol started, with a time zone")
    ended_at: dt.datetime = Field(..., description="When it ended, with a time zone")
    notes: str = Field("", max_length=2000, description="What the officer saw or did")


class PatrolLogOut(Schema):
    id: uuid.UUID = Field(..., description="The log's id")
    item_id: uuid.UUID = Field(..., description="The patrol it was logged against")
    started_at: dt.datetime
    ended_at: dt.datetime
    minutes: int = Field(..., description="How long it lasted")
    notes: str


class ImpactIn(Schema):
    title: str = Field(..., min_length=1, max_length=120, description="A short title")
    partnership_id: uuid.UUID | None = Field(
        None,
        description="The partnership the evaluation is for, one of the caller's: needed only "
        "when the caller is in several and gives no case_id (a case's evaluation is its "
        "partnership's)",
    )
    case_id: uuid.UUID | None = Field(
        None,
        description="The place-based problem case, in its assessment stage, the evaluation "
        "belongs to; its area is the problem area unless problem_area is given",
    )
    problem_area: PolygonGeoJSON | None = Field(
        None, description="Where the response was (required without case_id)"
    )
    comparison_area: PolygonGeoJSON = Field(
        ..., description="A similar area apart from the response and its buffer"
    )
    buffer_m: int = Field(250, ge=0, le=5000, description="Width of the buffer ring, metres")
    before: str = PeriodText
    after: str = PeriodText
    category: str = Field("", max_length=100, description="As in the hotspot filters")
    source: SourceChoice = Field("imported", description="Which records are counted")


class ImpactOut(Schema):
    id: uuid.UUID = Field(..., description="The evaluation's id")
    partnership_id: uuid.UUID = Field(..., description="The partnership it is for")
    title: str
    case_id: uuid.UUID | None = Field(None, description="The case it belongs to, if any")
    category: str
    buffer_m: int
    before_start: dt.date = Field(..., description="The before period's first day")
    before_end: dt.date = Field(..., description="The day after the before period")
    after_start: dt.date = Field(..., description="The after period's first day")
    after_end: dt.date = Field(..., description="The day after the after period")
    counts: dict[str, int] = Field(
        ...,
        description="rb, ra: problem area before, after; db, da: buffer; cb, ca: comparison",
    )
    results: dict[str, Any] = Field(
        ...,
        description="rate_ratio and relative_rate_ratio ({value, lower, upper} or {refused}); "
        "wdq ({value, reading, refused, success_measure, buffer_measure, gross_effect})",
    )
    created_at: dt.datetime


class ImpactDetailOut(ImpactOut):
    problem_area: PolygonGeoJSON
    comparison_area: PolygonGeoJSON


# --- the partnership's figures by month -----------------------------------------------------


class FiguresQuery(Schema):
    partnership: str = Field(
        "", max_length=64, description="One of your partnerships' ids (default: the first)"
    )
    area: str = Field(
        "", max_length=64, description="One of the partnership's drawn areas' ids (default: all)"
    )
    start: str = Field("", max_length=7, description="The first month, YYYY-MM")
    end: str = Field("", max_length=7, description="The last month, YYYY-MM (default: this)")
    category: str = Field("", max_length=100, description="A police.uk crime type (default: all)")


class FiguresLineOut(Schema):
    section: str = Field(..., description="The part: reports, enforcement, safeguarding, ...")
    label: str = Field(..., description="What is counted")
    counts: list[int | None] = Field(
        ..., description="One count per month; null where a small count (1 to 4) is suppressed"
    )
    suppressed: bool = Field(..., description="Whether small counts are suppressed")


class FiguresOut(Schema):
    partnership_id: uuid.UUID = Field(..., description="The partnership counted")
    area_id: uuid.UUID | None = Field(..., description="The drawn area, or null for all of it")
    place: str = Field(..., description="The area's name, or the whole partnership")
    months: list[str] = Field(..., description="The months, YYYY-MM, oldest first")
    category: str = Field(..., description="The police.uk crime type, or empty for all")
    lines: list[FiguresLineOut] = Field(..., description="The measures, month by month")
    notes: list[str] = Field(..., description="What could not be counted, and why")
