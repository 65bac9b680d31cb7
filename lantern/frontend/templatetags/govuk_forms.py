"""Django form fields as GOV.UK components.

govuk-frontend-django 0.22 has no working tag for form fields (its
``gds_field_component`` returns "Not yet implemented"), so these tags build the
package's component dataclasses (GovUKInput, GovUKRadios, ...) from a Django
``BoundField`` and render them. The markup is the package's, never ours
(docs/adr/0001-govuk-frontend-django.md).

    {% load govuk_forms %}
    {% govuk_error_summary form %}
    {% govuk_field form.email label_classes="govuk-label--l" is_page_heading=True %}

Element ids are Django's (``id_<name>``, or the form's ``auto_id``), so the error
summary links straight to the field, and for radios and checkboxes to the first option.

Also here, for the base layout, the components whose content differs between requests:
``govuk_service_navigation``, ``govuk_messages`` and ``govuk_phase_banner``. They build
the dataclasses in Python rather than through the package's template tags, because those
tags keep each render's values on the template node, which all threads share: two pages
rendered at once can swap their values or fail (the ADR has the details).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.contrib.messages import constants as message_levels
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString
from govuk_frontend_django.components.base import GovUKComponent
from govuk_frontend_django.components.checkboxes import GovUKCheckboxes
from govuk_frontend_django.components.error_summary import GovUKErrorSummary
from govuk_frontend_django.components.file_upload import GovUKFileUpload
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.notification_banner import GovUKNotificationBanner
from govuk_frontend_django.components.password_input import GovUKPasswordInput
from govuk_frontend_django.components.phase_banner import GovUKPhaseBanner
from govuk_frontend_django.components.radios import GovUKRadios
from govuk_frontend_django.components.select import GovUKSelect
from govuk_frontend_django.components.service_navigation import GovUKServiceNavigation
from govuk_frontend_django.components.textarea import GovUKTextarea

from lantern.frontend.date_input import DateInputWidget, date_field_component
from lantern.frontend.forms import error_texts
from lantern.frontend.widgets import PolygonWidget

register = template.Library()

# Widget attributes the components take as their own parameters.
_PARAMS_FROM_ATTRS = ("autocomplete", "spellcheck", "autocapitalize", "inputmode", "pattern")
# Widget attributes we never pass on: the component sets them itself (id, class, type,
# aria-describedby), or GOV.UK advises against them: browser validation (required,
# min/max/step) and maxlength, which cuts text off silently (use a character count).
_DROPPED_ATTRS = frozenset(
    {"id", "class", "type", "required", "aria-describedby", "aria-invalid", "disabled"}
    | {"maxlength", "minlength", "min", "max", "step", "rows", "cols", "multiple"}
    | set(_PARAMS_FROM_ATTRS)
)


def _text_or_html(value: Any) -> dict[str, str]:
    """``{"html": ...}`` for text Django has marked safe (help_text often is), else
    ``{"text": ...}``, which the component escapes."""
    if isinstance(value, SafeData):
        return {"html": str(value)}
    return {"text": str(value)}


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    """Drop unset parameters, so the component's own defaults apply."""
    return {key: value for key, value in params.items() if value not in (None, "", {}, [])}


