"""Forms for the report pages: the journey (journey.py) and staff pages (staff.py)."""

from lantern.reports.forms.journey import (
    LONDON,
    MAX_TEXT,
    CategoryForm,
    ContactForm,
    DescriptionForm,
    FollowForm,
    PeopleVehiclesForm,
    QuestionsForm,
    WhenForm,
    WhereForm,
    parse_time,
)
from lantern.reports.forms.staff import (
    AssignForm,
    CategoryEditForm,
    DuplicateForm,
    FindForm,
    ShareForm,
    StatusForm,
    TriageFilterForm,
    UpdateForm,
    WithdrawShareForm,
)

__all__ = [
    "LONDON",
    "MAX_TEXT",
    "AssignForm",
    "CategoryEditForm",
    "CategoryForm",
    "ContactForm",
    "DescriptionForm",
    "DuplicateForm",
    "FindForm",
    "FollowForm",
    "PeopleVehiclesForm",
    "QuestionsForm",
    "ShareForm",
    "StatusForm",
    "TriageFilterForm",
    "UpdateForm",
    "WhenForm",
    "WhereForm",
    "WithdrawShareForm",
    "parse_time",
]
