"""One walk over every public output, before and after an inquiry's results
are published (issue 7): until the editor publishes, no count, chart, quote
or result appears on any public page, feed, search result, API response,
download or PDF; afterwards every one of them shows.

What counts as a result here: the priority results, the budget results
with their explanations, "whose voices" counts, the themes' counts and key
quotes, and the changes' key quotes and counts. Stories people chose to share
are published one by one as moderators check them (the Listen phase's own
page, /anyshire/findings/), so they are not part of this rule. Room mode's
session-only counts are the one exception the issue names; they are tested
with room mode (tests/deliberation)."""

from __future__ import annotations

import pytest
from django.test import Client

from consult import publication
from consult.budgeting.results import cached_results
from consult.models import Budget, ChangeQuote, Inquiry
from consult.priorities.results import priority_results
from consult.roles import Role

pytestmark = pytest.mark.django_db

# Every public output that shows (or could show) results, with the status a
# visitor gets before and after publishing.
OUTPUTS: list[tuple[str, int | tuple[int, ...], int]] = [
    ("/anyshire/", 200, 200),
    ("/anyshire/changes/", 200, 200),
    ("/anyshire/you-said-we-did/", 200, 200),
    ("/anyshire/feed/", 200, 200),
    ("/anyshire/take-part/", 200, 200),
    ("/search/?q=voted", 200, 200),
    ("/anyshire/results/", 404, 200),
    ("/anyshire/results/easy-read/", 404, 200),
    ("/anyshire/data/", 404, 200),
    ("/inquiries/anyshire/data/priority-ballots.csv", 404, 200),
    ("/inquiries/anyshire/data/budget-models.json", 404, 200),
    ("/inquiries/anyshire/data/findings.csv", 404, 200),
    ("/inquiries/anyshire/data/budget.pb", 404, 200),
    ("/inquiries/anyshire/results.pdf", 404, 200),
    ("/inquiries/anyshire/results-easy-read.pdf", 404, 200),
    ("/inquiries/anyshire/priorities/results/", 404, 200),
    ("/inquiries/anyshire/priorities/results.json", 404, 200),
    ("/api/v1/inquiries/", 200, 200),
    ("/api/v1/inquiries/anyshire/", 200, 200),
    ("/api/v1/inquiries/anyshire/changes/", 200, 200),
    ("/api/v1/inquiries/anyshire/results/", 404, 200),
]
# The budget results page sends a visitor to sign in, and tells a signed-in
# participant plainly they cannot see it, until it is public.
SIGN_IN_FIRST = ("/inquiries/anyshire/budget/results/", (302, 403), 200)


def _body(response) -> str:  # type: ignore[no-untyped-def]
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _result_words(inquiry: Inquiry) -> dict[str, str]:
    """Words that only a published result contains, read from the results
    themselves so the test follows the demo."""
    priorities = priority_results(inquiry, use_cache=False)
    budget, _ = cached_results(Budget.objects.get(inquiry=inquiry))
    assert budget is not None  # tasks run at once in the tests
    funded = next(p for p in budget["models"]["mes"]["projects"] if p["selected"])
    quote = (
        ChangeQuote.objects.filter(change__inquiry=inquiry, finding__consent="named")
        .select_related("finding")
        .first()
    )
    assert quote is not None
    return {
        "priority summary": f"{priorities.ballots} people voted",
        "budget explanation": funded["why"][:40],
        "change quote by name": quote.finding.display_name,
    }


def _walk(client: Client, before: bool) -> dict[str, str]:
    bodies = {}
    for url, status_before, status_after in [*OUTPUTS, SIGN_IN_FIRST]:
        response = client.get(url)
        wanted = status_before if before else status_after
        allowed = wanted if isinstance(wanted, tuple) else (wanted,)
        assert response.status_code in allowed, (url, response.status_code)
        bodies[url] = _body(response)
    return bodies


@pytest.mark.parametrize("mode", ["standard", "easy-read"])
def test_nothing_shows_before_publishing_and_everything_after(
    demo, demo_users, client_in_mode, django_capture_on_commit_callbacks, mode
) -> None:
    words = _result_words(demo)
    visitor = client_in_mode(mode)
    participant = client_in_mode(mode)
    participant.force_login(demo_users[Role.PARTICIPANT])
    for client in (visitor, participant):
        for url, body in _walk(client, before=True).items():
            for what, text in words.items():
                assert text not in body, (url, what)

    with django_capture_on_commit_callbacks(execute=True):  # PDFs are built
        publication.publish_results(demo, by=demo_users[Role.SITE_EDITOR])

    after = _walk(visitor, before=False)
    joined = "\n".join(after.values())
    for what, text in words.items():
        assert text in joined, what  # the words are real: they do show now
    assert words["priority summary"] in after["/inquiries/anyshire/priorities/results/"]
    assert words["change quote by name"] in after["/anyshire/changes/"]
    assert after["/inquiries/anyshire/results.pdf"].startswith("%PDF")

    # Taken down again: every output closes at once.
    publication.unpublish_results(demo, by=demo_users[Role.SITE_EDITOR])
    _walk(visitor, before=True)
