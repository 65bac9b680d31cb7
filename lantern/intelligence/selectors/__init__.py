"""Every read of intelligence, already filtered by need to know (access.py)."""

from lantern.intelligence.selectors import access as access
from lantern.intelligence.selectors.network import (
    Filters as Filters,
)
from lantern.intelligence.selectors.network import (
    Network as Network,
)
from lantern.intelligence.selectors.network import (
    neighbourhood as neighbourhood,
)
from lantern.intelligence.selectors.network import (
    whole_network as whole_network,
)
from lantern.intelligence.selectors.records import (
    candidate_get as candidate_get,
)
from lantern.intelligence.selectors.records import (
    candidate_list as candidate_list,
)
from lantern.intelligence.selectors.records import (
    entity_get as entity_get,
)
from lantern.intelligence.selectors.records import (
    entity_list as entity_list,
)
from lantern.intelligence.selectors.records import (
    entity_picture as entity_picture,
)
from lantern.intelligence.selectors.records import (
    has_source_record as has_source_record,
)
from lantern.intelligence.selectors.records import (
    report_get as report_get,
)
from lantern.intelligence.selectors.records import (
    report_list as report_list,
)
from lantern.intelligence.selectors.records import (
    reports_about as reports_about,
)
from lantern.intelligence.selectors.records import (
    source_record_get as source_record_get,
)
