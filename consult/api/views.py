"""The API's views: thin, they read through consult/api/selectors.py and the
public selectors, and answer 405 to anything but GET, HEAD and OPTIONS."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..commitments.exports import exported
from ..models import Commitment, CommitmentStatus, Inquiry, Organisation
from ..models.inquiries import PHASE_ORDER
from ..publication import is_published
from ..sensemaking.selectors import public_changes
from . import examples
from .errors import bool_param, choice_param
from .selectors import filter_inquiries, public_inquiries, published_results
from .serializers import (
    ChangeSerializer,
    CommitmentSerializer,
    ErrorSerializer,
    InquirySerializer,
    OrganisationSerializer,
    ResultsSerializer,
)

NOT_PUBLISHED = (
    "The results of this inquiry are not published yet. They appear here when "
    "an editor publishes them."
)
NO_INQUIRY = "There is no public inquiry with that slug."
NO_ORGANISATION = "There is no organisation with that slug."

BAD_PARAMETER = OpenApiResponse(
    ErrorSerializer,
    description="A query parameter has a value we cannot use; parameter names it.",
    examples=[examples.BAD_PARAMETER],
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description="No such thing here (or no such page of results).",
    examples=[examples.NOT_FOUND],
)
THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description="Too many requests: wait the seconds in the Retry-After header.",
)
# What Django's <slug:...> path converter matches: anything else is answered
# by not_found below, so the schema says so and clients need not guess.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The inquiry's slug.",
    examples=[OpenApiExample("Anyshire", value="anyshire")],
    pattern=SLUG_PATTERN,
)
ORGANISATION_SLUG = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The organisation's slug.",
    examples=[OpenApiExample("Anyshire Council", value="anyshire-council")],
    pattern=SLUG_PATTERN,
)


class ReadOnlyMixin:
    """Anything but GET, HEAD and OPTIONS is 405, before anyone is signed in,
    checked or counted: there is nothing here to write."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


def _public_inquiry(slug: str) -> Inquiry:
    inquiry = public_inquiries().filter(slug=slug).first()
    if inquiry is None:
        raise NotFound(NO_INQUIRY)
    return inquiry


@extend_schema(
    tags=["inquiries"],
    summary="List inquiries",
    description="Inquiries with a public page, newest first, a page at a time.",
    parameters=[
        OpenApiParameter(
            "phase_open",
            OpenApiTypes.STR,
            enum=PHASE_ORDER,
            description="Only inquiries with this phase open today.",
        ),
        OpenApiParameter(
            "published",
            OpenApiTypes.BOOL,
            description="true: only inquiries whose results are published; "
            "false: only those not yet published.",
        ),
    ],
    responses={200: InquirySerializer(many=True), 400: BAD_PARAMETER, 404: NOT_FOUND},
    examples=[examples.INQUIRY_LIST],
)
class InquiryList(ReadOnlyMixin, generics.ListAPIView):
    serializer_class = InquirySerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return filter_inquiries(
            public_inquiries(),
            phase_open=choice_param(params, "phase_open", PHASE_ORDER),
            published=bool_param(params, "published"),
        )


@extend_schema(
    tags=["inquiries"],
    summary="One inquiry",
    description="An inquiry, its phases with dates and status, and its links.",
    parameters=[SLUG],
    responses={200: InquirySerializer, 404: NOT_FOUND},
    examples=[examples.INQUIRY],
)
class InquiryDetail(ReadOnlyMixin, generics.RetrieveAPIView):
    serializer_class = InquirySerializer

    def get_object(self) -> Inquiry:
        return _public_inquiry(self.kwargs["slug"])


@extend_schema(
    tags=["inquiries"],
    summary="An inquiry's changes",
    description="The changes people called for, in standard and easy read, with "
    "the themes behind each. The same as the public changes page, without the "
    "quotes and counts.",
    parameters=[SLUG],
    responses={200: ChangeSerializer(many=True), 400: BAD_PARAMETER, 404: NOT_FOUND},
    examples=[examples.CHANGE_LIST],
)
class ChangeList(ReadOnlyMixin, generics.ListAPIView):
    serializer_class = ChangeSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return public_changes(_public_inquiry(self.kwargs["slug"]))


