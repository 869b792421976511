"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache
from django.test import Client

from cms.demo import DEMO_USERS, seed_demo
from consult.models import Inquiry, User
from consult.models.inquiries import today
from consult.roles import Role
from themes.display import COOKIE_NAME

from . import demo_snapshot


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    """After the test database is made, seed the demo once and record it, so
    each test that asks for it gets it back in a fraction of the time."""
    with django_db_blocker.unblock():
        demo_snapshot.prepare(seed_demo, today())


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits and cached pages live in the cache: start every test clean."""
    cache.clear()


@pytest.fixture
def demo(db: None) -> Inquiry:
    """The Anyshire demo, as `manage.py seed_demo` makes it (replayed from the
    first seeding in this process: tests/demo_snapshot.py)."""
    demo_snapshot.load_demo(seed_demo, today())
    return Inquiry.objects.get(slug="anyshire")


@pytest.fixture
def demo_users(demo: Inquiry) -> dict[Role, User]:
    """One signed-up account per role, from the demo."""
    return {u.role: User.objects.get(email=u.email) for u in DEMO_USERS}


@pytest.fixture
def client_in_mode():
    """A test client whose display-mode cookie is set to the given mode."""

    def make(mode: str) -> Client:
        client = Client()
        client.cookies[COOKIE_NAME] = mode
        return client

    return make
