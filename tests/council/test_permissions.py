"""Who gets what: every council page and document, for each kind of visitor."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from council import calendar
from council.models import AgendaComment, Document, Meeting

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "manager", "member", "staff"]
OK_ALL = dict.fromkeys(ROLES, 200)
INSIDERS_ONLY = {"anonymous": 404, "resident": 404, "manager": 404, "member": 200, "staff": 200}


def page_table(world):
    login = 302
    return [
        (reverse("council:index"), OK_ALL),
        (reverse("council:archive"), OK_ALL),
        (reverse("council:grievances"), OK_ALL),
        (world["public"].get_absolute_url(), OK_ALL),
        (world["held"].get_absolute_url(), OK_ALL),
        (world["done"].get_absolute_url(), OK_ALL),
        (world["draft"].get_absolute_url(), INSIDERS_ONLY),
        (world["grievance_public"].get_absolute_url(), OK_ALL),
        (
            world["grievance_own"].get_absolute_url(),
            {"anonymous": 404, "resident": 404, "manager": 200, "member": 200, "staff": 200},
        ),
        (world["grievance_other"].get_absolute_url(), INSIDERS_ONLY),
        (
            reverse("council:dashboard"),
            {"anonymous": login, "resident": 403, "manager": 403, "member": 200, "staff": 200},
        ),
        (
            reverse("council:grievance_new"),
            {"anonymous": login, "resident": 403, "manager": 200, "member": 403, "staff": 403},
        ),
        (
            reverse("admin:council_meeting_changelist"),
            {"anonymous": 302, "resident": 302, "manager": 302, "member": 302, "staff": 200},
        ),
        (
            reverse("admin:council_grievance_changelist"),
            {"anonymous": 302, "resident": 302, "manager": 302, "member": 302, "staff": 200},
        ),
    ]


def document_table(world):
    return [
        (world["doc_public"], OK_ALL),
        (world["doc_done_minutes"], OK_ALL),
        (world["doc_draft"], INSIDERS_ONLY),
        (world["doc_held_minutes"], INSIDERS_ONLY),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_stated(world, clients, role):
    failures = []
    for url, expected in page_table(world):
        status = clients[role].get(url).status_code
        if status != expected[role]:
            failures.append(f"{url}: {status} (expected {expected[role]})")
    assert not failures, failures


@pytest.mark.parametrize("role", ROLES)
def test_every_document_answers_each_role_as_stated(world, clients, role):
    failures = []
    for document, expected in document_table(world):
        response = clients[role].get(document.get_absolute_url())
        if response.status_code != expected[role]:
            failures.append(f"{document.title}: {response.status_code}")
        elif response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
            assert "no-store" in response["Cache-Control"]
    assert not failures, failures


def test_a_draft_document_is_not_reachable_under_media_url(world, client, settings):
    name = world["doc_draft"].file.name
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404
    assert client.get(f"{settings.MEDIA_URL}private/{name}").status_code == 404
    # The file's URL is the download view, which refuses an anonymous visitor a draft's file;
    # the private storage itself names no public URL.
    assert world["doc_draft"].file.url == world["doc_draft"].get_absolute_url()
    assert client.get(world["doc_draft"].file.url).status_code == 404
    with pytest.raises(ValueError):
        world["doc_draft"].file.storage.url(name)


def test_a_draft_document_stays_refused_after_a_member_fetched_it(world, clients):
    url = world["doc_draft"].get_absolute_url()
    assert clients["member"].get(url).status_code == 200
    assert clients["anonymous"].get(url).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "resident", "manager"])
def test_outsiders_never_see_draft_agendas_minutes_or_private_grievances(world, clients, role):
    client = clients[role]
    pages = [
        client.get(reverse("council:archive")).content.decode(),
        client.get(world["held"].get_absolute_url()).content.decode(),
        client.get(reverse("council:grievances")).content.decode(),
        client.get(reverse("council:archive") + "?q=비밀문구").content.decode(),
        client.get(reverse("council:archive") + "?q=청년주거").content.decode(),
    ]
    text = "\n".join(pages)
    assert "비공개 초안 안건" not in text
    assert "초안 회의록 비밀문구" not in text
    assert world["grievance_other"].title not in text
    assert world["held"].get_absolute_url() in pages[0]


@pytest.mark.parametrize("role", ["member", "staff"])
def test_insiders_see_drafts(world, clients, role):
    client = clients[role]
    assert "비공개 초안 안건" in client.get(reverse("council:archive")).content.decode()
    assert "초안 회의록 비밀문구" in client.get(world["held"].get_absolute_url()).content.decode()
    assert (
        world["grievance_other"].title in client.get(reverse("council:grievances")).content.decode()
    )


def test_comments_are_for_members_and_staff_only(world, clients):
    item = world["public"].agenda_items.get()
    url = reverse("council:comment", kwargs={"pk": world["public"].pk, "item_pk": item.pk})
    expected = {"anonymous": 302, "resident": 403, "manager": 403, "member": 302, "staff": 302}
    for role, status in expected.items():
        response = clients[role].post(url, {"body": f"{role}의 의견"})
        assert response.status_code == status, role
    bodies = set(AgendaComment.objects.values_list("body", flat=True))
    assert bodies == {"member의 의견", "staff의 의견"}
    page = world["public"].get_absolute_url()
    assert "member의 의견" in clients["member"].get(page).content.decode()
    for role in ["anonymous", "resident", "manager"]:
        assert "member의 의견" not in clients[role].get(page).content.decode()


def test_comment_on_a_draft_meeting_is_refused_to_outsiders_even_by_url(world, clients):
    item = world["draft"].agenda_items.get()
    url = reverse("council:comment", kwargs={"pk": world["draft"].pk, "item_pk": item.pk})
    assert clients["manager"].post(url, {"body": "x"}).status_code == 403
    assert not AgendaComment.objects.exists()


def test_calendar_feed_needs_a_members_own_token(world, council_member, resident, client):
    good = calendar.feed_path(council_member)
    response = client.get(good)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    # Upcoming meetings only, drafts included (the feed is a member's).
    assert "BEGIN:VCALENDAR" in body and body.count("BEGIN:VEVENT") == 2
    assert world["draft"].get_absolute_url() in body
    assert client.get(good[:-6] + "0.ics").status_code == 404
    assert client.get(calendar.feed_path(resident)).status_code == 404
    council_member.set_password("another-password-123")
    council_member.save()
    assert client.get(good).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_meeting_pages_link_exactly_the_documents_the_visitor_may_download(world, clients, role):
    client = clients[role]
    insider = role in ("member", "staff")
    expectations = [
        (world["public"], world["doc_public"], True),
        (world["done"], world["doc_done_minutes"], True),
        (world["held"], world["doc_held_minutes"], insider),
        (world["draft"], world["doc_draft"], insider),
    ]
    for meeting, document, shown in expectations:
        response = client.get(meeting.get_absolute_url())
        html = response.content.decode() if response.status_code == 200 else ""
        assert (document.get_absolute_url() in html) == shown, (role, document.title)


def test_what_insiders_see_never_leaks_through_the_anonymous_page_cache(world, clients):
    item = world["public"].agenda_items.get()
    AgendaComment.objects.create(item=item, author=None, body="위원만 보는 의견")
    assert clients["member"].get(world["draft"].get_absolute_url()).status_code == 200
    assert "위원만 보는 의견" in clients["member"].get(item.get_absolute_url()).content.decode()
    assert clients["anonymous"].get(world["draft"].get_absolute_url()).status_code == 404
    for _ in range(2):  # a miss, then a hit from the cache
        html = clients["anonymous"].get(world["public"].get_absolute_url()).content.decode()
        assert "위원만 보는 의견" not in html and "의견 남기기" not in html


@pytest.mark.parametrize("role", ROLES)
def test_a_meetings_documents_are_the_visible_ones(world, clients, role):
    """The meeting page's shortcut (Document.objects.of_meeting) is visible_to, meeting by meeting."""
    user = clients[role].session.get("_auth_user_id")
    user = get_user_model().objects.get(pk=user) if user else AnonymousUser()
    shown = hidden = 0
    for meeting in Meeting.objects.all():
        for status in Meeting.Status.values:
            meeting.status = status
            meeting.save()
            mine = set(Document.objects.of_meeting(meeting, user))
            assert mine == set(Document.objects.visible_to(user).filter(meeting=meeting)), status
            shown += len(mine)
            hidden += meeting.documents.count() - len(mine)
    assert shown and (hidden or role in ("member", "staff"))


def test_grievance_list_shows_own_grievances_and_the_submit_button_to_whom_they_belong(
    world, clients, company_manager, resident
):
    """A manager's companies are read once per request; a past submitter keeps seeing theirs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import GrievanceFactory

    mine = GrievanceFactory(is_public=False, submitted_by=resident, title="예전에 접수한 애로")
    url = reverse("council:grievances")
    submit = reverse("council:grievance_new")
    for role, own, button in [
        ("manager", world["grievance_own"], True),
        ("resident", mine, False),
        ("member", world["grievance_other"], False),
    ]:
        with CaptureQueriesContext(connection) as queries:
            html = clients[role].get(url).content.decode()
        assert own.title in html, role
        assert (f'href="{submit}"' in html) == button, role
        reads = [q for q in queries if '"companies_companymembership"' in q["sql"]]
        assert len(reads) <= 1, role
    assert mine.title not in clients["manager"].get(url).content.decode()
    assert world["grievance_own"].title not in clients["resident"].get(url).content.decode()
