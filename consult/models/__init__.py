"""Consultation models. One module per concern; import them here for Django."""

from .about_you import (
    AboutYou,
    AgeBand,
    Dimension,
    EthnicGroup,
    LocalArea,
    ReferenceShare,
    RelationshipToCare,
    TookPart,
    YesNo,
)
from .accounts import User
from .changes import Change
from .findings import (
    Channel,
    Consent,
    Finding,
    FindingAttachment,
    FindingReport,
    ModerationEvent,
    ModerationState,
    SafeguardingConcern,
)
from .inquiries import Inquiry, InquiryPage, Phase, PhaseKind
from .money import Budget, BudgetArea, EvidenceLabel, SpendFigure
from .organisations import Organisation, OrganisationEditor
from .participants import CodeBatch, Participant, ParticipationCode
from .priorities import (  # priority voting (h-ballots)
    BallotChannel,
    PaperBatch,
    PriorityBallot,
    PriorityChoice,
    PrioritySettings,
    VotingMethod,
)
from .roles import InquiryRole

__all__ = [
    "AboutYou",
    "AgeBand",
    "BallotChannel",
    "Budget",
    "BudgetArea",
    "Change",
    "Channel",
    "CodeBatch",
    "Consent",
    "Dimension",
    "EthnicGroup",
    "EvidenceLabel",
    "Finding",
    "FindingAttachment",
    "FindingReport",
    "Inquiry",
    "InquiryPage",
    "InquiryRole",
    "LocalArea",
    "ModerationEvent",
    "ModerationState",
    "Organisation",
    "OrganisationEditor",
    "PaperBatch",
    "Participant",
    "ParticipationCode",
    "Phase",
    "PhaseKind",
    "PriorityBallot",
    "PriorityChoice",
    "PrioritySettings",
    "ReferenceShare",
    "RelationshipToCare",
    "SafeguardingConcern",
    "SpendFigure",
    "TookPart",
    "User",
    "VotingMethod",
    "YesNo",
]
