"""Every form on the site, sent nonsense: no 5xx, and nothing invalid stored.

The forms are found, not listed: for each role the test walks the site from
the home page and the demo inquiry (tests/conftest.py `demo`), collecting each
<form method="post"> with its fields. Hypothesis then fills each form with
unicode, NUL bytes and other control characters, huge strings, numbers where
text goes and text where numbers go, many values for one field, and fields
left out, and posts it as that role. Afterwards no text column may hold a
control character and no column may hold more than its max_length (SQLite
does not enforce it; PostgreSQL would fail with a 500).

Wagtail's admin (/admin/) is Wagtail's own, tested upstream, and not walked.
Run on PostgreSQL too: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.demo import DEMO_USERS
from consult.models import User
from consult.roles import Role

pytestmark = pytest.mark.django_db

# Pages walked per role, and examples per form: the whole module stays well
# under a minute on SQLite.
MAX_PAGES = 120
EXAMPLES = 6
START = ["/", "/anyshire/", "/inquiries/anyshire/", "/inquiries/anyshire/team/"]
SKIP_PATH = re.compile(
    r"^/(admin|api|static|media|documents|accounts/logout)/"
    r"|\.(pdf|csv|xlsx|json|ics|zip|xml|txt|svg|png|jpg|mp3|m4a|webm)$"
    r"|/(feed|rss)/"
)
# Forms that end the session being tested, not worth fuzzing here.
SKIP_ACTION = re.compile(r"/accounts/logout/|/accounts/(email|password)/")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
APPS = ("cms", "deliberation", "consult")


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    values: list[str] = field(default_factory=list)  # options / hidden value


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)


class _Page(HTMLParser):
    """The links and post forms on one page."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.url, a.get("action") or self.url)
                self._form = Form(self.url, action)
        elif self._form is not None and a.get("name"):
            name = a["name"]
            if tag in {"input", "button"}:
                kind = a.get("type", "text").lower()
                found = self._form.fields.setdefault(name, Field(name, kind))
                if a.get("value") is not None and kind in {
                    "hidden",
                    "radio",
                    "checkbox",
                    "submit",
                }:
                    found.values.append(a.get("value", ""))
            elif tag == "textarea":
                self._form.fields.setdefault(name, Field(name, "textarea"))
            elif tag == "select":
                self._select = self._form.fields.setdefault(name, Field(name, "select"))
        if tag == "option" and self._select is not None:
            self._select.values.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def _local(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in {"", "testserver"} or not parts.path.startswith("/"):
        return None
    if SKIP_PATH.search(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def find_forms(client: Client) -> dict[str, Form]:
    """Walk the site as this client; each post form once, by action path."""
    seen: set[str] = set()
    queue = deque(START)
    forms: dict[str, Form] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path = url.split("?")[0]
        if path in seen:
            continue
        seen.add(path)
        response = client.get(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page(url)
        page.feed(response.content.decode(errors="replace"))
        for form in page.forms:
            action = _local(form.action)
            if action and not SKIP_ACTION.search(action):
                key = re.sub(r"/\d+/", "/N/", action.split("?")[0])
                forms.setdefault(key, Form(url, action, form.fields))
        for link in page.links:
            local = _local(link)
            if local and local.split("?")[0] not in seen:
                queue.append(local)
    return forms


# --- what nonsense looks like ---------------------------------------------------

nasty_text = st.one_of(
    st.text(max_size=40),  # any unicode, NUL and control characters included
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.sampled_from(["\x00", "a\x00b", " ", "é" * 3, "🙂", "<script>", "' OR 1=1"]),
    st.integers(min_value=1, max_value=300_000).map(lambda n: "x" * n),  # huge
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.sampled_from(["-1", "0", "1e309", "9" * 30, "2026-02-30", "true", "[]"]),
)


def value_for(form_field: Field) -> st.SearchStrategy[object]:
    """A value for one field: sometimes a sane one, mostly nonsense; None
    means the field is left out; a list sends the field many times."""
    sane = st.sampled_from(form_field.values) if form_field.values else st.just("Hello")
    return st.one_of(
        sane,
        nasty_text,
        st.none(),
        st.lists(st.one_of(sane, nasty_text), min_size=2, max_size=3),
    )


def data_for(form: Form) -> st.SearchStrategy[dict[str, object]]:
    fields = {
        name: value_for(f)
        for name, f in form.fields.items()
        if name != "csrfmiddlewaretoken"
    }
    return st.fixed_dictionaries(fields).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


# --- what must never be stored ---------------------------------------------------


def garbage() -> list[str]:
    """Rows holding a control character or more than their max_length."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS or not model._meta.managed:
            continue
        for column in model._meta.concrete_fields:
            if not isinstance(column, models.CharField | models.TextField):
                continue
            name = column.attname
            values = model._default_manager.exclude(**{name: ""}).values_list(
                "pk", name
            )
            for pk, value in values:
                if value is None:
                    continue
                if column.max_length and len(value) > column.max_length:
                    found.append(f"{model.__name__}.{name} #{pk}: {len(value)} long")
                if CONTROL.search(value):
                    found.append(f"{model.__name__}.{name} #{pk}: {value[:40]!r}")
    return found


def _fuzz(client: Client, form: Form) -> None:
    """Post EXAMPLES sets of nonsense to one form; none may answer 5xx."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=data_for(form))
    def post(data: dict[str, object]) -> None:
        cache.clear()  # rate limits would answer 429 and hide the form
        response = client.post(form.action, data)
        assert response.status_code < 500, (
            f"POST {form.action} (form on {form.page}) answered {response.status_code}"
        )

    post()


# Forms that may take away what later forms need (the account, the session):
# fuzzed last.
LAST = re.compile(r"erase|delete|remove|withdraw|leave|close")


def fuzz_every_form(client: Client, user: User | None = None) -> int:
    """Fuzz each form `client` can reach (signed in again as `user` before
    each, in case a form signed them out), then scan for stored garbage."""
    forms = find_forms(client)
    assert forms, "no forms found: the walk is broken"
    for key in sorted(forms, key=lambda key: (bool(LAST.search(key)), key)):
        if user is not None:
            client.force_login(user)
        _fuzz(client, forms[key])
    assert garbage() == []
    return len(forms)


def _user(role: Role) -> User:
    email = next(u.email for u in DEMO_USERS if u.role == role)
    return User.objects.get(email=email)


def _signed_in(user: User) -> Client:
    # A 500 comes back as a response, so the failure names the form.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_every_public_form_survives_nonsense(demo) -> None:
    assert fuzz_every_form(Client(raise_request_exception=False)) >= 8


@pytest.mark.parametrize(
    "role, at_least",
    # The organisation editor's commitment form once answered 500 here: a
    # finding number past any database id (fixed in CommitmentForm).
    [(Role.PARTICIPANT, 12), (Role.ORGANISATION_EDITOR, 3), (Role.ADMIN, 20)],
)
def test_every_signed_in_form_survives_nonsense(demo, role: Role, at_least) -> None:
    user = _user(role)
    assert fuzz_every_form(_signed_in(user), user) >= at_least
