"""The cached component renderer gives exactly the library's HTML, much faster."""

from __future__ import annotations

import pytest
from govuk_frontend_django.components.button import GovUKButton
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.label import GovUKLabel
from govuk_frontend_django.components.warning_text import GovUKWarningText

from lantern.frontend import govuk_render
from lantern.frontend.components import ScrollableTable, summary_list, table, table_wrapper

COMPONENTS = [
    GovUKButton(text="Sign in <now>"),
    GovUKWarningText(text="If someone is in danger now, call 999."),
    GovUKInput(name="email", label=GovUKLabel(text="Email address"), value="a@b.c", type="email"),
    table(caption="Events", head=["When", "What"], rows=[("today", "<script>x</script>")]),
    summary_list([("Key", "value & more"), ("Empty", None)]),
]


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: type(c).__name__)
def test_same_html_as_the_library(component):
    expected = govuk_render.original_render(component)
    if isinstance(component, ScrollableTable):  # the library's table, in its scroll region
        expected = table_wrapper(expected, label=component.caption)
    assert str(component) == expected


def test_text_is_escaped():
    html = str(table(caption="c", head=["h"], rows=[("<script>x</script>",)]))
    assert "<script>x" not in html and "&lt;script&gt;" in html
