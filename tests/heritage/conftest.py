import pytest
from django.utils import timezone


@pytest.fixture
def freezer_now(monkeypatch):
    """Return a function that fixes django.utils.timezone.now() at a given aware datetime."""

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


@pytest.fixture(autouse=True)
def _korean_first():
    """Start each test in Korean: a request in English leaves its language active in the thread."""
    from django.utils import translation

    translation.activate("ko")
    yield
    translation.activate("ko")
