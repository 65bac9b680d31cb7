"""The report pages: the journey (journey.py), residents following their reports
(resident.py), triage (triage.py) and category administration (categories.py)."""