@extend_schema(
    tags=["inquiries"],
    summary="An inquiry's published results",
    description="Priority results (overall and by group, groups under 5 hidden) "
    "and budget results (the split rules, greedy against the Method of Equal "
    "Shares, pledges per area). Not found until an editor publishes the "
    "inquiry's results.",
    parameters=[SLUG],
    responses={
        200: ResultsSerializer,
        404: OpenApiResponse(
            ErrorSerializer,
            description="No such public inquiry, or its results are not published.",
            examples=[examples.NOT_PUBLISHED],
        ),
    },
    examples=[examples.RESULTS],
)
class ResultsView(ReadOnlyMixin, generics.GenericAPIView):
    serializer_class = ResultsSerializer
    pagination_class = None

    def get(self, request: Request, slug: str) -> Response:
        inquiry = _public_inquiry(slug)
        if not is_published(inquiry):
            raise NotFound(NOT_PUBLISHED)
        return Response(self.get_serializer(published_results(inquiry)).data)


@extend_schema(
    tags=["organisations"],
    summary="List organisations",
    description="Councils, NHS bodies, charities, user-led groups and support "
    "providers that take part, by name.",
    parameters=[
        OpenApiParameter(
            "kind",
            OpenApiTypes.STR,
            enum=Organisation.Kind.values,
            description="Only organisations of this kind.",
        )
    ],
    responses={
        200: OrganisationSerializer(many=True),
        400: BAD_PARAMETER,
        404: NOT_FOUND,
    },
    examples=[examples.ORGANISATION_LIST],
)
class OrganisationList(ReadOnlyMixin, generics.ListAPIView):
    serializer_class = OrganisationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        organisations = Organisation.objects.order_by("name", "pk")
        kind = choice_param(self.request.query_params, "kind", Organisation.Kind.values)
        return organisations.filter(kind=kind) if kind else organisations


@extend_schema(
    tags=["organisations"],
    summary="One organisation",
    parameters=[ORGANISATION_SLUG],
    responses={200: OrganisationSerializer, 404: NOT_FOUND},
)
class OrganisationDetail(ReadOnlyMixin, generics.RetrieveAPIView):
    serializer_class = OrganisationSerializer

    def get_object(self) -> Organisation:
        organisation = Organisation.objects.filter(slug=self.kwargs["slug"]).first()
        if organisation is None:
            raise NotFound(NO_ORGANISATION)
        return organisation


class SchemaView(ReadOnlyMixin, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML; ?format=json for JSON)."""


class ApiRoot(ReadOnlyMixin, APIView):
    """/api/ and /api/v1/: where to start."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return redirect("api:docs")


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other address under /api/: not found, as JSON like the rest."""
    return JsonResponse(
        {"detail": "There is nothing at this address. See /api/docs/."}, status=404
    )


# Commitments (issue 8, h-commitio): public statements, so no publication gate.

STATUS = OpenApiParameter(
    "status",
    OpenApiTypes.STR,
    enum=CommitmentStatus.values,
    description="Only commitments with this status.",
)


def _commitments(queryset: Any, params: Any) -> Any:
    status = choice_param(params, "status", CommitmentStatus.values)
    queryset = queryset.filter(status=status) if status else queryset
    return exported(queryset)


@extend_schema(
    tags=["commitments"],
    summary="An inquiry's commitments",
    description="What organisations committed to do about the inquiry's changes, "
    "each with its progress updates, by organisation and due date. Commitments "
    "are the organisations' own public statements.",
    parameters=[SLUG, STATUS],
    responses={
        200: CommitmentSerializer(many=True),
        400: BAD_PARAMETER,
        404: NOT_FOUND,
    },
    examples=[examples.COMMITMENT_LIST],
)
class InquiryCommitmentList(ReadOnlyMixin, generics.ListAPIView):
    serializer_class = CommitmentSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        inquiry = _public_inquiry(self.kwargs["slug"])
        return _commitments(
            Commitment.objects.filter(inquiry=inquiry), self.request.query_params
        )


@extend_schema(
    tags=["commitments"],
    summary="An organisation's commitments",
    description="Everything one organisation committed to, across inquiries, "
    "each with its progress updates.",
    parameters=[ORGANISATION_SLUG, STATUS],
    responses={
        200: CommitmentSerializer(many=True),
        400: BAD_PARAMETER,
        404: NOT_FOUND,
    },
    examples=[examples.COMMITMENT_LIST],
)
class OrganisationCommitmentList(ReadOnlyMixin, generics.ListAPIView):
    serializer_class = CommitmentSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        organisation = Organisation.objects.filter(slug=self.kwargs["slug"]).first()
        if organisation is None:
            raise NotFound(NO_ORGANISATION)
        return _commitments(
            Commitment.objects.filter(organisation=organisation),
            self.request.query_params,
        )
