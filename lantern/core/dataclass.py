"""Data classes of records (UK GDPR Art. 9 and 10, DPA 2018 Part 3): how sensitive a record
is decides who may read it and whether each read is logged as an access event."""

from enum import StrEnum


class DataClass(StrEnum):
    PUBLIC = "public"
    PERSONAL = "personal"
    SPECIAL_CATEGORY = "special_category"
    CRIMINAL_OFFENCE = "criminal_offence"
    INTELLIGENCE = "intelligence"

    @property
    def reads_are_logged(self) -> bool:
        return self is not DataClass.PUBLIC
