"""Consultation models. One module per concern; import them here for Django."""

from .accounts import User
from .changes import Change
from .findings import (
    Channel,
    Consent,
    Finding,
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

__all__ = [
    "Budget",
    "BudgetArea",
    "Change",
    "Channel",
    "CodeBatch",
    "Consent",
    "EvidenceLabel",
    "Finding",
    "FindingReport",
    "Inquiry",
    "InquiryPage",
    "InquiryRole",
    "ModerationEvent",
    "ModerationState",
    "Organisation",
    "OrganisationEditor",
    "Participant",
    "ParticipationCode",
    "Phase",
    "PhaseKind",
    "SafeguardingConcern",
    "SpendFigure",
    "User",
]
