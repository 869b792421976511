"""Site search and the friendly error pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from wagtail.models import Page

from themes.display import mode_for_request

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page_obj = None
    page_range: list[object] = []
    if query:
        results = Page.objects.live().public().specific().search(query)
        paginator = Paginator(results, RESULTS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            page_obj = paginator.page(1)
        page_range = list(
            paginator.get_elided_page_range(page_obj.number, on_each_side=2)
        )
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "page_obj": page_obj,
            "page_range": page_range,
            "query_string": urlencode({"q": query}),
        },
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """A friendly 500 page. Renders without context processors or the database,
    which may be what failed."""
    html = render_to_string("500.html", {"display_mode": mode_for_request(request)})
    return HttpResponse(html, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """When a form was sent from an old page or with cookies off."""
    return render(request, "403_csrf.html", status=403)
