import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _korean_first():
    """Start each test in Korean: a request in English leaves its language active in the thread."""
    translation.activate("ko")
    yield
    translation.activate("ko")
