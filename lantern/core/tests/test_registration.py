import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantern.core.registration import (
    InvalidRegistration,
    Sighting,
    describe,
    display,
    is_partial,
    normalise,
    normalise_sighting,
)


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


# --- part of a plate ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ab12 cde", Sighting("AB12CDE", partial=False)),
        ("ABC 123D", Sighting("ABC123D", partial=False)),
        ("AB12 C", Sighting("AB12 C", partial=True)),
        ("ab12  c", Sighting("AB12 C", partial=True)),
        ("ab12-c", Sighting("AB12 C", partial=True)),
        ("AB12", Sighting("AB12", partial=True)),  # a current plate's first half
        ("AB12CD", Sighting("AB12CD", partial=True)),
        ("K 7", Sighting("K7", partial=False)),  # a dateless mark
        ("B12 CD", Sighting("B12 CD", partial=True)),
        ("CDE", Sighting("CDE", partial=True)),
    ],
)
def test_a_sighting_is_a_whole_registration_or_the_part_seen(typed, expected):
    assert normalise_sighting(typed) == expected
    assert is_partial(expected.registration) is expected.partial


@pytest.mark.parametrize("typed", ["", "  ", "A", "AB12 CDEFG", "AB12 C!", "ÄB12 C", "A B C D E"])
def test_a_sighting_is_refused_when_it_is_no_part_of_a_plate(typed):
    with pytest.raises(InvalidRegistration):
        normalise_sighting(typed)


def test_a_partial_registration_says_so():
    assert describe("AB12 C", partial=True) == "AB12 C (partial)"
    assert describe("AB12CDE", partial=False) == "AB12 CDE"
