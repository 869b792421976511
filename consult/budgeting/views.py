"""Budget pages: the money picture, support models, the two ballots, pledges,
assisted entry and results. Thin: permissions, forms and services, then render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from themes.display import mode_for_request

from .. import permissions, services
from ..charts import spend_chart
from ..models import (
    BallotKind,
    Budget,
    BudgetChannel,
    Finding,
    FindingStance,
    Inquiry,
    ModelVoteType,
    Participant,
    SupportModel,
)
from ..money import plain_pounds
from ..participation import participant_for
from ..ratelimit import rate_limit
from ..selectors import money_picture
from . import ballots
from .forms import (
    PLEDGE_PICTOGRAMS,
    ApprovalForm,
    AssistedForm,
    PledgeForm,
    PointsForm,
    SplitForm,
    read_blocks,
)
from .made_real import (
    UNIT_COST_SOURCE,
    made_real,
    made_real_easy,
    unit_costs_sentence,
)

ASSISTED_KEY = "coproduce_budget_assisted"
EVIDENCE_EASY = {
    "evaluation": "People checked how well it works. It works.",
    "forecast": "People think it will work. Nobody has checked yet.",
    "case_study": "It worked in 1 place.",
}


def budget_or_404(slug: str) -> Budget:
    inquiry = get_object_or_404(Inquiry.objects.prefetch_related("phases"), slug=slug)
    budget = Budget.objects.filter(inquiry=inquiry).first()
    if budget is None:
        raise Http404("This inquiry has no budget.")
    budget.inquiry = inquiry
    return budget


def _helping(request: HttpRequest, budget: Budget) -> dict[str, Any] | None:
    """The person a facilitator is entering a ballot for, if any."""
    entry = request.session.get(ASSISTED_KEY)
    if not entry or entry.get("inquiry") != budget.inquiry_id:
        return None
    if not permissions.can_facilitate(request.user, budget.inquiry):
        return None
    participant = Participant.objects.filter(
        pk=entry.get("participant"), inquiry_id=budget.inquiry_id
    ).first()
    if participant is None:
        return None
    return {
        "participant": participant,
        "channel": entry.get("channel", BudgetChannel.ASSISTED),
        "label": entry.get("label", ""),
    }


def _who(
    request: HttpRequest, budget: Budget
) -> tuple[Participant | None, dict[str, Any] | None]:
    """Who the ballot is for: the person being helped, or the person here."""
    helping = _helping(request, budget)
    if helping is not None:
        return helping["participant"], helping
    participant = participant_for(request, budget.inquiry)
    if participant is None and request.user.is_authenticated:
        participant = services.join_inquiry(inquiry=budget.inquiry, user=request.user)
    return participant, None


def _saved(
    request: HttpRequest, budget: Budget, helping: dict | None, words: str
) -> HttpResponse:
    if helping is not None:
        request.session.pop(ASSISTED_KEY, None)
        messages.success(request, f"Saved for {helping['label']}. {words}")
        return redirect("consult:budget_assisted", slug=budget.inquiry.slug)
    messages.success(request, words)
    page = getattr(budget.inquiry, "page", None)
    if page is not None and page.live:
        return redirect(f"{page.url}take-part/")
    return redirect("consult:budget", slug=budget.inquiry.slug)


def base_context(budget: Budget, **extra: Any) -> dict[str, Any]:
    return {
        "inquiry": budget.inquiry,
        "budget": budget,
        "pot_plain": plain_pounds(budget.pot),
        **extra,
    }


def _gate(
    request: HttpRequest, budget: Budget, participant: Participant | None
) -> HttpResponse | None:
    if participant is None:
        return render(
            request, "consult/budget/who.html", base_context(budget), status=200
        )
    if not ballots.is_open(budget):
        return render(request, "consult/budget/closed.html", base_context(budget))
    return None


@require_safe
def money_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Where the money goes today, per area, and the pot people decide on."""
    budget = budget_or_404(slug)
    picture = money_picture(budget)
    models_by_area = {
        area.pk: found for area, found in ballots.support_models_by_area(budget)
    }
    rows = [
        {
            "money": row,
            "models": models_by_area.get(row.area.pk, []),
            "made_real": made_real(row.spent.amount) if row.spent else "",
            "made_real_easy": made_real_easy(row.spent.amount) if row.spent else "",
        }
        for row in picture.areas
    ]
    return render(
        request,
        "consult/budget/money.html",
        base_context(
            budget,
            picture=picture,
            rows=rows,
            chart=spend_chart(
                picture, easy_read=mode_for_request(request).is_easy_read
            ),
            pot_made_real=made_real(budget.pot),
            pot_made_real_easy=made_real_easy(budget.pot),
            unit_cost_source=UNIT_COST_SOURCE,
            unit_costs=unit_costs_sentence(),
            is_open=ballots.is_open(budget),
            can_see_results=can_see_results(request, budget),
        ),
    )


