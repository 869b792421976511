"""The demo: Anyshire's inquiry, its pages and an account for every role.

Idempotent: each object is looked up by its slug or email first, and nothing
that exists is changed, so running it twice changes nothing. Figures marked
illustrative in shared/DOMAIN.md are labelled illustrative here too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from consult import codes, listening, services
from consult.models import EvidenceLabel, Inquiry, InquiryPage, Organisation, PhaseKind
from consult.models.inquiries import today
from consult.roles import GROUP_FOR_ROLE, Role, ensure_role_groups

from . import demo_budget, demo_listen, demo_priorities, demo_room, demo_themes
from .models import ContentPage, FooterSettings, HomePage, NavigationSettings
from .roles import grant_site_editor_page_permissions

INQUIRY_SLUG = "anyshire"
DEMO_DOMAIN = "anyshire.example"
ILLUSTRATIVE_SOURCE = "Illustrative figures for the Anyshire demo (not a real council)"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


@dataclass(frozen=True)
class DemoUser:
    role: Role
    email: str
    name: str
    is_superuser: bool = False


DEMO_USERS = [
    DemoUser(Role.ADMIN, f"admin@{DEMO_DOMAIN}", "Ada Admin", is_superuser=True),
    DemoUser(Role.SITE_EDITOR, f"editor@{DEMO_DOMAIN}", "Esi Editor"),
    DemoUser(Role.FACILITATOR, f"facilitator@{DEMO_DOMAIN}", "Femi Facilitator"),
    DemoUser(Role.MODERATOR, f"moderator@{DEMO_DOMAIN}", "Mo Moderator"),
    DemoUser(Role.SAFEGUARDING_LEAD, f"safeguarding@{DEMO_DOMAIN}", "Sam Safeguarding"),
    DemoUser(Role.ORGANISATION_EDITOR, f"council@{DEMO_DOMAIN}", "Chris Council"),
    DemoUser(Role.PARTICIPANT, f"participant@{DEMO_DOMAIN}", "Pat Participant"),
]

CHANGES = [
    (
        "Communities where everyone belongs",
        "community",
        "Everyone belongs in their community",
        "People look out for each other. Nobody is left out.",
    ),
    (
        "Living in the place we call home",
        "home",
        "Live in the place you call home",
        "You live where you want to live. You live with people you choose.",
    ),
    (
        "Leading the lives we want to live",
        "happy",
        "Live the life you want",
        "You do the things that matter to you.",
    ),
    (
        "More resources, better used",
        "money",
        "More money, spent well",
        "There is more money for support. It pays for the things that help.",
    ),
    (
        "Sharing power as equals",
        "equal",
        "Share power as equals",
        "People who get support help make the big decisions.",
    ),
]

# Anyshire, about £300m a year (shared/DOMAIN.md: illustrative).
AREAS = [
    ("Support in your own home", "Support in your own home", "home", Decimal(78)),
    ("Support with accommodation", "Support with where you live", "door", Decimal(150)),
    (
        "Day activities and employment-related support",
        "Things to do in the day and help with work",
        "work",
        Decimal(18),
    ),
    (
        "Support with leaving hospital",
        "Help when you leave hospital",
        "nurse",
        Decimal(14),
    ),
    ("Whole-community work", "Work with the whole community", "community", Decimal(6)),
]
STAFFING = (
    "Staffing and commissioning",
    "Staff and buying services",
    "group",
    Decimal(34),
)
MILLION = Decimal(1_000_000)


def seed_demo(on: dt.date | None = None) -> SeedReport:
    report = SeedReport()
    with transaction.atomic():
        ensure_role_groups()
        home = _home_page(report)
        grant_site_editor_page_permissions()
        users = _users(report)
        inquiry = _inquiry(report, on or today())
        organisation = _organisation(report)
        services.add_facilitator(inquiry=inquiry, user=users[Role.FACILITATOR])
        services.add_organisation_editor(
            organisation=organisation, user=users[Role.ORGANISATION_EDITOR]
        )
        services.join_inquiry(inquiry=inquiry, user=users[Role.PARTICIPANT])
        _code_batch(report, inquiry, users[Role.FACILITATOR])
        _findings(report, inquiry, users)
        _listen(report, inquiry, users, on or today())
        # Make sense: themes, key quotes and changes (cms/demo_themes.py).
        grouped = demo_themes.seed_themes(inquiry, users[Role.FACILITATOR])
        if grouped:
            report.add(f"{len(demo_themes.THEMES)} themes grouping {grouped} findings")
        # Priority voting (h-ballots)
        voted = demo_priorities.seed_priorities(inquiry, users, on or today())
        if voted:
            report.add(voted)
        # Room mode (h-paperroom)
        linked = demo_room.link_room_ballots(inquiry)
        if linked:
            report.add(linked)
        inquiry_page = _inquiry_page(report, home, inquiry)
        about = _content_page(report, home, "about", "About Coproduce", ABOUT_BODY)
        access = _content_page(
            report, home, "accessibility", "Accessibility and credits", ACCESS_BODY
        )
        _site_settings(report, home, inquiry_page, about, access)
        # The participatory budget: models, ballots, pledges (budgetapp).
        budget_added = demo_budget.seed_budget(inquiry)
        if budget_added:
            report.add(budget_added)
        # Commit and account (h-commit): partners, commitments, progress.
        from . import demo_commitments

        committed = demo_commitments.seed_commitments(
            inquiry, users[Role.ORGANISATION_EDITOR], on or today()
        )
        if committed:
            report.add(committed)
        # Ratings by the inquiry group (h-ratings): cms/demo_ratings.py
        from . import demo_ratings

        rated = demo_ratings.seed_ratings(inquiry, users[Role.MODERATOR])
        if rated:
            report.add(rated)
    return report


def _home_page(report: SeedReport) -> HomePage:
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    # An emptied database (for example flushed between browser tests) has no
    # locale and no root page: Wagtail's migrations made them, so make them again.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    # Wagtail's own "Welcome" placeholder page is replaced by ours.
    for child in root.get_children().filter(slug="home"):
        if child.specific_class is Page:
            child.delete()
    home = HomePage(
        title="Shaping social care together",
        slug="home",
        intro=(
            "<p>Coproduce is where people who draw on care and support, unpaid "
            "carers and the people who run services shape social care together. "
            "Say what works and what doesn't, vote on what matters most, decide "
            "together how money is spent, and see what the council does about it."
            "</p>"
        ),
        easy_read_intro=[
            (
                "point",
                {
                    "pictogram": "talk",
                    "alt_text": "",
                    "text": "Tell us what works for you. Tell us what does not work.",
                },
            ),
            (
                "point",
                {
                    "pictogram": "vote",
                    "alt_text": "",
                    "text": "Vote for the changes you want.",
                },
            ),
            (
                "point",
                {
                    "pictogram": "equal",
                    "alt_text": "",
                    "text": "See what the council does about it.",
                },
            ),
        ],
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Coproduce",
        )
    else:
        site.root_page = home
        site.site_name = "Coproduce"
        site.save()
    report.add("home page")
    return home


def _users(report: SeedReport) -> dict[Role, object]:
    User = get_user_model()
    groups = ensure_role_groups()
    users: dict[Role, object] = {}
    for demo in DEMO_USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = User.objects.create_user(
                username=demo.email.split("@")[0],
                email=demo.email,
                preferred_name=demo.name,
                is_superuser=demo.is_superuser,
                is_staff=demo.is_superuser,
            )
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(
                user=user, email=demo.email, verified=True, primary=True
            )
            if demo.role in GROUP_FOR_ROLE:
                user.groups.add(groups[demo.role])
            report.add(f"user {demo.email}")
        users[demo.role] = user
    return users


def _inquiry(report: SeedReport, on: dt.date) -> Inquiry:
    inquiry = Inquiry.objects.filter(slug=INQUIRY_SLUG).first()
    if inquiry is not None:
        return inquiry
    d = dt.timedelta
    inquiry = services.create_inquiry(
        title="Anyshire: what would make social care work for you?",
        slug=INQUIRY_SLUG,
        question="What would make social care work for you?",
        easy_read_question="What would make care and support good for you?",
        area_name="Anyshire",
        phases=[
            services.PhasePlan(
                PhaseKind.LISTEN,
                on - d(days=30),
                on + d(days=30),
                "Come to a session, phone us, or tell us your story online.",
            ),
            services.PhasePlan(PhaseKind.MAKE_SENSE, on + d(days=31), on + d(days=45)),
            services.PhasePlan(PhaseKind.PRIORITISE, on + d(days=46), on + d(days=75)),
            services.PhasePlan(
                PhaseKind.DECIDE_MONEY, on + d(days=76), on + d(days=105)
            ),
            services.PhasePlan(PhaseKind.PUBLISH, on + d(days=120), None),
            services.PhasePlan(PhaseKind.COMMIT, on + d(days=120), None),
        ],
    )
    for title, pictogram, er_title, er_text in CHANGES:
        services.add_change(
            inquiry=inquiry,
            title=title,
            description="One of the five changes called for by the “Whose Social "
            "Care Is It Anyway?” inquiry (2021), led by people who draw on care.",
            easy_read_title=er_title,
            easy_read_text=er_text,
            pictogram=pictogram,
        )
    areas = [
        services.AreaPlan(
            name=name,
            easy_read_name=er_name,
            pictogram=pictogram,
            is_decision_area=name != STAFFING[0],
            figures=[
                services.FigurePlan(
                    "2023-24",
                    amount * MILLION,
                    ILLUSTRATIVE_SOURCE,
                    EvidenceLabel.ILLUSTRATIVE,
                )
            ],
        )
        for name, er_name, pictogram, amount in [*AREAS, STAFFING]
    ]
    services.record_money_picture(
        inquiry=inquiry,
        organisation_name="Anyshire Council",
        year_label="2023-24",
        pot=Decimal(3) * MILLION,
        pot_note="An innovation pot of 1 in every 100 pounds the council spends "
        "on adult social care, for people to decide on together.",
        evidence=EvidenceLabel.ILLUSTRATIVE,
        source=ILLUSTRATIVE_SOURCE,
        areas=areas,
    )
    report.add("inquiry anyshire with phases, 5 changes and the money picture")
    return inquiry


def _code_batch(report: SeedReport, inquiry: Inquiry, facilitator: object) -> None:
    """Cards for the demo. Codes are kept only as hashes, so the plain codes
    are shown once, in the seed report, for trying the code page."""
    if inquiry.code_batches.exists():
        return
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Demo cards", size=8, created_by=facilitator
    )
    shown = ", ".join(codes.display(code) for code in plain)
    report.add(f"8 participation codes (shown only now): {shown}")


# What people said (made up for the demo), with how they said it, their consent
# and where moderation has got to. One is a safeguarding concern.
DEMO_FINDINGS = [
    (
        "My personal assistant knows me and what I like. That is why it works.",
        "session",
        "named",
        "Joy",
        "published",
        1,
    ),
    (
        "I had six different carers in one week. Nobody knew how I take my tablets.",
        "phone",
        "anonymous",
        "",
        "published",
        1,
    ),
    (
        "I want to live with my friends, not in a home with people I don't know.",
        "session",
        "anonymous",
        "",
        "published",
        2,
    ),
    (
        "Shared Lives changed my life. I am part of a family now.",
        "online",
        "named",
        "Sam",
        "published",
        2,
    ),
    (
        "The day centre closed and now I don't go out at all.",
        "session",
        "anonymous",
        "",
        "published",
        3,
    ),
    (
        "Help me get a job. I don't want to just sit at home.",
        "post",
        "anonymous",
        "",
        "published",
        3,
    ),
    (
        "When I left hospital there was no support at home for two weeks.",
        "phone",
        "count_only",
        "",
        "published",
        4,
    ),
    (
        "Carers need breaks too. I have not had a night off in a year.",
        "online",
        "anonymous",
        "",
        "published",
        1,
    ),
    (
        "The library group is the best thing in my week. Keep it going.",
        "session",
        "named",
        "Pat",
        "published",
        5,
    ),
    (
        "Nobody asks us what we want before they decide.",
        "session",
        "anonymous",
        "",
        "pending",
        5,
    ),
    (
        "The forms are too hard. I need someone to help me fill them in.",
        "post",
        "anonymous",
        "",
        "pending",
        1,
    ),
    (
        "Transport to activities costs too much for me.",
        "phone",
        "count_only",
        "",
        "private",
        3,
    ),
    (
        "Someone at home is hurting me and takes my money.",
        "phone",
        "anonymous",
        "",
        "pending",
        1,
    ),
]


def _findings(report: SeedReport, inquiry: Inquiry, users: dict) -> None:
    if inquiry.findings.exists():
        return
    areas = {a.number: a for a in inquiry.budget.areas.all()}
    facilitator = users[Role.FACILITATOR]
    moderator = users[Role.MODERATOR]
    for text, channel, consent, name, state, area in DEMO_FINDINGS:
        finding = listening.record_finding(
            inquiry=inquiry,
            text=text,
            channel=channel,
            consent=consent,
            display_name=name,
            areas=[areas[area]],
            recorded_by=None if channel == "online" else facilitator,
        )
        if "hurting me" in text:
            listening.raise_safeguarding_concern(finding=finding, raised_by=facilitator)
        elif state != "pending":
            action = "publish" if state == "published" else "private"
            listening.moderate_finding(finding=finding, action=action, actor=moderator)
    report.add(f"{len(DEMO_FINDINGS)} findings, one a safeguarding concern")


def _listen(report: SeedReport, inquiry: Inquiry, users: dict, on: dt.date) -> None:
    facilitator = users[Role.FACILITATOR]
    planned = demo_listen.seed_sessions(inquiry, facilitator, on)
    people = demo_listen.seed_people(inquiry, facilitator)
    added = demo_listen.seed_more_findings(inquiry, users, planned[:2], people)
    answered = demo_listen.seed_about_you(inquiry, people)
    if added:
        report.add(
            f"{len(planned)} sessions (2 past, with attendance), {len(people)} "
            f"people with cards, {added} more findings, {answered} 'About you' "
            "answers and a reference profile by age band (illustrative)"
        )


def _organisation(report: SeedReport) -> Organisation:
    organisation = Organisation.objects.filter(slug="anyshire-council").first()
    if organisation is None:
        organisation = services.create_organisation(
            name="Anyshire Council", slug="anyshire-council", kind="council"
        )
        report.add("organisation Anyshire Council")
    return organisation


def _inquiry_page(report: SeedReport, home: HomePage, inquiry: Inquiry) -> InquiryPage:
    existing = InquiryPage.objects.filter(inquiry=inquiry).first()
    if existing is not None:
        return existing
    page = InquiryPage(
        title=inquiry.title,
        slug=INQUIRY_SLUG,
        inquiry=inquiry,
        intro=[
            (
                "paragraph",
                "<p>This inquiry is led by people in Anyshire who draw on "
                "care and support. We want to hear from anyone who gets care, cares "
                "for someone, asked for support and did not get it, or works in care."
                "</p>",
            ),
            (
                "paragraph",
                "<p>Take part in the way that suits you: at a session, "
                "on the phone with someone who writes your words down, online, or in "
                "a group hosted by people like you.</p>",
            ),
        ],
        easy_read_intro=[
            (
                "point",
                {
                    "pictogram": "talk",
                    "alt_text": "",
                    "text": "We want to hear from you.",
                },
            ),
            (
                "point",
                {
                    "pictogram": "home",
                    "alt_text": "",
                    "text": "We all want to live in the place we call home. We want to do the things that matter to us.",
                },
            ),
            (
                "point",
                {
                    "pictogram": "telephone",
                    "alt_text": "",
                    "text": "You can come to a meeting. You can phone us. You can tell us online.",
                },
            ),
            (
                "point",
                {
                    "pictogram": "help",
                    "alt_text": "",
                    "text": "You can bring someone to help you.",
                },
            ),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    report.add("inquiry page")
    return page


ABOUT_BODY = [
    (
        "section",
        {
            "heading": "Why Coproduce",
            "easy_read_heading": "Why we made this website",
            "standard": [
                (
                    "paragraph",
                    "<p>Social care is often designed for people instead of with them. Coproduce supports inquiries where people who draw on care talk peer to peer, decide what should change, and ask councils to commit to those changes in public.</p>",
                )
            ],
            "easy_read": [
                (
                    "point",
                    {
                        "pictogram": "talk",
                        "alt_text": "",
                        "text": "People who get support know what works.",
                    },
                ),
                (
                    "point",
                    {
                        "pictogram": "equal",
                        "alt_text": "",
                        "text": "We want them to make decisions with the council.",
                    },
                ),
            ],
        },
    ),
]
ACCESS_BODY = [
    (
        "section",
        {
            "heading": "Accessibility",
            "easy_read_heading": "Making this website easy to use",
            "standard": [
                (
                    "paragraph",
                    "<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Every page has an easy read version, large text and high contrast. You can change how pages look with the buttons at the top of every page. Everything works without JavaScript.</p>",
                )
            ],
            "easy_read": [
                (
                    "point",
                    {
                        "pictogram": "read",
                        "alt_text": "",
                        "text": "Every page has an easy read version.",
                    },
                ),
                (
                    "point",
                    {
                        "pictogram": "large",
                        "alt_text": "",
                        "text": "You can make the words bigger.",
                    },
                ),
            ],
        },
    ),
    (
        "section",
        {
            "heading": "Credits",
            "easy_read_heading": "Who made the pictures",
            "standard": [
                (
                    "paragraph",
                    "<p>Pictograms are Mulberry Symbols by Steve Lee, licensed under Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0). Coproduce is free software under the GNU Affero General Public License, version 3 or later.</p>",
                )
            ],
            "easy_read": [
                (
                    "point",
                    {
                        "pictogram": "good",
                        "alt_text": "",
                        "text": "The pictures are Mulberry Symbols. Steve Lee made them.",
                    },
                ),
            ],
        },
    ),
]


def _content_page(
    report: SeedReport, home: HomePage, slug: str, title: str, body: list
) -> ContentPage:
    existing = ContentPage.objects.child_of(home).filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = ContentPage(title=title, slug=slug, body=body)
    home.add_child(instance=page)
    page.save_revision().publish()
    report.add(f"page {slug}")
    return page


def _site_settings(
    report: SeedReport,
    home: HomePage,
    inquiry_page: InquiryPage,
    about: ContentPage,
    access: ContentPage,
) -> None:
    site = Site.objects.get(root_page=home)
    nav = NavigationSettings.for_site(site)
    if not nav.links:
        nav.links = [
            ("link", {"label": "Anyshire inquiry", "page": inquiry_page, "url": ""}),
            ("link", {"label": "About", "page": about, "url": ""}),
        ]
        nav.save()
        report.add("navigation")
    footer = FooterSettings.for_site(site)
    if not footer.links:
        footer.about = (
            "Coproduce Anyshire is run by people who draw on care and support, "
            "with Anyshire Council. This is a demo: Anyshire is not a real place."
        )
        footer.contact = (
            "Phone 01632 960 123 (a demo number), Monday to Friday, 9am to 5pm."
        )
        footer.links = [
            ("link", {"label": "Accessibility and credits", "page": access, "url": ""}),
            ("link", {"label": "About", "page": about, "url": ""}),
        ]
        footer.save()
        report.add("footer")
