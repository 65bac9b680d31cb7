"""The cases pages: cases (cases.py), people and vehicles (subjects.py), enforcement actions
(actions.py), the ASB Case Review (reviews.py) and a council's enforcement policy
(policies.py). Thin: parse, call a service or selector, render. A rule's refusal is shown as
its message."""