class _Field:
    """What every component needs from a bound field, computed once."""

    def __init__(self, field: forms.BoundField, options: dict[str, Any]) -> None:
        self.field = field
        self.widget = field.field.widget
        self.options = options
        self.id = field.auto_id or field.html_name
        self.name = field.html_name
        self.label_text = options.get("label", field.label)
        self.is_page_heading = bool(options.get("is_page_heading", False))
        self.label_classes = options.get("label_classes")
        self.disabled = field.field.disabled or None
        attrs = self.widget.attrs
        self.classes = options.get("classes", attrs.get("class"))
        self.params_from_attrs = {key: attrs[key] for key in _PARAMS_FROM_ATTRS if key in attrs}
        if "spellcheck" in self.params_from_attrs:
            self.params_from_attrs["spellcheck"] = self.params_from_attrs["spellcheck"] in (
                True,
                "true",
            )
        self.attributes = {
            # A boolean attribute (autofocus, say) renders as its bare name.
            key: {"value": True, "optional": True} if value is True else value
            for key, value in attrs.items()
            if key not in _DROPPED_ATTRS and value is not False and value is not None
        } or None

    @property
    def label(self) -> dict[str, Any]:
        return _clean(
            {
                **_text_or_html(self.label_text),
                "classes": self.label_classes,
                "isPageHeading": self.is_page_heading or None,
            }
        )

    @property
    def legend(self) -> dict[str, Any]:
        legend_classes = self.options.get("legend_classes")
        if legend_classes is None and self.label_classes:
            # govuk-label--l means govuk-fieldset__legend--l on a fieldset.
            legend_classes = self.label_classes.replace("govuk-label--", "govuk-fieldset__legend--")
        elif legend_classes is None:
            legend_classes = "govuk-fieldset__legend--s"
        return {
            "text": str(self.label_text),
            "isPageHeading": self.is_page_heading,
            "classes": legend_classes,
        }

    @property
    def hint(self) -> dict[str, str] | None:
        hint = self.options.get("hint", self.field.help_text)
        return _text_or_html(hint) if hint else None

    @property
    def error_message(self) -> dict[str, str] | None:
        if not self.field.errors:
            return None
        return {"text": " ".join(error_texts(self.field))}

    @property
    def form_group(self) -> dict[str, str] | None:
        classes = self.options.get("form_group_classes")
        return {"classes": classes} if classes else None

    def common(self) -> dict[str, Any]:
        return {
            "hint": self.hint,
            "errorMessage": self.error_message,
            "formGroup": self.form_group,
            "classes": self.classes,
        }

    def choices(self) -> Iterable[tuple[str, str]]:
        # The widget's choices: the field's, for a ChoiceField or ModelChoiceField.
        for value, label in getattr(self.widget, "choices", ()):
            if isinstance(label, list | tuple):
                raise TypeError(f"{self.name}: option groups are not supported")
            yield ("" if value is None else str(value)), str(label)


def _value(field: forms.BoundField) -> str | None:
    value = field.value()
    return None if value is None else str(value)


def _input(f: _Field) -> GovUKComponent:
    widget = f.widget
    input_type = widget.attrs.get("type", getattr(widget, "input_type", "text"))
    params = dict(f.params_from_attrs)
    if isinstance(widget, forms.NumberInput) and "type" not in widget.attrs:
        # GOV.UK: ask for whole numbers with a text input and a numeric keyboard,
        # never type="number".
        input_type = "text"
        params.setdefault("inputmode", "numeric")
        params.setdefault("spellcheck", False)
    return GovUKInput(
        id=f.id,
        name=f.name,
        type=input_type,
        value=_value(f.field),
        disabled=f.disabled,
        label=f.label,  # type: ignore[arg-type]
        attributes=f.attributes,
        **{key: value for key, value in f.common().items() if value is not None},
        **params,
    )


def _password(f: _Field) -> GovUKComponent:
    widget = f.widget
    value = _value(f.field) if getattr(widget, "render_value", False) else None
    params = {
        key: f.params_from_attrs[key] for key in ("autocomplete",) if key in f.params_from_attrs
    }
    return GovUKPasswordInput(
        id=f.id,
        name=f.name,
        value=value,
        disabled=f.disabled,
        label=f.label,  # type: ignore[arg-type]
        attributes=f.attributes,
        **{key: value for key, value in f.common().items() if value is not None},
        **params,
    )


def _textarea(f: _Field) -> GovUKComponent:
    rows = f.options.get("rows", f.widget.attrs.get("rows"))
    params = {
        key: f.params_from_attrs[key]
        for key in ("autocomplete", "spellcheck")
        if key in f.params_from_attrs
    }
    return GovUKTextarea(
        id=f.id,
        name=f.name,
        rows=str(rows) if rows else None,
        value=_value(f.field),
        disabled=f.disabled,
        label=f.label,  # type: ignore[arg-type]
        attributes=f.attributes,
        **{key: value for key, value in f.common().items() if value is not None},
        **params,
    )


