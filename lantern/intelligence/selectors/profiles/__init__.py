"""The NIM products (DOMAIN.md 6.2): a subject profile of one person or vehicle and a problem
profile of a place and period, as the reader may see them (docs/intelligence/profiles.md).

Everything here is read through need to know (access.py) and the owning apps' selectors:
reports through the reports app, cases and enforcement through the cases app, safeguarding
as counts only. Sources are sanitised: an origin is named by its type and reference, never
by a source record. Each profile read is one access event with its purpose ("subject
profile" or "problem profile"), beside the events of the records it reads.
"""

from lantern.intelligence.selectors.profiles.common import (
    GradedRow as GradedRow,
)
from lantern.intelligence.selectors.profiles.common import (
    ProfileNetwork as ProfileNetwork,
)
from lantern.intelligence.selectors.profiles.common import SubjectProfile as SubjectProfile
from lantern.intelligence.selectors.profiles.common import (
    when as when,
)
from lantern.intelligence.selectors.profiles.problem import (
    ProblemProfile as ProblemProfile,
)
from lantern.intelligence.selectors.profiles.problem import (
    ProblemScope as ProblemScope,
)
from lantern.intelligence.selectors.profiles.problem import (
    problem_places as problem_places,
)
from lantern.intelligence.selectors.profiles.problem import (
    problem_profile as problem_profile,
)
from lantern.intelligence.selectors.profiles.problem import (
    problem_scope as problem_scope,
)
from lantern.intelligence.selectors.profiles.subject import (
    subject_entity as subject_entity,
)
from lantern.intelligence.selectors.profiles.subject import (
    subject_profile as subject_profile,
)
