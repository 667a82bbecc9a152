"""Fixtures for the companies tests (the role fixtures come from tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reload the KSIC and other reference rows that a transactional test's flush removed."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from companies.reference import load_reference_data

    load_reference_data()
