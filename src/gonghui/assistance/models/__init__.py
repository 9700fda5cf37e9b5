"""Models of hardship assistance, by subject: hardship files, programmes (cycles, budgets, entitlements, payments) and jobless workers."""

from ._common import (  # noqa: F401
    MONEY,
    PURGED_NAME,
    USER,
    _norm_id,
    normalize_account,
)
from .files import (  # noqa: F401
    Attachment,
    Declaration,
    DibaoStandard,
    ExclusionOverride,
    ExternalAid,
    FileChild,
    HardshipCost,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeSource,
    Objection,
    SpotCheck,
    YearlyReview,
)
from .jobless import (  # noqa: F401
    JoblessWorker,
    JobReferral,
    StartupSupport,
    TrainingEnrolment,
    WorkerChild,
)
from .programmes import (  # noqa: F401
    Budget,
    Cycle,
    Entitlement,
    Flag,
    Payment,
    PaymentConfirmation,
    PaymentQuerySet,
    Programme,
)

# The rows that make up a hardship file's record of the household, by name: what the retention
# purge deletes, and (with the file) what a merge of unions moves.
FILE_PARTS = {
    "household": HouseholdMember,
    "incomes": IncomeSource,
    "costs": HardshipCost,
    "declarations": Declaration,
    "attachments": Attachment,
    "visits": HomeVisit,
    "objections": Objection,
    "overrides": ExclusionOverride,
    "reviews": YearlyReview,
    "flags": Flag,
}
