"""Staff invite a buyer by mail; the buyer signs in, accepts, and lands on its English profile."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Buyer, BuyerInvitation
from tests.factories import UserFactory

from .factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    consultation = make_consultation(buyers=2, companies=2)
    buyer = consultation.buyers.get(company_name="Buyer 1")
    buyer.email = "Buyer1@Example.jp"
    buyer.save()
    return buyer


def _invite(client, buyers, capture):
    with capture(execute=True):
        return client.post(
            reverse("admin:events_buyer_changelist"),
            {"action": "send_invitation", "_selected_action": [b.pk for b in buyers]},
            follow=True,
        )


def _link(message, language_prefix="/en/"):
    """Return the path of the invitation link of the mail's part in that language."""
    urls = re.findall(r"https?://[^/\s]+(/\S+)", message.body)
    return next(url for url in urls if url.startswith(language_prefix))


def test_the_whole_path_from_the_mail_to_the_english_profile(
    client, staff_client, buyer, django_capture_on_commit_callbacks
):
    response = _invite(staff_client, [buyer], django_capture_on_commit_callbacks)
    assert "바이어 1곳에 초대 메일을 보냈습니다." in response.content.decode()
    assert "수락 전" in response.content.decode()  # the admin's list shows the open invitation
    [message] = mail.outbox
    assert message.to == ["buyer1@example.jp"]
    # English first, Korean after.
    assert message.body.index("You are invited") < message.body.index("바이어로 초대합니다")
    assert message.subject.index("Buyer invitation") < message.subject.index("바이어 초대")
    link = _link(message)
    assert link.startswith("/en/events/")

    # Not signed in: to the sign-in page, coming back to the link afterwards.
    response = client.get(link)
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]
    assert "next=" in response["Location"]

    # Signed up with another address than the invited one: the link is what counts.
    account = UserFactory(email="purchasing@example.jp")
    client.force_login(account)
    page = client.get(link)
    assert page.status_code == 200
    assert "Accept invitation</button>" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "events:consultation_buyer", kwargs={"slug": buyer.consultation.event.slug}
    )
    assert response["Location"].startswith("/en/")
    buyer.refresh_from_db()
    assert buyer.user == account
    invitation = BuyerInvitation.objects.get()
    assert invitation.accepted_by == account and invitation.accepted_at is not None
    profile = client.get(response["Location"])
    assert profile.status_code == 200
    assert "Buyer 1" in profile.content.decode()
    # The link followed again by the same account leads to the profile.
    assert client.get(link)["Location"] == response["Location"]


def test_inviting_again_replaces_the_open_invitation(
    staff_client, buyer, django_capture_on_commit_callbacks
):
    _invite(staff_client, [buyer], django_capture_on_commit_callbacks)
    first = BuyerInvitation.objects.get()
    _invite(staff_client, [buyer], django_capture_on_commit_callbacks)
    second = BuyerInvitation.objects.get()
    assert second.token != first.token
    assert len(mail.outbox) == 2
    # The first link is dead.
    account = UserFactory()
    client_path = _link(mail.outbox[0])
    from django.test import Client

    client = Client()
    client.force_login(account)
    assert client.get(client_path).status_code == 404
    buyer.refresh_from_db()
    assert buyer.user is None


def test_buyers_without_email_or_with_an_account_are_not_invited(
    staff_client, buyer, django_capture_on_commit_callbacks
):
    without = buyer.consultation.buyers.get(company_name="Buyer 0")
    linked = Buyer.objects.create(
        consultation=buyer.consultation,
        company_name="Linked",
        country="VN",
        email="linked@example.vn",
        user=UserFactory(),
    )
    response = _invite(staff_client, [without, linked], django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "Buyer 0: 이메일이 없는 바이어는 초대할 수 없습니다." in page
    assert "Linked: 이미 계정이 연결된 바이어입니다." in page
    assert not BuyerInvitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["anonymous", "resident", "company_manager", "council_member"])
def test_only_staff_invite(who, client, client_for, buyer, request):
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    response = client.post(
        reverse("admin:events_buyer_changelist"),
        {"action": "send_invitation", "_selected_action": [buyer.pk]},
    )
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")
    assert not BuyerInvitation.objects.exists()
    assert mail.outbox == []


def _open_invitation(buyer):
    return BuyerInvitation.objects.create(buyer=buyer, email=buyer.email)


def _refused(client, invitation, words, english_words):
    """GET says why, POST is refused with the same words (English on /en/), nothing written."""
    korean = invitation.get_absolute_url()
    page = client.get(korean)
    assert page.status_code == 200
    assert words in page.content.decode()
    assert "초대 수락</button>" not in page.content.decode()
    response = client.post(korean)
    assert response.status_code == 400
    assert words in response.content.decode()
    english = client.post("/en" + korean)
    assert english.status_code == 400
    assert english_words in english.content.decode()


def _unchanged(buyer, user_id):
    buyer.refresh_from_db()
    assert buyer.user_id == user_id


def test_an_expired_invitation_is_refused(client_for, buyer):
    invitation = _open_invitation(buyer)
    BuyerInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=BuyerInvitation.VALID_DAYS + 1)
    )
    _refused(client_for(UserFactory()), invitation, "초대 기한(14일)이 지났습니다", "has expired")
    _unchanged(buyer, None)
    assert BuyerInvitation.objects.get().accepted_at is None


def test_a_used_invitation_is_refused_to_anyone_else(client_for, buyer):
    invitation = _open_invitation(buyer)
    first = UserFactory()
    assert client_for(first).post(invitation.get_absolute_url()).status_code == 302
    _refused(client_for(UserFactory()), invitation, "이미 사용한 초대입니다", "already been used")
    _unchanged(buyer, first.pk)


def test_a_buyer_linked_to_another_account_is_refused(client_for, buyer):
    owner = UserFactory()
    Buyer.objects.filter(pk=buyer.pk).update(user=owner)
    invitation = _open_invitation(buyer)
    _refused(
        client_for(UserFactory()),
        invitation,
        "이미 다른 계정에 연결되어",
        "already linked to another account",
    )
    _unchanged(buyer, owner.pk)
    assert BuyerInvitation.objects.get().accepted_at is None


def test_an_account_that_is_already_another_buyer_is_refused(client_for, buyer):
    account = UserFactory()
    other = buyer.consultation.buyers.get(company_name="Buyer 0")
    other.user = account
    other.save()
    invitation = _open_invitation(buyer)
    _refused(
        client_for(account),
        invitation,
        "이미 다른 바이어(Buyer 0)의 계정입니다",
        "already the account of another buyer (Buyer 0)",
    )
    _unchanged(buyer, None)
    assert BuyerInvitation.objects.get().accepted_at is None


def test_an_unknown_token_or_another_events_address_is_not_found(client_for, buyer):
    invitation = _open_invitation(buyer)
    client = client_for(UserFactory())
    slug = buyer.consultation.event.slug
    url = reverse("events:consultation_invitation", kwargs={"slug": slug, "token": "x" * 43})
    assert client.get(url).status_code == 404
    other = make_consultation(buyers=0, companies=0)
    url = reverse(
        "events:consultation_invitation",
        kwargs={"slug": other.event.slug, "token": invitation.token},
    )
    assert client.post(url).status_code == 404
    _unchanged(buyer, None)
