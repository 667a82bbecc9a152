"""The council's part of a user's data: export, account page, deletion; empty comments."""

import pytest
from django.urls import reverse

from council.models import AgendaComment, Grievance, Membership
from gvalley import privacy

from .factories import AgendaItemFactory, GrievanceFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_export_and_deletion_keep_council_records_but_drop_the_person(council_member):
    membership = MembershipFactory(user=council_member)
    item = AgendaItemFactory()
    AgendaComment.objects.create(item=item, author=council_member, body="내 의견")
    grievance = GrievanceFactory(submitted_by=council_member)
    data = privacy.export(council_member)["council"]
    assert data["agenda_comments"][0]["body"] == "내 의견"
    assert data["grievances"][0]["title"] == grievance.title
    assert data["memberships"][0]["office_title"] == membership.office_title
    privacy.delete_user(council_member)
    assert Membership.objects.get(pk=membership.pk).user is None
    assert AgendaComment.objects.get().author is None
    assert Grievance.objects.get(pk=grievance.pk).submitted_by is None


def test_an_empty_comment_is_refused_and_nothing_is_written(council_client):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    url = reverse("council:comment", kwargs={"pk": meeting.pk, "item_pk": item.pk})
    for body in ["", "   ", "x" * 2001]:
        response = council_client.post(url, {"body": body}, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert "의견을 적어 주세요." in html or "필수 항목입니다." in html or "최대" in html
    assert not AgendaComment.objects.exists()


def test_residents_have_no_council_section_on_their_account_page(resident_client):
    html = resident_client.get(reverse("account_profile")).content.decode()
    assert "내가 접수한 애로사항" not in html
