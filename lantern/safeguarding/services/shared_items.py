"""What a referral tells the agency about the person, item by item, as the person agreed
(issue 20): their name, how to reach them, where to find them, and the referrer's contact.

The referrer records each item the person consented to share, with its value. An item the
person did not consent to is never stored: a value typed (or filled in for the referrer)
for an item not ticked is dropped, and the check-your-answers page says "Not shared: the
person did not consent" for it before the referral is sent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lantern.safeguarding.models import SharedItem

# The Referral field (and form field) that holds each item's value.
FIELDS: dict[str, str] = {
    SharedItem.NAME: "shared_name",
    SharedItem.CONTACT: "shared_contact",
    SharedItem.PLACE: "shared_place",
    SharedItem.REFERRER: "referrer_contact",
}
MAX_LENGTH = 200
MISSING = {
    SharedItem.NAME: "Enter the name the person agreed to share",
    SharedItem.CONTACT: "Enter how the agency may reach the person",
    SharedItem.PLACE: "Enter where the agency may find the person",
    SharedItem.REFERRER: "Enter how the agency may reach you",
}


def shared_items_clean(
    errors: dict[str, list[str]], items: Sequence[str], details: Mapping[str, str]
) -> tuple[list[str], dict[str, str]]:
    """The consented item codes (in a fixed order) and the Referral field values, blank for
    every item not consented to. Problems go into ``errors`` under the form's field names."""
    chosen = list(dict.fromkeys(items))
    if any(code not in FIELDS for code in chosen):
        errors["shared_items"] = ["Choose from the list"]
        return [], {}
    values: dict[str, str] = {}
    for code, field in FIELDS.items():
        value = (details.get(code) or "").strip()
        if code not in chosen:
            values[field] = ""  # not consented to: never stored
        elif not value:
            errors[field] = [MISSING[SharedItem(code)]]
        elif len(value) > MAX_LENGTH:
            errors[field] = [f"Must be {MAX_LENGTH} characters or fewer"]
        else:
            values[field] = value
    ordered = [code for code in FIELDS if code in chosen]
    return ordered, values
