"""Follow a change or an organisation: start a follow (double opt-in by an
emailed link), confirm it, unsubscribe with one click, and the digests.

Digest rules (plain data in `due` and `select_items`, so they are tested
without the database):
- a daily follow gets a digest when 23 hours have passed since its last
  one (cron may run a little early or late), a weekly one after 6 days and
  23 hours; a follow that never had one is due at once;
- a digest holds the commitments and progress updates published since the
  follow was confirmed, answering the change or made by the organisation,
  that this follow was not sent before; no items, no email;
- what a digest holds is recorded in the same transaction as it is sent, so
  running `send_digests` again sends nothing twice."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ..models import (
    Change,
    Commitment,
    DigestItem,
    Follow,
    Frequency,
    Organisation,
    ProgressUpdate,
)

log = logging.getLogger(__name__)

CONFIRM_SALT = "consult.follow.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirm link works for a week
RESEND_AFTER = dt.timedelta(minutes=10)  # at most one confirm email per 10 min
PENDING_KEPT = dt.timedelta(days=8)  # unconfirmed follows are then removed
SLACK = dt.timedelta(hours=1)
INTERVALS = {
    Frequency.DAILY: dt.timedelta(days=1) - SLACK,
    Frequency.WEEKLY: dt.timedelta(days=7) - SLACK,
}
MAX_ITEMS = 50  # one digest lists 50 items at most; the rest come next time


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- starting, confirming and ending a follow -------------------------------


@dataclass(frozen=True)
class Target:
    """What is followed: a change or an organisation."""

    change: Change | None = None
    organisation: Organisation | None = None

    def __post_init__(self) -> None:
        if (self.change is None) == (self.organisation is None):
            raise ValueError("Follow a change or an organisation, not both.")

    @property
    def name(self) -> str:
        if self.change is not None:
            return f"change {self.change.number}: {self.change.title}"
        return self.organisation.name if self.organisation is not None else ""

    def lookup(self) -> dict[str, Any]:
        if self.change is not None:
            return {"change": self.change}
        return {"organisation": self.organisation}


def verified_account_email(user: Any) -> str:
    """The signed-in person's checked email address, or ''."""
    if not getattr(user, "is_authenticated", False):
        return ""
    from allauth.account.models import EmailAddress

    address = (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .first()
    )
    return address.email if address else ""


def confirm_token(follow: Follow, frequency: str) -> str:
    return signing.dumps({"t": follow.token, "f": frequency}, salt=CONFIRM_SALT)


