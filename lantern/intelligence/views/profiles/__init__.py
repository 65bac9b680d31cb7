"""The intelligence pages: profiles (URL patterns below, included by lantern/intelligence/urls.py).

- ``subject-profile`` and ``subject-profile-pdf``: the NIM subject profile of a person or
  vehicle entity, as a page and a PDF;
- ``problem-profile`` and ``problem-profile-pdf``: a place and period (a GET form);
- ``tasking``: the open tasking actions; ``tasking-add``, ``tasking-complete`` and
  ``tasking-cancel`` record actions agreed at the tasking meeting.

Anyone who may not read intelligence gets a 404 on every one of them.
"""

from django.urls import URLPattern, path

from lantern.intelligence.views.profiles.pages import (
    problem_profile,
    problem_profile_pdf_view,
    subject_profile,
    subject_profile_pdf_view,
)
from lantern.intelligence.views.profiles.tasking import (
    tasking,
    tasking_add,
    tasking_cancel,
    tasking_complete,
)

urlpatterns: list[URLPattern] = [
    path("entities/<uuid:entity_id>/profile/", subject_profile, name="subject-profile"),
    path(
        "entities/<uuid:entity_id>/profile.pdf",
        subject_profile_pdf_view,
        name="subject-profile-pdf",
    ),
    path("problem-profile/", problem_profile, name="problem-profile"),
    path("problem-profile.pdf", problem_profile_pdf_view, name="problem-profile-pdf"),
    path("tasking/", tasking, name="tasking"),
    path("tasking/new/", tasking_add, name="tasking-add"),
    path("tasking/<uuid:action_id>/complete/", tasking_complete, name="tasking-complete"),
    path("tasking/<uuid:action_id>/cancel/", tasking_cancel, name="tasking-cancel"),
]
