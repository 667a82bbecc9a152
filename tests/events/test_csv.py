"""The participants CSV goes through the portal's one CSV writer (gvalley/csvfiles.py)."""

import csv
import io

import pytest
from django.urls import reverse

from events import services
from gvalley import csvfiles
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

NAMES = ['=HYPERLINK("http://evil.example","클릭")', "'=1+1", "@SUM(1)", "-5+5", "김가산"]


def test_participants_are_written_as_typed_and_never_as_formulas(staff_client):
    event = EventFactory(capacity=None)
    for name in NAMES:
        services.register(event, UserFactory(name=name))
    response = staff_client.get(reverse("events:participants_csv", args=[event.slug]))
    assert response["Content-Disposition"] == f'attachment; filename="participants-{event.pk}.csv"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8-sig")
    raw = list(csv.reader(io.StringIO(text)))
    assert not [cell for row in raw for cell in row if cell.startswith(csvfiles.FORMULA_STARTS)]
    # Read back the way the portal reads its CSV files: each name exactly as typed.
    names = [row[2] for row in csvfiles.reader(text)][1:]
    assert names == NAMES