def read_confirm_token(value: str) -> tuple[Follow | None, str]:
    """The follow a confirm link is for, and the frequency asked for, or
    (None, '') if the link is broken, too old or its follow was ended."""
    try:
        data = signing.loads(value, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None, ""
    if not isinstance(data, dict):
        return None, ""
    frequency = data.get("f")
    if frequency not in Frequency.values:
        return None, ""
    follow = (
        Follow.objects.select_related("change__inquiry", "organisation")
        .filter(token=str(data.get("t", "")))
        .first()
    )
    return follow, frequency


def follow_for_token(token: str) -> Follow | None:
    if not token:
        return None
    return (
        Follow.objects.select_related("change__inquiry", "organisation")
        .filter(token=token)
        .first()
    )


def change_page_path(change: Change) -> str:
    """Where a change's commitments show: its part of the tracker."""
    page = getattr(change.inquiry, "page", None)
    if page is not None and page.url:
        return f"{page.url}you-said-we-did/#change-{change.number}"
    return reverse("consult:follow_change", args=[change.inquiry.slug, change.number])


def links(follow: Follow) -> dict[str, str]:
    """The addresses every email about this follow carries."""
    if follow.change_id:
        change = follow.change
        page = change_page_path(change)
        feed = reverse("consult:change_feed", args=[change.inquiry.slug, change.number])
    else:
        page = reverse("consult:organisation", args=[follow.organisation.slug])
        feed = reverse("consult:organisation_feed", args=[follow.organisation.slug])
    return {
        "page_url": absolute(page),
        "feed_url": absolute(feed),
        "unsubscribe_url": absolute(reverse("consult:unfollow", args=[follow.token])),
    }


def _send(follow: Follow, subject: str, template: str, context: dict[str, Any]) -> None:
    context = {"follow": follow, **links(follow), **context}
    text = render_to_string(f"consult/follows/email/{template}.txt", context)
    html = render_to_string(f"consult/follows/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        None,
        [follow.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs show an unsubscribe button
            # that posts straight to our one-click address.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()


@dataclass(frozen=True)
class Started:
    follow: Follow
    confirmed: bool  # True: followed with a checked account email, no email sent


def start_follow(
    *,
    target: Target,
    email: str,
    frequency: str,
    user: Any = None,
    now: dt.datetime | None = None,
) -> Started:
    """Ask to follow. With the signed-in person's own checked email the follow
    counts at once; otherwise we email a link to confirm it (again, at most
    every 10 minutes). The answer on screen is the same either way, so
    nobody learns who follows what."""
    now = now or timezone.now()
    email = email.strip()
    own = verified_account_email(user)
    lookup = {"email__iexact": email, **target.lookup()}
    with transaction.atomic():
        follow = Follow.objects.select_for_update().filter(**lookup).first()
        if follow is None:
            try:
                with transaction.atomic():
                    follow = Follow.objects.create(
                        email=email, frequency=frequency, **target.lookup()
                    )
            except IntegrityError:  # the same request twice at once
                follow = Follow.objects.select_for_update().get(**lookup)
        if own and own.lower() == email.lower():
            follow.user = user
            follow.frequency = frequency
            follow.confirmed_at = follow.confirmed_at or now
            follow.save(update_fields=["user", "frequency", "confirmed_at"])
            return Started(follow=follow, confirmed=True)
        recent = follow.confirm_sent_at and now - follow.confirm_sent_at < RESEND_AFTER
        if recent:
            return Started(follow=follow, confirmed=False)
        follow.confirm_sent_at = now
        follow.save(update_fields=["confirm_sent_at"])
    follow.change = target.change
    follow.organisation = target.organisation
    _send(
        follow,
        f"Confirm you want updates about {target.name}",
        "confirm",
        {
            "confirm_url": absolute(
                reverse(
                    "consult:confirm_follow", args=[confirm_token(follow, frequency)]
                )
            ),
            "frequency_words": Frequency(frequency).label.lower(),
            "already": follow.is_confirmed,
        },
    )
    return Started(follow=follow, confirmed=False)


def confirm_follow(
    follow: Follow, frequency: str, *, now: dt.datetime | None = None
) -> Follow:
    follow.frequency = frequency
    follow.confirmed_at = follow.confirmed_at or now or timezone.now()
    follow.save(update_fields=["frequency", "confirmed_at"])
    return follow


def unfollow(follow: Follow) -> None:
    """End the follow and forget the email address with it."""
    follow.delete()


# --- digests ------------------------------------------------------------------


def due(
    *, frequency: str, last_digest_at: dt.datetime | None, now: dt.datetime
) -> bool:
    """Whether a confirmed follow should get a digest now."""
    if last_digest_at is None:
        return True
    return now - last_digest_at >= INTERVALS[Frequency(frequency)]


@dataclass(frozen=True)
class Item:
    """One line of a digest."""

    key: str  # commitment:<id> or update:<id>
    when: dt.datetime
    commitment: Commitment
    update: ProgressUpdate | None = None

    @property
    def is_update(self) -> bool:
        return self.update is not None


def select_items(
    items: Iterable[Item],
    *,
    since: dt.datetime,
    already_sent: set[str],
    limit: int = MAX_ITEMS,
) -> list[Item]:
    """The items published since `since` not sent before, oldest first, at
    most `limit` of them (the rest wait for the next digest)."""
    fresh = [i for i in items if i.when >= since and i.key not in already_sent]
    fresh.sort(key=lambda i: (i.when, i.key))
    return fresh[:limit]


def commitments_for(
    *,
    change: Change | int | None = None,
    organisation: Organisation | int | None = None,
) -> QuerySet[Commitment]:
    """The commitments answering a change, or made by an organisation."""
    if change is not None:
        return Commitment.objects.filter(changes=change)
    return Commitment.objects.filter(organisation=organisation)


def news_items(
    commitments: QuerySet[Commitment], since: dt.datetime | None = None
) -> list[Item]:
    """The commitments and their progress updates as news, published since
    `since` (or ever), in two queries, newest first."""
    new = commitments.select_related("organisation")
    updates = ProgressUpdate.objects.filter(
        commitment__in=commitments.values("pk")
    ).select_related("commitment__organisation")
    if since is not None:
        new = new.filter(created_at__gte=since)
        updates = updates.filter(created_at__gte=since)
    items = [
        Item(key=f"commitment:{c.pk}", when=c.created_at, commitment=c) for c in new
    ]
    items += [
        Item(key=f"update:{u.pk}", when=u.created_at, commitment=u.commitment, update=u)
        for u in updates
    ]
    items.sort(key=lambda i: (i.when, i.key), reverse=True)
    return items


def candidates(follow: Follow, since: dt.datetime) -> list[Item]:
    return news_items(
        commitments_for(change=follow.change_id, organisation=follow.organisation_id),
        since,
    )


def due_follows(now: dt.datetime) -> list[Follow]:
    follows = Follow.objects.filter(confirmed_at__isnull=False).select_related(
        "change__inquiry", "organisation"
    )
    return [
        f
        for f in follows.order_by("pk")
        if due(frequency=f.frequency, last_digest_at=f.last_digest_at, now=now)
    ]


def _item_url(item: Item) -> str:
    c = item.commitment
    path = reverse("consult:commitment", args=[c.organisation.slug, c.pk])
    if item.update is not None:
        path += f"#update-{item.update.pk}-title"
    return absolute(path)


def send_digest(follow_id: int, *, now: dt.datetime | None = None) -> int:
    """Send one follow its digest if it is due and has news. Returns how many
    items were sent (0: nothing sent). The follow's row is locked, and what
    was sent recorded, in the transaction the email goes out in: if sending
    fails nothing is recorded and the next run tries again."""
    now = now or timezone.now()
    with transaction.atomic():
        follow = (
            # Lock only the follow's row (PostgreSQL locks no outer-joined row).
            Follow.objects.select_for_update(of=("self",))
            .select_related("change__inquiry", "organisation")
            .filter(pk=follow_id, confirmed_at__isnull=False)
            .first()
        )
        if follow is None or not due(
            frequency=follow.frequency, last_digest_at=follow.last_digest_at, now=now
        ):
            return 0
        since = follow.confirmed_at or now
        sent = set(follow.sent.values_list("key", flat=True))
        items = select_items(
            candidates(follow, since),
            since=since,
            already_sent=sent,
        )
        if not items:
            return 0
        DigestItem.objects.bulk_create(
            [DigestItem(follow=follow, key=item.key) for item in items]
        )
        follow.last_digest_at = now
        follow.save(update_fields=["last_digest_at"])
        updates = [i for i in items if i.is_update]
        commitments = [i for i in items if not i.is_update]
        _send(
            follow,
            _subject(follow, len(commitments), len(updates)),
            "digest",
            {
                "new_commitments": [(i, _item_url(i)) for i in commitments],
                "new_updates": [(i, _item_url(i)) for i in updates],
                "frequency_words": Frequency(follow.frequency).label.lower(),
            },
        )
    return len(items)


def _subject(follow: Follow, commitments: int, updates: int) -> str:
    parts = []
    if commitments:
        parts.append(f"{commitments} new commitment{'s' if commitments > 1 else ''}")
    if updates:
        parts.append(f"{updates} progress update{'s' if updates > 1 else ''}")
    return f"{' and '.join(parts).capitalize()}: {follow.target_name}"


@dataclass(frozen=True)
class DigestRun:
    emails: int
    items: int
    removed_pending: int


def send_due_digests(*, now: dt.datetime | None = None) -> DigestRun:
    """Every due digest, one email per follow. Safe to run as often as you
    like: an item goes to a follow once, and a follow gets at most one
    digest per day or week. Unconfirmed follows older than 8 days go."""
    now = now or timezone.now()
    removed, _ = Follow.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - PENDING_KEPT
    ).delete()
    emails = items = 0
    for follow in due_follows(now):
        try:
            count = send_digest(follow.pk, now=now)
        except Exception:  # one bad address must not stop the others
            log.exception("Digest for follow %s failed", follow.pk)
            continue
        emails += bool(count)
        items += count
    return DigestRun(emails=emails, items=items, removed_pending=removed)


@task()
def send_digests_task() -> dict[str, int]:
    """The digests as a background task (the `send_digests` command's work)."""
    run = send_due_digests()
    return {"emails": run.emails, "items": run.items}
