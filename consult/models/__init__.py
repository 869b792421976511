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
from .roles import InquiryRole

# Make sense: themes, key quotes and theme suggestions.
from .themes import ChangeQuote, FindingTheme, SuggestedGroup, SuggestionRun, Theme

__all__ = [
    "AboutYou",
    "AgeBand",
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
    "Participant",
    "ParticipationCode",
    "Phase",
    "PhaseKind",
    "ReferenceShare",
    "RelationshipToCare",
    "SafeguardingConcern",
    "SpendFigure",
    "TookPart",
    "User",
    "YesNo",
]
# Make sense
__all__ += ["ChangeQuote", "FindingTheme", "SuggestedGroup", "SuggestionRun", "Theme"]
