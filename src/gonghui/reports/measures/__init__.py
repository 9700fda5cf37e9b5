"""The measures behind the annual statistics return (工会统计年报), by subject.

A return's layout (``layouts.py``) is data: each cell names a measure key here, with optional
parameters (``members?gender=F``), or a formula over other rows. A measure knows, for an org's
subtree and a year, the rows it counts (``rows``: the list a figure drills down to) and how
they add up (``total``: a count, or the sum of a field). Every measure reads live data through
the scoped managers, so the return is computed for whatever subtree the user may see.

The registry and the machinery (``Span``, ``Measure``, ``measure``, ``totals``) are in
``_common``; the measures themselves in one module per subject, each registered when this
package is imported. Every name stays importable from ``gonghui.reports.measures``.
"""

from ._common import (  # noqa: F401
    MEASURES,
    MOVES,
    YOUNG_AGE,
    Measure,
    Span,
    _changed_after,
    _date,
    _first_after,
    _members_at_end_moved,
    _org_name,
    _parts,
    _reconstructed,
    everything,
    measure,
    totals,
)
from .assistance import (  # noqa: F401
    aid_source,
    budget_source,
    hardship_source,
)
from .contests import (  # noqa: F401
    competitions_source,
)
from .democracy import (  # noqa: F401
    CONTRACT_COLUMNS,
    _contract_kind,
    congress_source,
    contracts_source,
    disclosing_source,
)
from .members import (  # noqa: F401
    MEMBER_COLUMNS,
    joined_source,
    members,
    members_at_end_source,
    members_joined,
)
from .officials import (  # noqa: F401
    officials,
    officials_source,
)
from .proposals import (  # noqa: F401
    PROPOSAL_COLUMNS,
    _adopted,
    improvement_proposals,
    proposal_benefit,
    proposals_source,
)
from .rights import (  # noqa: F401
    grievances,
    grievances_source,
    homes_source,
    mediation_cases,
    mediation_source,
)
from .unions import (  # noqa: F401
    EMPLOYER_COLUMNS,
    SIZE_BANDS,
    UNION_COLUMNS,
    _existing,
    _main_employer,
    _unionised,
    employers,
    employers_source,
    grassroots_unions,
    unions_dissolved,
    unions_founded,
    unions_source,
    workers,
)
