"""Models of workplace democracy, by subject: affairs disclosure (厂务公开), collective
consultation (集体协商), collective contracts (集体合同) and joint commitments (共同约定行动).
Every model stays importable from ``gonghui.workplace.models`` (migrations name them there)."""

from ._common import (  # noqa: F401
    USER,
)
from .commitments import (  # noqa: F401
    CommitmentCheck,
    CommitmentStatus,
    CommitmentTarget,
    JointCommitment,
    Pledge,
)
from .consultations import (  # noqa: F401
    Consultation,
    ConsultationKind,
    ConsultationRound,
    ConsultationStatus,
    Coverage,
    Covering,
    Representative,
    Side,
)
from .contracts import (  # noqa: F401
    Contract,
    ContractKind,
    ContractStatus,
)
from .disclosures import (  # noqa: F401
    Channel,
    Disclosure,
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureQuestion,
    DisclosureStatus,
    QuestionKind,
    attachment_path,
)
