"""Views to follow a change or an organisation (with the confirm and
unsubscribe links from the emails), the Atom feeds, the exports, and the
spreadsheet import for organisation editors. Thin: they check, call
consult/commitments/follows.py, csv_import.py or exports.py, and render."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.db import IntegrityError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from ..models import Change, Commitment, Frequency, Inquiry, Organisation
from ..models.inquiries import today
from ..opendata.formats import MEDIA_TYPES
from ..ratelimit import rate_limit
from . import csv_import, exports, follows
from .io_forms import FollowForm, ImportForm
from .views import _editable, _inquiries_with_changes

# --- follow -------------------------------------------------------------------


def _change(slug: str, number: int) -> Change:
    return get_object_or_404(
        Change.objects.select_related("inquiry"), inquiry__slug=slug, number=number
    )


def _follow_page(
    request: HttpRequest, target: follows.Target, context: dict[str, Any]
) -> HttpResponse:
    own = follows.verified_account_email(request.user)
    form = FollowForm(
        request.POST if request.method == "POST" else None,
        initial={"email": own, "frequency": Frequency.WEEKLY},
    )
    if request.method == "POST" and form.is_valid():
        started = follows.start_follow(
            target=target,
            email=form.cleaned_data["email"],
            frequency=form.cleaned_data["frequency"],
            user=request.user,
        )
        done = "followed" if started.confirmed else "sent"
        return redirect(f"{request.path}?done={done}")
    return render(
        request,
        "consult/follows/follow.html",
        {
            **context,
            "target_name": target.name,
            "form": form,
            "own_email": own,
            "done": request.GET.get("done", ""),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@rate_limit("follow")
def follow_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return _follow_page(
        request,
        follows.Target(organisation=organisation),
        {
            "organisation": organisation,
            "back_url": reverse("consult:organisation", args=[slug]),
            "feed_url": reverse("consult:organisation_feed", args=[slug]),
        },
    )


@require_http_methods(["GET", "POST"])
@rate_limit("follow")
def follow_change(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    change = _change(slug, number)
    return _follow_page(
        request,
        follows.Target(change=change),
        {
            "change": change,
            "inquiry": change.inquiry,
            "back_url": follows.change_page_path(change),
            "feed_url": reverse("consult:change_feed", args=[slug, number]),
        },
    )


def _link_not_working(request: HttpRequest, status: int = 404) -> HttpResponse:
    return render(request, "consult/follows/link_not_working.html", status=status)


def _target_url(follow: Any) -> str:
    if follow.change_id:
        return follows.change_page_path(follow.change)
    return reverse("consult:organisation", args=[follow.organisation.slug])


@require_http_methods(["GET", "POST"])
def confirm_follow(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirm email. It asks for a button press, so a mail
    scanner that opens links does not confirm for the person."""
    follow, frequency = follows.read_confirm_token(token)
    if follow is None:
        return _link_not_working(request)
    if request.method == "POST":
        follows.confirm_follow(follow, frequency)
        messages.success(
            request,
            f"Done. We will email you {Frequency(frequency).label.lower()} when "
            f"there is news about {follow.target_name}.",
        )
        return redirect(_target_url(follow))
    response = render(
        request,
        "consult/follows/confirm.html",
        {
            "follow": follow,
            "frequency_words": Frequency(frequency).label.lower(),
            "target_url": _target_url(follow),
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts without a form; the
# secret token in the address is the proof, as in the email's link.
@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, token: str) -> HttpResponse:
    follow = follows.follow_for_token(token)
    if request.method == "POST":
        name = follow.target_name if follow else ""
        back = _target_url(follow) if follow else ""
        if follow is not None:
            follows.unfollow(follow)
        return render(
            request,
            "consult/follows/unfollowed.html",
            {"target_name": name, "target_url": back},
        )
    if follow is None:
        return _link_not_working(request)
    response = render(
        request,
        "consult/follows/unfollow.html",
        {"follow": follow, "target_url": _target_url(follow)},
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Atom feeds ---------------------------------------------------------------

FEED_ITEMS = 50


@dataclass(frozen=True)
class News:
    key: str  # org/<slug> or <inquiry>/change/<n>, for the tag URIs
    title: str
    subtitle: str
    link: str
    host: str
    since: dt.date
    items: list[follows.Item]


class CommitmentsFeed(Feed):
    """New commitments and progress updates for an organisation or a change,
    newest first, as Atom."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def get_object(  # type: ignore[override]
        self, request: HttpRequest, slug: str, number: int | None = None
    ) -> News:
        host = request.get_host().split(":")[0]
        if number is None:
            organisation = get_object_or_404(Organisation, slug=slug)
            commitments = follows.commitments_for(organisation=organisation)
            return News(
                key=f"organisation/{organisation.slug}",
                title=f"{organisation.name}: commitments and progress",
                subtitle=f"What {organisation.name} committed to do about the "
                "changes people called for, and how it is going.",
                link=reverse("consult:organisation", args=[slug]),
                host=host,
                since=dt.date(2020, 1, 1),
                items=follows.news_items(commitments)[:FEED_ITEMS],
            )
        change = _change(slug, number)
        return News(
            key=f"{change.inquiry.slug}/change/{change.number}",
            title=f"Change {change.number}: {change.title}: commitments and progress",
            subtitle="What organisations committed to do about this change, and "
            "how it is going.",
            link=follows.change_page_path(change),
            host=host,
            since=timezone.localdate(change.inquiry.created_at),
            items=follows.news_items(follows.commitments_for(change=change))[
                :FEED_ITEMS
            ],
        )

    def title(self, obj: News) -> str:
        return obj.title

    def subtitle(self, obj: News) -> str:
        return obj.subtitle

    def link(self, obj: News) -> str:
        return obj.link

    def feed_guid(self, obj: News) -> str:
        return self._tag(obj, "feed")

    def items(self, obj: News) -> list[follows.Item]:
        return obj.items

    def item_title(self, item: follows.Item) -> str:
        c = item.commitment
        if item.update is None:
            return f"New commitment from {c.organisation.name}: {c.title}"
        return (
            f"Progress on {c.title}: {item.update.get_status_display().lower()}, "
            f"{item.update.progress}% done"
        )

    def item_description(self, item: follows.Item) -> str:
        text = item.update.text if item.update else item.commitment.description
        return escape(text)

    def item_link(self, item: follows.Item) -> str:
        c = item.commitment
        url = reverse("consult:commitment", args=[c.organisation.slug, c.pk])
        return url + (f"#update-{item.update.pk}-title" if item.update else "")

    def item_pubdate(self, item: follows.Item) -> dt.datetime:
        return item.when

    def item_updateddate(self, item: follows.Item) -> dt.datetime:
        if item.update is not None and item.update.edited_at:
            return item.update.edited_at
        return item.when

    def item_guid(self, item: follows.Item) -> str:
        return item.key

    def get_feed(self, obj: News, request: HttpRequest):  # type: ignore[no-untyped-def]
        feed = super().get_feed(obj, request)
        for entry in feed.items:  # tag URIs (RFC 4151): stable, never a link
            entry["unique_id"] = self._tag(obj, entry["unique_id"])
        return feed

    @staticmethod
    def _tag(obj: News, key: str) -> str:
        return f"tag:{obj.host or 'localhost'},{obj.since.isoformat()}:{obj.key}/{key}"


commitments_feed = require_safe(CommitmentsFeed())


# --- exports ------------------------------------------------------------------

EXPORTS = ("commitments.csv", "progress-updates.csv", "commitments.json")


def _export(
    request: HttpRequest,
    commitments: Any,
    *,
    filename: str,
    prefix: str,
    title: str,
    source: str,
) -> HttpResponse | StreamingHttpResponse:
    on = today()
    response: HttpResponse | StreamingHttpResponse
    if filename == "commitments.csv":
        response = StreamingHttpResponse(
            exports.commitments_csv(commitments, on), content_type=MEDIA_TYPES["csv"]
        )
    elif filename == "progress-updates.csv":
        response = StreamingHttpResponse(
            exports.updates_csv(commitments), content_type=MEDIA_TYPES["csv"]
        )
    else:
        data = exports.commitments_json(
            commitments, on, title=title, source=request.build_absolute_uri(source)
        )
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=1),
            content_type=MEDIA_TYPES["json"],
        )
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def organisation_export(
    request: HttpRequest, slug: str, filename: str
) -> HttpResponse | StreamingHttpResponse:
    if filename not in EXPORTS:
        raise Http404("No such file.")
    organisation = get_object_or_404(Organisation, slug=slug)
    return _export(
        request,
        Commitment.objects.filter(organisation=organisation),
        filename=filename,
        prefix=organisation.slug,
        title=f"{organisation.name}: commitments and progress updates",
        source=reverse("consult:organisation", args=[slug]),
    )


@require_safe
def inquiry_export(
    request: HttpRequest, slug: str, filename: str
) -> HttpResponse | StreamingHttpResponse:
    if filename not in EXPORTS:
        raise Http404("No such file.")
    inquiry = get_object_or_404(Inquiry, slug=slug)
    page = getattr(inquiry, "page", None)
    return _export(
        request,
        Commitment.objects.filter(inquiry=inquiry),
        filename=filename,
        prefix=inquiry.slug,
        title=f"{inquiry.title}: commitments and progress updates",
        source=f"{page.url}you-said-we-did/" if page is not None and page.url else "/",
    )


# --- import from a spreadsheet ---------------------------------------------------

SESSION_KEY = "commitment_import:{pk}"


def _session_key(organisation: Organisation) -> str:
    return SESSION_KEY.format(pk=organisation.pk)


@require_safe
def import_template(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    if isinstance(organisation, HttpResponse):
        return organisation
    response = HttpResponse(
        "\ufeff" + csv_import.template_csv(), content_type=MEDIA_TYPES["csv"]
    )
    response["Content-Disposition"] = (
        'attachment; filename="commitments-import-template.csv"'
    )
    return response


@require_http_methods(["GET", "POST"])
def import_commitments(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload, then a preview of every row with its problems, then confirm.
    The file waits in the person's session between the two, and only then."""
    organisation = _editable(request, slug)
    if isinstance(organisation, HttpResponse):
        return organisation
    inquiries = _inquiries_with_changes()
    key = _session_key(organisation)
    action = request.POST.get("action", "preview")
    plan = None
    inquiry = None
    name = ""
    problem = ""
    form = ImportForm(inquiries=inquiries)
    if request.method == "POST" and action == "confirm":
        kept = request.session.get(key)
        inquiry = inquiries.filter(pk=(kept or {}).get("inquiry")).first()
        if not kept or inquiry is None:
            problem = "We no longer have your file. Choose it again and check it."
        else:
            name = kept["name"]
            plan = csv_import.plan_for(
                kept["data"].encode(),
                organisation=organisation,
                inquiry=inquiry,
                today=today(),
            )
            if plan.ok and plan.fingerprint() == request.POST.get("fingerprint"):
                try:
                    done = csv_import.apply(
                        plan,
                        organisation=organisation,
                        inquiry=inquiry,
                        by=request.user,
                    )
                except IntegrityError:
                    problem = (
                        "Someone else saved a commitment with one of these "
                        "references at the same moment. Check the table again."
                    )
                else:
                    del request.session[key]
                    messages.success(request, _imported_words(done))
                    return redirect(
                        reverse("consult:org_commitments", args=[organisation.slug])
                    )
            elif plan.ok:
                problem = (
                    "The commitments changed since you checked the file. Check "
                    "the table again, then import."
                )
    elif request.method == "POST":
        request.session.pop(key, None)
        form = ImportForm(request.POST, request.FILES, inquiries=inquiries)
        if form.is_valid():
            inquiry = form.cleaned_data["inquiry"]
            upload = form.cleaned_data["upload"]
            data = upload.read()
            name = upload.name or "your file"
            plan = csv_import.plan_for(
                data, organisation=organisation, inquiry=inquiry, today=today()
            )
            if plan.ok:
                request.session[key] = {
                    "inquiry": inquiry.pk,
                    "name": name,
                    "data": csv_import.decode(data),
                }
    has_errors = bool(form.errors or problem or (plan is not None and not plan.ok))
    return render(
        request,
        "consult/commitments/import.html",
        {
            "organisation": organisation,
            "form": form,
            "plan": plan,
            "inquiry": inquiry,
            "file_name": name,
            "problem": problem,
            "has_errors": has_errors,
            "no_inquiries": not inquiries,
            "columns": csv_import.COLUMNS,
            "max_rows": csv_import.MAX_ROWS,
        },
        status=400 if request.method == "POST" and has_errors else 200,
    )


def _imported_words(done: csv_import.Imported) -> str:
    parts = []
    if done.created:
        parts.append(f"{done.created} new commitment{'s' if done.created > 1 else ''}")
    if done.changed:
        parts.append(
            f"{done.changed} commitment{'s' if done.changed > 1 else ''} changed"
        )
    if done.updates:
        parts.append(f"{done.updates} progress update{'s' if done.updates > 1 else ''}")
    if not parts:
        return "The file matched what is already here: nothing needed changing."
    return "Imported and public now: " + ", ".join(parts) + "."