@require_safe
def model_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One support model: cost, what it buys, the evidence, and what people
    said they like and dislike about support in its area today."""
    budget = budget_or_404(slug)
    model = get_object_or_404(
        SupportModel.objects.select_related("area"), pk=pk, budget=budget
    )
    quoted = (
        Finding.objects.public()
        .filter(inquiry=budget.inquiry, supportmodelfinding__support_model=model)
        .values_list("pk", "supportmodelfinding__stance")
    )
    stance_of = dict(quoted)
    findings = Finding.objects.filter(pk__in=stance_of).order_by("created_at")
    liked = [f for f in findings if stance_of[f.pk] == FindingStance.LIKED]
    disliked = [f for f in findings if stance_of[f.pk] == FindingStance.DISLIKED]
    return render(
        request,
        "consult/budget/model.html",
        base_context(
            budget,
            model=model,
            liked=liked,
            disliked=disliked,
            made_real=made_real(model.cost),
            unit_costs=unit_costs_sentence(),
            model_cost_plain=plain_pounds(model.cost),
            evidence_easy=EVIDENCE_EASY[model.evidence_strength],
            share_of_pot=ballots.share_words(model.cost, budget.pot),
        ),
    )


def _split_context(
    budget: Budget, form: SplitForm, blocks: dict[int, int], **extra: Any
) -> dict[str, Any]:
    total = form.typed_total() if form.is_bound else form.initial_total
    remaining = None if total is None else budget.pot - total
    placed = sum(blocks.values())
    return base_context(
        budget,
        form=form,
        fields=[(area, form[f"area_{area.pk}"]) for area in form.areas],
        remaining=remaining,
        remaining_words=ballots.remaining_words(remaining)
        if remaining is not None
        else "",
        block_rows=[
            (area, blocks.get(area.pk, 0), range(blocks.get(area.pk, 0)))
            for area in form.areas
        ],
        blocks_left=budget.split_blocks - placed,
        block_value_plain=plain_pounds(budget.pot / budget.split_blocks),
        **extra,
    )


@require_http_methods(["GET", "POST"])
@rate_limit("vote")
def split(request: HttpRequest, slug: str) -> HttpResponse:
    """Divide the pot across the areas: pounds in standard mode, blocks in
    easy read. Works without JavaScript; the server checks the total."""
    budget = budget_or_404(slug)
    participant, helping = _who(request, budget)
    gate = _gate(request, budget, participant)
    if gate is not None:
        return gate
    areas = ballots.decision_areas(budget)
    saved = ballots.ballot_of(budget, participant, BallotKind.SPLIT)
    saved_amounts = (
        {line.area_id: line.amount for line in saved.split_lines.all()} if saved else {}
    )
    status = 200
    if request.method == "POST":
        use_blocks = request.POST.get("mode") == "blocks"
    else:
        way = request.GET.get("way", "")
        use_blocks = way == "blocks" or (
            way != "pounds" and mode_for_request(request).is_easy_read
        )
    if request.method == "POST" and use_blocks:
        blocks = read_blocks(request.POST, areas, budget)
        move = request.POST.get("move", "")
        form = SplitForm(areas=areas, initial={})
        form.initial_total = None
        problem = ""
        if move:
            sign, _, area_id = move.partition("-")
            if area_id.isdigit() and int(area_id) in blocks:
                area_id_int = int(area_id)
                if sign == "plus" and sum(blocks.values()) < budget.split_blocks:
                    blocks[area_id_int] += 1
                elif sign == "plus":
                    problem = (
                        f"You have placed all {budget.split_blocks} blocks. "
                        "Take 1 away from another area first."
                    )
                elif sign == "minus" and blocks[area_id_int] > 0:
                    blocks[area_id_int] -= 1
                elif sign == "minus":
                    problem = "There are no blocks there to take away."
        else:
            try:
                amounts = ballots.blocks_to_amounts(budget, blocks)
                ballots.cast_split_ballot(
                    budget=budget,
                    participant=participant,
                    amounts=amounts,
                    channel=helping["channel"] if helping else BudgetChannel.ONLINE,
                    helped_by=request.user if helping else None,
                )
            except ballots.BudgetProblem as error:
                problem = str(error)
                status = 400
            else:
                return _saved(
                    request, budget, helping, "Thank you. Your blocks are saved."
                )
        context = _split_context(
            budget, form, blocks, use_blocks=True, problem=problem, helping=helping
        )
        return render(request, "consult/budget/split.html", context, status=status)
    if request.method == "POST":
        form = SplitForm(request.POST, areas=areas)
        if form.is_valid() and request.POST.get("action") == "save":
            try:
                ballots.cast_split_ballot(
                    budget=budget,
                    participant=participant,
                    amounts=form.amounts(),
                    channel=helping["channel"] if helping else BudgetChannel.ONLINE,
                    helped_by=request.user if helping else None,
                )
            except ballots.BudgetProblem as error:
                form.add_error(error.field, str(error))
            else:
                return _saved(
                    request, budget, helping, "Thank you. Your split is saved."
                )
        if form.errors:
            status = 400
    else:
        initial = {f"area_{a.pk}": saved_amounts.get(a.pk, "") for a in areas}
        form = SplitForm(
            areas=areas,
            initial={k: _pounds_text(v) for k, v in initial.items()},
        )
    form.initial_total = sum(saved_amounts.values(), Decimal(0))
    blocks = ballots.amounts_to_blocks(budget, saved_amounts) if saved_amounts else {}
    context = _split_context(
        budget,
        form,
        blocks,
        use_blocks=use_blocks,
        problem="",
        helping=helping,
        has_saved=saved is not None,
    )
    return render(request, "consult/budget/split.html", context, status=status)


def _pounds_text(value: Decimal | str) -> str:
    """A saved amount as it was typed: whole pounds without ".00"."""
    if value == "":
        return ""
    value = Decimal(value)
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


@require_http_methods(["GET", "POST"])
@rate_limit("vote")
def choose(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose support models within the pot (or give them points)."""
    budget = budget_or_404(slug)
    participant, helping = _who(request, budget)
    gate = _gate(request, budget, participant)
    if gate is not None:
        return gate
    support_models = list(budget.support_models.select_related("area"))
    if budget.model_vote_type == ModelVoteType.ORDINAL:
        # Ranked ballots come in on paper (imported); there is no online form.
        return render(
            request,
            "consult/budget/closed.html",
            base_context(budget, paper_only=True),
        )
    approval = budget.model_vote_type == ModelVoteType.APPROVAL
    saved = ballots.ballot_of(budget, participant, BallotKind.MODELS)
    saved_points = (
        {v.support_model_id: v.points for v in saved.model_votes.all()} if saved else {}
    )
    data = request.POST if request.method == "POST" else None
    if approval:
        form: ApprovalForm | PointsForm = ApprovalForm(
            data,
            support_models=support_models,
            initial={"models": [str(pk) for pk in saved_points]},
        )
    else:
        form = PointsForm(
            data,
            support_models=support_models,
            most=budget.max_points_per_model,
            initial={f"model_{pk}": p for pk, p in saved_points.items()},
        )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ballots.check_model_choice(budget, form.points())
                if request.POST.get("action") == "save":
                    ballots.cast_model_ballot(
                        budget=budget,
                        participant=participant,
                        points=form.points(),
                        channel=helping["channel"] if helping else BudgetChannel.ONLINE,
                        helped_by=request.user if helping else None,
                    )
                    return _saved(
                        request, budget, helping, "Thank you. Your choice is saved."
                    )
            except ballots.BudgetProblem as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error))
        if form.errors:
            status = 400
    chosen = _chosen_now(form, saved_points, approval)
    cost = sum((m.cost for m in support_models if chosen.get(m.pk)), Decimal(0))
    points_given = sum(chosen.values())
    groups: dict[int, list] = {}
    for model in support_models:
        field_name = "models" if approval else f"model_{model.pk}"
        groups.setdefault(model.area_id, []).append(
            {
                "model": model,
                "checked": bool(chosen.get(model.pk)),
                "hint": f"Cost: {plain_pounds(model.cost)}.",
                "field": None if approval else form[field_name],
            }
        )
    areas = [(a, groups[a.pk]) for a in budget.areas.all() if a.pk in groups]
    return render(
        request,
        "consult/budget/choose.html",
        base_context(
            budget,
            form=form,
            approval=approval,
            areas=areas,
            cost=cost,
            left=budget.pot - cost,
            over=cost > budget.pot,
            points_given=points_given,
            points_left=budget.max_points - points_given,
            helping=helping,
            has_saved=saved is not None,
        ),
        status=status,
    )


def _chosen_now(
    form: ApprovalForm | PointsForm, saved: dict[int, int], approval: bool
) -> dict[int, int]:
    """What the page shows as chosen: what was posted (even with errors),
    or what was saved."""
    if not form.is_bound:
        return saved
    if approval:
        return {int(pk): 1 for pk in form.data.getlist("models") if str(pk).isdigit()}
    chosen = {}
    for model in form.support_models:
        raw = str(form.data.get(f"model_{model.pk}", "")).strip()
        if raw.isdigit() and int(raw) > 0:
            chosen[model.pk] = int(raw)
    return chosen


@require_http_methods(["GET", "POST"])
@rate_limit("vote")
def pledge(request: HttpRequest, slug: str) -> HttpResponse:
    """Offer time, a room, transport or skills beside the money."""
    budget = budget_or_404(slug)
    participant, helping = _who(request, budget)
    gate = _gate(request, budget, participant)
    if gate is not None:
        return gate
    form = PledgeForm(request.POST if request.method == "POST" else None, budget=budget)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                ballots.record_pledge(
                    budget=budget,
                    participant=participant,
                    kind=data["kind"],
                    description=data["description"],
                    organisation_name=data["organisation_name"],
                    area=data["area"],
                    hours_per_week=data["hours_per_week"],
                    channel=helping["channel"] if helping else BudgetChannel.ONLINE,
                )
            except ballots.BudgetProblem as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error)
                )
            else:
                return _saved(
                    request, budget, helping, "Thank you for your offer. It is saved."
                )
        status = 400
    return render(
        request,
        "consult/budget/pledge.html",
        base_context(budget, form=form, pictograms=PLEDGE_PICTOGRAMS, helping=helping),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def assisted(request: HttpRequest, slug: str) -> HttpResponse:
    """A facilitator enters a ballot for someone, found by their code."""
    budget = budget_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_facilitate(request.user, budget.inquiry):
        raise PermissionDenied("Only the inquiry's facilitators enter ballots.")
    if request.method == "POST" and request.POST.get("action") == "stop":
        request.session.pop(ASSISTED_KEY, None)
        return redirect(request.path)
    form = AssistedForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                participant = services.redeem_code(
                    inquiry=budget.inquiry, typed=form.cleaned_data["code"]
                )
            except services.CodeProblem as problem:
                form.add_error("code", str(problem))
            else:
                code = form.cleaned_data["code"].strip()
                request.session[ASSISTED_KEY] = {
                    "inquiry": budget.inquiry_id,
                    "participant": participant.pk,
                    "channel": form.cleaned_data["channel"],
                    "label": f"the person with the code ending {code[-2:].upper()}",
                }
                target = {
                    "split": "consult:budget_split",
                    "choose": "consult:budget_choose",
                    "pledge": "consult:budget_pledge",
                }[form.cleaned_data["kind"]]
                return redirect(target, slug=budget.inquiry.slug)
        status = 400
    response = render(
        request,
        "consult/budget/assisted.html",
        base_context(
            budget,
            form=form,
            helping=_helping(request, budget),
            is_open=ballots.is_open(budget),
        ),
        status=status,
    )
    add_never_cache_headers(response)
    return response


def can_see_results(request: HttpRequest, budget: Budget) -> bool:
    return budget.results_published or permissions.can_facilitate(
        request.user, budget.inquiry
    )


def budget_team_links(user: Any, inquiry: Inquiry) -> list[tuple[str, str]]:
    if not permissions.can_facilitate(user, inquiry):
        return []
    if not Budget.objects.filter(inquiry=inquiry).exists():
        return []
    return [
        (
            reverse("consult:budget_assisted", args=[inquiry.slug]),
            "Budget: enter a split, a choice of models or an offer for someone",
        ),
        (
            reverse("consult:budget_results", args=[inquiry.slug]),
            "Budget results: see them before they are published",
        ),
    ]
