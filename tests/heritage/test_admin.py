"""Staff work in the admin: stories with photos, preview, publishing, slots, decisions."""

import pytest
from django.core import mail
from django.urls import reverse

from heritage.models import (
    Photo,
    RequestStatus,
    Story,
    StoryStatus,
    VisitInfo,
    VisitRequest,
    VisitSlot,
)

from .factories import (
    DraftStoryFactory,
    GalleryFactory,
    TimelineEntryFactory,
    VisitInfoFactory,
    VisitRequestFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


def story_post(**overrides):
    data = {
        "title_ko": "미싱 앞의 열일곱",
        "slug": "machine",
        "kind": "oral",
        "period_ko": "1970년대",
        "summary_ko": "요약",
        "body_ko": "<p>벌집 방의 <strong>아침</strong></p><script>alert(1)</script>",
        "sources_ko": "구술 기록",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": image_file("room.png", (1600, 1000)),
        "photos-0-alt_text_ko": "이불과 작은 상이 놓인 좁은 방",
        "photos-0-caption_ko": "재현한 쪽방",
        "photos-0-credit_ko": "금천구",
        "photos-0-position": "0",
    }
    data.update(overrides)
    return data


def test_staff_draft_preview_and_publish_a_story_with_photos_in_the_admin(staff_client, client):
    entry = TimelineEntryFactory()
    response = staff_client.post(
        reverse("admin:heritage_story_add"), story_post(timeline_entries=[entry.pk])
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    story = Story.objects.get()
    assert story.status == StoryStatus.DRAFT
    assert "<script>" not in story.body
    photo = story.photos.get()
    assert (photo.width, photo.height) == (1600, 1000)
    assert set(photo.renditions) == {"320", "640", "1280"}
    assert story.created_by is not None and story.updated_by is not None

    # Preview: the admin's "view on site" leads the staff member to the draft...
    change = staff_client.get(reverse("admin:heritage_story_change", args=[story.pk]))
    assert f'href="{story.get_absolute_url()}" class="viewsitelink"' in change.content.decode()
    preview = staff_client.get(story.get_absolute_url())
    assert preview.status_code == 200
    assert "미리보기" in preview.content.decode()
    assert "이불과 작은 상이 놓인 좁은 방" in preview.content.decode()
    # ...while the public still gets nothing.
    assert client.get(story.get_absolute_url()).status_code == 404

    # Publish with the admin action.
    response = staff_client.post(
        reverse("admin:heritage_story_changelist"),
        {"action": "publish", "_selected_action": [story.pk]},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED and story.published_at is not None
    public = client.get(story.get_absolute_url())
    assert public.status_code == 200
    assert "미리보기" not in public.content.decode()
    assert "아침" in public.content.decode()


def test_story_photo_without_alt_text_is_refused(staff_client):
    response = staff_client.post(
        reverse("admin:heritage_story_add"), story_post(**{"photos-0-alt_text_ko": "  "})
    )
    assert response.status_code == 200
    assert "대체 텍스트를 적어 주세요" in response.content.decode()
    assert not Story.objects.exists()


def test_hostile_upload_is_refused_and_nothing_is_saved(staff_client):
    from django.core.files.base import ContentFile

    fake = ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", name="x.png")
    response = staff_client.post(
        reverse("admin:heritage_story_add"), story_post(**{"photos-0-image": fake})
    )
    assert response.status_code == 200
    assert "SVG 파일은 올릴 수 없습니다" in response.content.decode()
    assert not Story.objects.exists()


def test_gallery_photos_are_added_with_alt_text_in_the_admin(staff_client):
    gallery = GalleryFactory()
    response = staff_client.post(
        reverse("admin:heritage_photo_add"),
        {
            "gallery": gallery.pk,
            "image": image_file(),
            "alt_text_ko": "미싱이 줄지어 놓인 작업장",
            "caption_ko": "작업장",
            "credit_ko": "금천구",
            "period_ko": "1970년대",
            "position": "0",
        },
    )
    assert response.status_code == 302
    assert Photo.objects.get().alt_text_ko == "미싱이 줄지어 놓인 작업장"


def test_publishing_a_story_shows_it_on_the_next_anonymous_request(staff_client, client):
    story = DraftStoryFactory(title="곧 공개할 이야기")
    listing = reverse("heritage:story_list")
    assert "곧 공개할 이야기" not in client.get(listing).content.decode()  # now cached
    staff_client.post(
        reverse("admin:heritage_story_changelist"),
        {"action": "publish", "_selected_action": [story.pk]},
    )
    assert "곧 공개할 이야기" in client.get(listing).content.decode()


def test_staff_open_slots_for_a_date_range_in_one_step(staff_client):
    VisitInfoFactory()
    url = reverse("admin:heritage_visitslot_open")
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "start_date": "2030-03-04",  # a Monday
            "end_date": "2030-03-17",
            "weekdays": ["0", "1", "3"],
            "times": "10:00-11:30\n14:00-15:30",
            "capacity": "35",
            "skip_closed": "on",
        },
    )
    assert response.status_code == 302
    # Two weeks × Tue and Thu (Mondays closed) × two times.
    assert VisitSlot.objects.count() == 8
    assert set(VisitSlot.objects.values_list("capacity", flat=True)) == {35}


def test_open_slots_form_errors_are_shown(staff_client):
    response = staff_client.post(
        reverse("admin:heritage_visitslot_open"),
        {
            "start_date": "2030-03-04",
            "end_date": "2030-03-01",
            "weekdays": ["1"],
            "times": "x",
            "capacity": "0",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "시작 날짜보다 빠릅니다" in body and "올바른 시간대가 아닙니다" in body
    assert not VisitSlot.objects.exists()


def test_confirm_and_decline_actions_email_the_requester(
    staff_client, django_capture_on_commit_callbacks
):
    confirm = VisitRequestFactory(contact_email="yes@example.com")
    decline = VisitRequestFactory(contact_email="no@example.com")
    url = reverse("admin:heritage_visitrequest_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "confirm", "_selected_action": [confirm.pk]})
        staff_client.post(url, {"action": "decline", "_selected_action": [decline.pk]})
    confirm.refresh_from_db()
    decline.refresh_from_db()
    assert confirm.status == RequestStatus.CONFIRMED
    assert decline.status == RequestStatus.DECLINED
    assert sorted(m.to[0] for m in mail.outbox) == ["no@example.com", "yes@example.com"]


def test_admin_lists_show_needs_confirmation_and_places_left(staff_client):
    VisitInfoFactory()
    body = staff_client.get(reverse("admin:heritage_visitinfo_changelist")).content.decode()
    assert "확인 필요" in body
    VisitRequestFactory(people=12)
    body = staff_client.get(reverse("admin:heritage_visitslot_changelist")).content.decode()
    assert "28" in body
    assert staff_client.get(reverse("admin:heritage_visitrequest_changelist")).status_code == 200
    # One museum record: no second one can be added.
    assert staff_client.get(reverse("admin:heritage_visitinfo_add")).status_code == 403
    assert VisitInfo.objects.count() == 1


@pytest.mark.parametrize("role", ["resident", "council_member", "company_manager"])
def test_admin_is_closed_to_other_roles(request, client, role):
    client.force_login(request.getfixturevalue(role))
    for name in [
        "heritage_story_changelist",
        "heritage_visitslot_open",
        "heritage_visitrequest_changelist",
    ]:
        response = client.get(reverse(f"admin:{name}"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not VisitRequest.objects.exists()


def test_every_heritage_admin_page_opens_for_staff(staff_client):
    info = VisitInfoFactory()
    story = DraftStoryFactory()
    visit = VisitRequestFactory()
    urls = [
        reverse("admin:app_list", kwargs={"app_label": "heritage"}),
        reverse("admin:heritage_story_add"),
        reverse("admin:heritage_story_change", args=[story.pk]),
        reverse("admin:heritage_gallery_add"),
        reverse("admin:heritage_timelineentry_add"),
        reverse("admin:heritage_visitinfo_change", args=[info.pk]),
        reverse("admin:heritage_specialday_changelist"),
        reverse("admin:heritage_visitslot_change", args=[visit.slot.pk]),
        reverse("admin:heritage_visitrequest_change", args=[visit.pk]),
        reverse("admin:heritage_photo_changelist"),
    ]
    for url in urls:
        assert staff_client.get(url).status_code == 200, url
