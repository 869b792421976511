"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache
from django.test import Client

from cms.demo import DEMO_USERS, seed_demo
from consult.models import Inquiry, User
from consult.roles import Role
from themes.display import COOKIE_NAME


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits and cached pages live in the cache: start every test clean."""
    cache.clear()


@pytest.fixture
def demo(db: None) -> Inquiry:
    """The Anyshire demo, loaded through the same code as `manage.py seed_demo`."""
    seed_demo()
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
