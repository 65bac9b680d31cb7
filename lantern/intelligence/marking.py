"""The protective marking printed on intelligence products (profiles, their PDFs)."""

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
