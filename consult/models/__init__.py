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
from .budgeting import (
    BallotKind,
    BudgetBallot,
    BudgetChannel,
    BudgetModelVote,
    BudgetSplitLine,
    CostBasis,
    EvidenceStrength,
    FindingStance,
    Pledge,
    PledgeKind,
    SupportModel,
    SupportModelFinding,
)
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
from .money import Budget, BudgetArea, EvidenceLabel, ModelVoteType, SpendFigure
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

# Make sense: themes, key quotes and theme suggestions.
from .themes import ChangeQuote, FindingTheme, SuggestedGroup, SuggestionRun, Theme

__all__ = [
    "AboutYou",
    "AgeBand",
    "BallotChannel",
    "BallotKind",
    "Budget",
    "BudgetArea",
    "BudgetBallot",
    "BudgetChannel",
    "BudgetModelVote",
    "BudgetSplitLine",
    "Change",
    "Channel",
    "CodeBatch",
    "Consent",
    "CostBasis",
    "Dimension",
    "EthnicGroup",
    "EvidenceLabel",
    "EvidenceStrength",
    "Finding",
    "FindingAttachment",
    "FindingReport",
    "FindingStance",
    "Inquiry",
    "InquiryPage",
    "InquiryRole",
    "LocalArea",
    "ModelVoteType",
    "ModerationEvent",
    "ModerationState",
    "Organisation",
    "OrganisationEditor",
    "PaperBatch",
    "Participant",
    "ParticipationCode",
    "Phase",
    "PhaseKind",
    "Pledge",
    "PledgeKind",
    "PriorityBallot",
    "PriorityChoice",
    "PrioritySettings",
    "ReferenceShare",
    "RelationshipToCare",
    "SafeguardingConcern",
    "SpendFigure",
    "SupportModel",
    "SupportModelFinding",
    "TookPart",
    "User",
    "VotingMethod",
    "YesNo",
]
# Make sense
__all__ += ["ChangeQuote", "FindingTheme", "SuggestedGroup", "SuggestionRun", "Theme"]
# Publish
from .results import PdfStatus, PdfVariant, ResultsPdf  # noqa: E402

__all__ += ["PdfStatus", "PdfVariant", "ResultsPdf"]
# Commit and account (h-commit)
from .commitments import (  # noqa: E402
    Commitment,
    CommitmentStatus,
    MakingItRealTheme,
    Milestone,
    ProgressUpdate,
    ProgressUpdateRevision,
)

__all__ += [
    "Commitment",
    "CommitmentStatus",
    "MakingItRealTheme",
    "Milestone",
    "ProgressUpdate",
    "ProgressUpdateRevision",
]
# Ratings, overdue reminders and organisation invitations (h-ratings)
from .commitments import OverdueReminder  # noqa: E402
from .organisations import OrganisationInvite  # noqa: E402
from .ratings import RatingValue, UpdateRating  # noqa: E402

__all__ += ["OrganisationInvite", "OverdueReminder", "RatingValue", "UpdateRating"]

# Follow, digests (h-commitio)
from .follows import DigestItem, Follow, Frequency  # noqa: E402

__all__ += ["DigestItem", "Follow", "Frequency"]

# Emails sent once (h-audit)
from .sent_mail import SentMail  # noqa: E402

__all__ += ["SentMail"]

# People's rights over their data (h-privacy)
from .privacy import (  # noqa: E402
    ConsentChannel,
    ConsentRecord,
    ConsentTopic,
    PrivacyRequest,
    PrivacyRequestKind,
    PrivacyRequestSource,
)

__all__ += [
    "ConsentChannel",
    "ConsentRecord",
    "ConsentTopic",
    "PrivacyRequest",
    "PrivacyRequestKind",
    "PrivacyRequestSource",
]
