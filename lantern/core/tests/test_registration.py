import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantern.core.registration import InvalidRegistration, display, normalise


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ab12 cde", "AB12CDE"),
        ("AB12-CDE", "AB12CDE"),
        (" a123 bcd ", "A123BCD"),
        ("ABC 123D", "ABC123D"),
        ("1 ABC", "1ABC"),
        ("ABZ 1234", "ABZ1234"),
    ],
)
def test_normalises_uk_formats(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "AB12CDEFG", "ABCD", "12345", "AB12 CD!", "ÄB12CDE"])
def test_refuses_what_is_not_a_registration(typed):
    with pytest.raises(InvalidRegistration):
        normalise(typed)


def test_display_spaces_current_marks():
    assert display("AB12CDE") == "AB12 CDE"
    assert display("A123BCD") == "A123BCD"


@given(st.text(max_size=20))
def test_normalise_never_crashes_and_is_idempotent(text):
    try:
        compact = normalise(text)
    except InvalidRegistration:
        return
    assert normalise(compact) == compact and " " not in compact