def _select(f: _Field) -> GovUKComponent:
    current = _value(f.field)
    items = [
        # An empty value is kept ("Any ..." / "Choose ..."): without one the browser would
        # submit the option's text instead.
        {"value": value, **_clean({"text": text, "selected": value == current or None})}
        for value, text in f.choices()
    ]
    return GovUKSelect(
        id=f.id,
        name=f.name,
        items=items,  # type: ignore[arg-type]
        disabled=f.disabled,
        label=f.label,  # type: ignore[arg-type]
        attributes=f.attributes,
        **{key: value for key, value in f.common().items() if value is not None},
    )


def _radios(f: _Field) -> GovUKComponent:
    current = _value(f.field)
    items = [
        _clean(
            {
                "value": value,
                "text": text,
                "checked": value == current or None,
                "disabled": f.disabled,
            }
        )
        for value, text in f.choices()
        if value != ""
    ]
    return GovUKRadios(
        idPrefix=f.id,
        name=f.name,
        items=items,  # type: ignore[arg-type]
        fieldset={"legend": f.legend},  # type: ignore[arg-type]
        attributes=f.attributes,
        **{key: value for key, value in f.common().items() if value is not None},
    )


def _checkboxes(f: _Field) -> GovUKComponent:
    values = f.field.value() or []
    current = {str(value) for value in values}
    items = [
        _clean(
            {
                "value": value,
                "text": text,
                "checked": value in current or None,
                "disabled": f.disabled,
            }
        )
        for value, text in f.choices()
        if value != ""
    ]
    return GovUKCheckboxes(
        idPrefix=f.id,
        name=f.name,
        items=items,  # type: ignore[arg-type]
        fieldset={"legend": f.legend},  # type: ignore[arg-type]
        attributes=f.attributes,
        **{key: value for key, value in f.common().items() if value is not None},
    )


def _single_checkbox(f: _Field) -> GovUKComponent:
    """A BooleanField: one checkbox whose label is the field's label, no fieldset."""
    checked = f.widget.check_test(f.field.value())
    item = _clean(
        {
            "value": "true",
            **_text_or_html(f.label_text),
            "checked": checked or None,
            "disabled": f.disabled,
        }
    )
    common = f.common()
    common["classes"] = common["classes"] or "govuk-checkboxes--small"
    return GovUKCheckboxes(
        idPrefix=f.id,
        name=f.name,
        items=[item],  # type: ignore[list-item]
        attributes=f.attributes,
        **{key: value for key, value in common.items() if value is not None},
    )


def _file(f: _Field) -> GovUKComponent:
    return GovUKFileUpload(
        id=f.id,
        name=f.name,
        multiple=bool(f.widget.attrs.get("multiple")) or None,
        disabled=f.disabled,
        label=f.label,  # type: ignore[arg-type]
        attributes=f.attributes,
        **{key: value for key, value in f.common().items() if value is not None},
    )


def field_component(field: forms.BoundField, **options: Any) -> GovUKComponent:
    """The GOV.UK component for ``field``, chosen by its widget. Options: ``label``,
    ``hint``, ``label_classes``, ``legend_classes``, ``is_page_heading``, ``classes``,
    ``form_group_classes``, ``rows``."""
    widget = field.field.widget
    f = _Field(field, options)
    # Order matters: subclasses before their parents.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return _checkboxes(f)
    if isinstance(widget, forms.RadioSelect):
        return _radios(f)
    if isinstance(widget, forms.Select):
        if isinstance(widget, forms.SelectMultiple):
            raise TypeError(f"{f.name}: use CheckboxSelectMultiple, not a multiple select")
        return _select(f)
    if isinstance(widget, forms.CheckboxInput):
        return _single_checkbox(f)
    if isinstance(widget, forms.Textarea):
        return _textarea(f)
    if isinstance(widget, forms.PasswordInput):
        return _password(f)
    if isinstance(widget, forms.FileInput):
        return _file(f)
    if isinstance(widget, forms.widgets.Input) and not isinstance(widget, forms.HiddenInput):
        return _input(f)
    raise TypeError(f"{f.name}: no GOV.UK component for {type(widget).__name__}")


