"""How each API object looks. Every field has help text: it becomes the
schema's description and the docs page's field table."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from themes.pictograms import get_pictogram

from ..commitments import status as commitment_rules
from ..models import Commitment, CommitmentStatus, Inquiry, Organisation, Phase
from ..models.inquiries import PhaseStatus, today
from ..models.priorities import VotingMethod
from ..publication import is_published
from ..sensemaking.selectors import ChangeView


def _absolute(context: dict[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class PhaseSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(
        choices=Phase._meta.get_field("kind").choices,
        help_text="Which phase: listen, make_sense, prioritise, decide_money, "
        "publish or commit.",
    )
    name = serializers.CharField(
        source="get_kind_display", help_text='Its name in words, e.g. "Listen".'
    )
    opens_on = serializers.DateField(help_text="The first day of the phase.")
    closes_on = serializers.DateField(
        allow_null=True, help_text="The last day of the phase; null if it has no end."
    )
    status = serializers.ChoiceField(
        choices=PhaseStatus.choices,
        help_text="Today: upcoming, open or closed.",
    )
    note = serializers.CharField(help_text="What people should know; may be empty.")

    class Meta:
        model = Phase
        fields = ["kind", "name", "opens_on", "closes_on", "status", "note"]


class InquiryLinksSerializer(serializers.Serializer):
    page = serializers.URLField(help_text="The inquiry's public page.")
    changes_page = serializers.URLField(help_text="Its public page of changes.")
    api = serializers.URLField(help_text="This inquiry in the API.")
    changes = serializers.URLField(help_text="Its changes in the API.")
    results = serializers.URLField(
        allow_null=True,
        help_text="Its results in the API; null until they are published.",
    )


class InquirySerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(help_text="The inquiry's short name in addresses.")
    title = serializers.CharField(help_text="The inquiry's title.")
    question = serializers.CharField(help_text="The question people are asked.")
    easy_read_question = serializers.CharField(
        help_text="The question in easy read (15 words or fewer)."
    )
    area = serializers.CharField(
        source="area_name", help_text="The place it covers; may be empty."
    )
    phases = PhaseSerializer(
        many=True, source="phases_in_order", help_text="Its phases, in order."
    )
    results_published = serializers.BooleanField(
        source="results_are_published",
        help_text="Whether an editor has published its results.",
    )
    results_published_at = serializers.DateTimeField(
        allow_null=True, help_text="When they were published; null if not."
    )
    links = serializers.SerializerMethodField(
        help_text="Where to read more, on the site and in the API."
    )

    class Meta:
        model = Inquiry
        fields = [
            "slug",
            "title",
            "question",
            "easy_read_question",
            "area",
            "phases",
            "results_published",
            "results_published_at",
            "links",
        ]

    @extend_schema_field(InquiryLinksSerializer)
    def get_links(self, inquiry: Inquiry) -> dict[str, str | None]:
        page_url = inquiry.page.get_url(request=self.context.get("request"))
        slug = inquiry.slug
        return {
            "page": _absolute(self.context, page_url),
            "changes_page": _absolute(self.context, f"{page_url}changes/"),
            "api": _absolute(self.context, reverse("api:inquiry", args=[slug])),
            "changes": _absolute(self.context, reverse("api:changes", args=[slug])),
            "results": (
                _absolute(self.context, reverse("api:results", args=[slug]))
                if is_published(inquiry)
                else None
            ),
        }


class PictogramSerializer(serializers.Serializer):
    name = serializers.CharField(help_text='The pictogram\'s name, e.g. "home".')
    alt = serializers.CharField(help_text="What the picture shows, as alt text.")
    url = serializers.URLField(help_text="The SVG file (Mulberry Symbols, CC BY-SA).")


class ThemeSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The theme's name.")
    easy_read_name = serializers.CharField(
        help_text="Its name in easy read (the same as name when none was given)."
    )


class ChangeSerializer(serializers.Serializer):
    number = serializers.IntegerField(
        source="change.number", help_text="Its place in the list."
    )
    statement = serializers.CharField(
        source="change.title", help_text="What people want, in a sentence."
    )
    description = serializers.CharField(
        source="change.description", help_text="More about it; may be empty."
    )
    easy_read_statement = serializers.CharField(
        source="change.easy_read_title", help_text="The statement in easy read."
    )
    easy_read_text = serializers.CharField(
        source="change.easy_read_text", help_text="Up to 3 short easy-read sentences."
    )
    pictogram = serializers.SerializerMethodField(
        help_text="The picture shown beside it."
    )
    themes = serializers.SerializerMethodField(
        help_text="The themes behind it (groups of what people said), by name."
    )

    @extend_schema_field(PictogramSerializer)
    def get_pictogram(self, view: ChangeView) -> dict[str, str] | None:
        pictogram = get_pictogram(view.change.pictogram)
        if pictogram is None:
            return None
        return {
            "name": pictogram.name,
            "alt": pictogram.alt,
            "url": _absolute(self.context, static(pictogram.static_path)),
        }

    @extend_schema_field(ThemeSerializer(many=True))
    def get_themes(self, view: ChangeView) -> list[dict[str, str]]:
        return [
            {"name": t.name, "easy_read_name": t.easy_read_name or t.name}
            for t in view.themes
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(help_text="Its short name in addresses.")
    name = serializers.CharField(help_text="The organisation's name.")
    kind = serializers.ChoiceField(
        choices=Organisation.Kind.choices,
        help_text="council, nhs, charity, user_led or provider.",
    )
    kind_name = serializers.CharField(
        source="get_kind_display", help_text='The kind in words, e.g. "NHS body".'
    )
    website = serializers.CharField(help_text="Its website; may be empty.")

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "kind_name", "website"]


# Results (only once published). They pass through these serializers so the
# response holds exactly the documented fields and nothing else.


class TakeForwardSerializer(serializers.Serializer):
    size = serializers.IntegerField(help_text="How many changes to take forward.")
    by_votes = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Change numbers with the most votes.",
    )
    proportional = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Change numbers chosen by proportional approval voting (PAV).",
    )
    proportional_method = serializers.CharField(help_text="How PAV was worked out.")
    proportional_tied = serializers.BooleanField(
        help_text="Whether another set of changes was exactly as good."
    )


class GroupSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="The group's key.")
    label = serializers.CharField(help_text="The group in words.")
    ballots = serializers.CharField(
        help_text='How many voted in it, or "fewer than 5" (then nothing is shown).'
    )
    shown = serializers.BooleanField(help_text="Whether its results are shown.")
    changes = serializers.DictField(
        child=serializers.CharField(),
        help_text="Change number -> the group's figure, as shown. Empty when hidden.",
    )


class GroupDimensionSerializer(serializers.Serializer):
    dimension = serializers.CharField(help_text="What the groups are split by.")
    label = serializers.CharField(help_text="The same, in words.")
    figure = serializers.CharField(help_text="What each group's figure is.")
    groups = GroupSerializer(many=True, help_text="Each group.")


class PriorityResultsSerializer(serializers.Serializer):
    inquiry = serializers.SlugField(help_text="The inquiry's slug.")
    method = serializers.ChoiceField(
        choices=VotingMethod.choices, help_text="rate, approve or rank."
    )
    published = serializers.BooleanField(help_text="Always true here.")
    ballots = serializers.CharField(
        help_text='How many voted, or "fewer than 5" (then no result is shown).'
    )
    summary = serializers.CharField(help_text="The results in a few sentences.")
    changes = serializers.ListField(
        child=serializers.DictField(),
        help_text="One object per change, best first: number, title and the "
        "method's columns as shown (rate: place, mean, ratings; approve: place, "
        "votes, share; rank: place, points, first, schulze_place, copeland).",
    )
    take_forward = TakeForwardSerializer(
        required=False,
        help_text="Approval voting only: the changes to take forward, two ways.",
    )
    schulze_winners = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Ranking only: the Schulze winners' change numbers.",
    )
    condorcet_winner = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Ranking only: the change that beats every other one to one.",
    )
    groups = GroupDimensionSerializer(
        many=True, help_text="Results by group; groups under 5 are hidden."
    )

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        # A method's own keys appear only for that method (as in as_dict).
        data = super().to_representation(instance)
        return {key: value for key, value in data.items() if key in instance}


class SplitRuleSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="mean, median or markets.")
    description = serializers.CharField(help_text="What the rule does.")
    easy_read = serializers.CharField(help_text="The same, in easy read.")


def _pounds(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text=help_text
    )


class SplitAreaSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The area's number.")
    name = serializers.CharField(help_text="The area of support.")
    easy_read_name = serializers.CharField(help_text="Its name in easy read.")
    mean = _pounds("Pounds by the mean rule; null with fewer than 5 splits.")
    median = _pounds("Pounds by the median rule (scaled to the pot).")
    markets = _pounds("Pounds by the independent markets rule.")


class SplitSerializer(serializers.Serializer):
    ballots = serializers.IntegerField(help_text="How many people split the pot.")
    enough = serializers.BooleanField(
        help_text="False with fewer than 5 splits: then no amounts are shown, "
        "so that nobody's answer can be picked out."
    )
    rules = SplitRuleSerializer(many=True, help_text="The three split rules.")
    areas = SplitAreaSerializer(many=True, help_text="Each area under each rule.")


class SpentSerializer(serializers.Serializer):
    spent = serializers.IntegerField(help_text="Pounds this rule spends.")


class ModelRowSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The support model's id (pabulib id).")
    name = serializers.CharField(help_text="The support model.")
    cost = serializers.IntegerField(help_text="Its cost in pounds.")
    votes = serializers.IntegerField(help_text="How many chose it.")
    funded_by_greedy = serializers.BooleanField(help_text="Funded by greedy.")
    funded_by_equal_shares = serializers.BooleanField(
        help_text="Funded by the Method of Equal Shares."
    )
    differs = serializers.BooleanField(help_text="Whether the two rules differ.")
    greedy_why = serializers.CharField(help_text="Why greedy did what it did.")
    greedy_why_easy_read = serializers.CharField(help_text="The same, easy read.")
    equal_shares_why = serializers.CharField(help_text="Why Equal Shares did.")
    equal_shares_why_easy_read = serializers.CharField(help_text="The same, easy read.")


class ModelResultsSerializer(serializers.Serializer):
    ready = serializers.BooleanField(
        help_text="Whether the rules have run (they run in the background; "
        "ask again shortly if not)."
    )
    progress = serializers.IntegerField(help_text="0 to 100 while they run.")
    voters = serializers.IntegerField(
        required=False, help_text="How many people chose support models."
    )
    enough = serializers.BooleanField(
        required=False,
        help_text="False with fewer than 5 voters: then no votes, costs or "
        "choices are shown, so that nobody's choices can be picked out.",
    )
    greedy = SpentSerializer(required=False, help_text="Greedy by votes.")
    equal_shares = SpentSerializer(
        required=False, help_text="The Method of Equal Shares."
    )
    differences = serializers.IntegerField(
        required=False, help_text="On how many models the rules differ."
    )
    models = ModelRowSerializer(
        many=True, required=False, help_text="Each model under both rules."
    )


class PledgeAreaSerializer(serializers.Serializer):
    area = serializers.CharField(allow_null=True, help_text="Null means any area.")
    pledges = serializers.IntegerField(help_text="How many offers.")
    hours_per_week = serializers.DecimalField(
        max_digits=8, decimal_places=1, help_text="Hours a week offered, added up."
    )
    kinds = serializers.ListField(
        child=serializers.CharField(), help_text="The kinds of help offered."
    )


class BudgetResultsSerializer(serializers.Serializer):
    organisation = serializers.CharField(help_text="Whose money it is.")
    year = serializers.CharField(help_text='The year, e.g. "2025-26".')
    pot = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="The pot people decided on."
    )
    illustrative = serializers.BooleanField(
        help_text="True when the figures are made up for a demo."
    )
    split = SplitSerializer(help_text="How people split the pot across areas.")
    models = ModelResultsSerializer(help_text="Support models: greedy and MES.")
    pledges = PledgeAreaSerializer(
        many=True, help_text="Offers of time and help, per area (counts only)."
    )


class ResultsSerializer(serializers.Serializer):
    inquiry = serializers.SlugField(help_text="The inquiry's slug.")
    published_at = serializers.DateTimeField(help_text="When they were published.")
    priorities = PriorityResultsSerializer(
        allow_null=True, help_text="How people prioritised the changes; null if none."
    )
    budget = BudgetResultsSerializer(
        allow_null=True, help_text="What people decided about the money; null if none."
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in plain words.")
    parameter = serializers.CharField(
        required=False, help_text="The query parameter at fault (400 only)."
    )


# Commitments (issue 8, h-commitio): the organisations' public statements and
# their progress updates. Never the reminder email, authors or evidence files.


class ProgressUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The update's id.")
    dated = serializers.DateField(help_text="The date of the update.")
    status = serializers.ChoiceField(
        choices=CommitmentStatus.choices,
        help_text="Where the commitment stood: planned, started, done or not_doing.",
    )
    status_reason = serializers.CharField(
        help_text="Why it is not being done (not_doing only); may be empty."
    )
    progress = serializers.IntegerField(help_text="How far along, 0 to 100.")
    text = serializers.CharField(help_text="What has happened, in its own words.")
    easy_read_text = serializers.CharField(
        help_text="The same in easy read; may be empty."
    )
    evidence_links = serializers.ListField(
        child=serializers.URLField(), help_text="Web addresses of evidence."
    )
    edited_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When it was last changed after publishing; null if never. "
        "Earlier versions are on the commitment's page.",
    )


class CommitmentLinksSerializer(serializers.Serializer):
    page = serializers.URLField(help_text="The commitment's public page.")
    organisation_page = serializers.URLField(help_text="The organisation's page.")


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The commitment's id.")
    reference = serializers.CharField(
        help_text="The organisation's own reference; may be empty."
    )
    organisation = serializers.SlugField(
        source="organisation.slug", help_text="The organisation's slug."
    )
    organisation_name = serializers.CharField(
        source="organisation.name", help_text="The organisation's name."
    )
    inquiry = serializers.SlugField(
        source="inquiry.slug", help_text="The slug of the inquiry it answers."
    )
    changes = serializers.SerializerMethodField(
        help_text="The numbers of the changes it answers."
    )
    title = serializers.CharField(help_text="What the organisation will do.")
    description = serializers.CharField(help_text="The organisation's own words.")
    easy_read_title = serializers.CharField(help_text="The title in easy read.")
    easy_read_text = serializers.CharField(help_text="What it will do, in easy read.")
    co_produced_with = serializers.CharField(
        help_text="Who it was made with; may be empty."
    )
    owner_role = serializers.CharField(help_text="The role responsible (not a name).")
    start_on = serializers.DateField(help_text="When it starts.")
    due_on = serializers.DateField(help_text="When it will be done.")
    review_on = serializers.DateField(help_text="When the next progress update is due.")
    status = serializers.ChoiceField(
        choices=CommitmentStatus.choices,
        help_text="planned, started, done or not_doing.",
    )
    status_name = serializers.CharField(
        source="get_status_display", help_text='The status in words, e.g. "Not doing".'
    )
    not_doing_reason = serializers.CharField(
        help_text="Why it is not being done (not_doing only); may be empty."
    )
    progress = serializers.IntegerField(
        help_text="How far along, 0 to 100: the latest update's figure, else "
        "the mean of its milestones."
    )
    last_update_on = serializers.DateField(
        allow_null=True, help_text="The date of its latest progress update, or null."
    )
    update_overdue = serializers.SerializerMethodField(
        help_text="True when its review date passed with no update since (open "
        'commitments only): shown as "update overdue" on the site.'
    )
    budget_area = serializers.SerializerMethodField(
        help_text="The area of spending it draws on, or null."
    )
    budget_amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="Pounds set aside, or null.",
    )
    making_it_real = serializers.SerializerMethodField(
        help_text="The TLAP Making it Real themes it is tagged with, by name."
    )
    updates = ProgressUpdateSerializer(
        many=True, source="updates.all", help_text="Its progress updates, oldest first."
    )
    links = serializers.SerializerMethodField(help_text="Where to read it on the site.")

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_changes(self, commitment: Commitment) -> list[int]:
        return [c.number for c in commitment.changes.all()]

    @extend_schema_field(serializers.BooleanField())
    def get_update_overdue(self, commitment: Commitment) -> bool:
        return commitment_rules.is_overdue(
            status=commitment.status,
            review_on=commitment.review_on,
            last_update_on=commitment.last_update_on,
            today=today(),
        )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_budget_area(self, commitment: Commitment) -> str | None:
        return commitment.budget_area.name if commitment.budget_area else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_making_it_real(self, commitment: Commitment) -> list[str]:
        return [t.name for t in commitment.making_it_real.all()]

    @extend_schema_field(CommitmentLinksSerializer)
    def get_links(self, commitment: Commitment) -> dict[str, str]:
        slug = commitment.organisation.slug
        return {
            "page": _absolute(
                self.context, reverse("consult:commitment", args=[slug, commitment.pk])
            ),
            "organisation_page": _absolute(
                self.context, reverse("consult:organisation", args=[slug])
            ),
        }
