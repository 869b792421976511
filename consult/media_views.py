"""Serving the photo or recording on a story, only to people allowed to see
it: the person who sent it, the inquiry's team, and everyone once the story
is published with consent to share. A safeguarding concern's media is for
the safeguarding lead only."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from . import permissions
from .models import Finding, FindingAttachment, Inquiry
from .participation import participant_for


def may_see_media(request: HttpRequest, finding: Finding) -> bool:
    user = request.user
    if finding.is_safeguarding_concern:
        return permissions.can_handle_safeguarding(user)
    if finding.withdrawn_at is None and (
        Finding.objects.public().filter(pk=finding.pk).exists()
    ):
        return True
    if permissions.can_moderate(user, finding.inquiry) or permissions.can_facilitate(
        user, finding.inquiry
    ):
        return True
    participant = participant_for(request, finding.inquiry)
    return (
        participant is not None
        and finding.participant_id == participant.pk
        and finding.withdrawn_at is None
    )


@require_safe
def finding_media(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    attachment = get_object_or_404(
        FindingAttachment.objects.select_related("finding__inquiry"),
        finding__pk=pk,
        finding__inquiry=inquiry,
    )
    # Not found, rather than forbidden: do not even say that it exists.
    if not may_see_media(request, attachment.finding):
        raise Http404("No such file")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing") from error
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="story-{pk}.{_ext(attachment)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _ext(attachment: FindingAttachment) -> str:
    return (
        attachment.file.name.rsplit(".", 1)[-1] if "." in attachment.file.name else ""
    )