@register.simple_tag
def govuk_field(field: forms.BoundField, **options: Any) -> str:
    """``{% govuk_field form.name label_classes="govuk-label--l" is_page_heading=True %}``.

    A hidden field renders as Django's hidden input. A ``PolygonField`` renders as its
    GOV.UK textarea followed by the map that draws into it (lantern/frontend/widgets.py)."""
    if field.is_hidden:
        return field.as_hidden()
    if isinstance(field.field.widget, DateInputWidget):
        label = str(options.pop("label", field.label))
        return date_field_component(field, label=label, **options)
    html = field_component(field, **options).render()
    widget = field.field.widget
    if isinstance(widget, PolygonWidget):
        label = str(options.get("label", field.label))
        map_html = widget.map_html(field_id=field.auto_id or field.html_name, label=label)
        return format_html('<div class="lantern-polygon-field">{}{}</div>', html, map_html)
    return html


def error_summary(form: forms.BaseForm) -> GovUKErrorSummary | None:
    """The GOV.UK error summary for ``form``, or None when it has no errors. Each error
    links to its field; errors of the form as a whole (and of hidden fields) link to the
    first visible field."""
    if not form.is_bound or not form.errors:
        return None
    visible = form.visible_fields()
    first = f"#{visible[0].auto_id}" if visible and visible[0].auto_id else None
    entries = [_clean({"text": str(error), "href": first}) for error in form.non_field_errors()]
    for field in form:
        href = first if field.is_hidden else f"#{field.auto_id or field.html_name}"
        entries.extend(_clean({"text": text, "href": href}) for text in error_texts(field))
    return GovUKErrorSummary(titleText="There is a problem", errorList=entries)  # type: ignore[arg-type]


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm) -> str:
    """``{% govuk_error_summary form %}``: nothing when the form has no errors."""
    summary = error_summary(form)
    return summary.render() if summary else ""


@register.simple_tag(takes_context=True)
def govuk_service_navigation(
    context: template.Context,
    navigation: Iterable[dict[str, Any]] = (),
    *,
    service_name: str = "Lantern",
    navigation_end: str = "",
) -> str:
    """The GOV.UK service navigation: the service name, ``navigation`` (the dicts from
    ``lantern.frontend.navigation.items_for``), a "Sign in" link for a signed-out visitor,
    and ``navigation_end`` (the base layout's sign-out form) after the links."""
    request: HttpRequest | None = context.get("request")
    items = [dict(item) for item in navigation]
    user = getattr(request, "user", None)
    if request is not None and not (user and user.is_authenticated):
        try:
            href = reverse("accounts:sign-in")
        except NoReverseMatch:
            href = ""
        if href:
            here = request.path == href
            items.append({"text": "Sign in", "href": href, "active": here, "current": here})
        navigation_end = ""
    try:
        home = reverse("frontend:home")
    except NoReverseMatch:
        home = "/"
    slots = {"navigationEnd": conditional_escape(navigation_end)} if navigation_end else None
    return GovUKServiceNavigation(
        serviceName=service_name,
        serviceUrl=home,
        navigation=items,  # type: ignore[arg-type]
        slots=slots,  # type: ignore[arg-type]
    ).render()


@register.simple_tag
def govuk_messages(messages: Iterable[Any] | None) -> str:
    """``{% govuk_messages messages %}``: each Django message as a GOV.UK notification
    banner; success messages as the success banner (role="alert"), the message being its
    heading: what just happened ("Screening recorded")."""
    banners = []
    for number, message in enumerate(messages or (), start=1):
        success = message.level == message_levels.SUCCESS
        content = (
            {
                "html": format_html(
                    '<h3 class="govuk-notification-banner__heading">{}</h3>', message.message
                )
            }
            if success
            else _text_or_html(message.message)
        )
        banner = GovUKNotificationBanner(
            **content,
            type="success" if success else None,
            # Each title needs its own id: the banner's aria-labelledby names it.
            titleId=f"message-title-{number}",
        )
        banners.append(banner.render())
    return SafeString("".join(banners))


@register.simple_tag
def govuk_phase_banner(tag: str, text: str) -> str:
    """``{% govuk_phase_banner tag="Demo" text="This is a new service" %}``."""
    return GovUKPhaseBanner(tag={"text": tag}, text=text).render()  # type: ignore[arg-type]
