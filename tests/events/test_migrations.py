"""The migration that gives registrations made before short ticket codes their own code."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("events", "0001_initial")]
AFTER = [("events", "0002_ticket_code")]


def test_existing_registrations_get_distinct_codes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        User = old.get_model("gvalley", "User")
        Event = old.get_model("events", "Event")
        Registration = old.get_model("events", "Registration")
        event = Event.objects.create(
            title="이전 행사",
            slug="before-codes",
            category="culture",
            audience="anyone",
            starts_at="2024-09-04T10:00+09:00",
            ends_at="2024-09-04T12:00+09:00",
            organiser="금천구",
            registration_mode="first_come",
        )
        for number in range(30):
            user = User.objects.create(email=f"old{number}@example.com")
            Registration.objects.create(event=event, user=user, status="confirmed")

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        codes = list(new.get_model("events", "Registration").objects.values_list("code", flat=True))
        assert len(codes) == 30 and len(set(codes)) == 30
        assert all(len(code) == 8 and not set(code) & set("0O1IL") for code in codes)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
