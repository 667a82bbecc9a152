import pytest
from django.utils import timezone


@pytest.fixture
def freezer_now(monkeypatch):
    """Return a function that fixes django.utils.timezone.now() at a given aware datetime."""

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze
