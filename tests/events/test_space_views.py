"""Space pages: the permission table (point 3), bad input with nothing written (point 2), uploads,
constant query counts (point 5)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from events import services
from events.calendars import space_feed_path
from events.models import Booking, Space
from tests.addresses import english, korean
from tests.factories import CompanyManagerFactory
from tests.markup import hangul_outside_korean

from .factories import at, booking_details, make_company, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return make_space()


@pytest.fixture
def own_company(company_manager):
    return make_company("우리회사", manager=company_manager)


@pytest.fixture
def own_booking(space, company_manager, own_company):
    booking = services.request_booking(
        space,
        company_manager,
        own_company,
        starts_at=at(7, 10),
        ends_at=at(7, 12),
        **booking_details(contact_phone="010-9999-0000", contact_email="secret@own.example"),
    )
    booking.screen_file.save("screen.png", SimpleUploadedFile("s.png", _png()), save=True)
    return booking


@pytest.fixture
def other_manager_client(client_for):
    other = CompanyManagerFactory()
    make_company("남의회사", manager=other)
    return client_for(other)


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _form(**overrides):
    day = at(7, 0).date()
    data = {
        "date": day.isoformat(),
        "start": "13:00",
        "end": "15:00",
        "purpose": "신제품 설명회",
        "attendees": "50",
        "layout": "theatre",
        "contact_name": "김담당",
        "contact_email": "contact@company.example",
        "contact_phone": "02-123-4567",
    }
    data.update(overrides)
    return data


def _clients(request):
    return {
        "anonymous": Client(),
        "resident": request.getfixturevalue("resident_client"),
        "manager": request.getfixturevalue("company_manager_client"),
        "other manager": request.getfixturevalue("other_manager_client"),
        "council": request.getfixturevalue("council_client"),
        "staff": request.getfixturevalue("staff_client"),
    }


def test_permission_table(request, space, own_booking, own_company, staff):
    clients = _clients(request)
    public = [
        reverse("events:spaces"),
        space.get_absolute_url(),
        reverse(
            "events:space_month",
            kwargs={"year": at(0, 0).year, "month": at(0, 0).month} | {"slug": space.slug},
        ),
    ]
    for url in public:
        for who, client in clients.items():
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            # The public never reads a company's contact, on any page of the space.
            assert b"secret@own.example" not in response.content, (who, url)
            assert "010-9999-0000" not in response.content.decode(), (who, url)

    expected = {
        # url: {who: status}
        reverse("events:space_request", kwargs={"slug": space.slug}): {
            "anonymous": 302,
            "resident": 403,
            "manager": 200,
            "other manager": 200,
            "council": 403,
            "staff": 403,
        },
        own_booking.get_absolute_url(): {
            "anonymous": 302,
            "resident": 404,
            "manager": 200,
            "other manager": 404,
            "council": 404,
            "staff": 200,
        },
        reverse("events:booking_screen", kwargs={"pk": own_booking.pk}): {
            "anonymous": 302,
            "resident": 404,
            "manager": 200,
            "other manager": 404,
            "council": 404,
            "staff": 200,
        },
        reverse("admin:events_booking_changelist"): {
            "anonymous": 302,
            "resident": 302,
            "manager": 302,
            "other manager": 302,
            "council": 302,
            "staff": 200,
        },
        reverse("admin:events_booking_day_sheet"): {
            "anonymous": 302,
            "resident": 302,
            "manager": 302,
            "other manager": 302,
            "council": 302,
            "staff": 200,
        },
        reverse("admin:events_booking_statistics"): {
            "anonymous": 302,
            "resident": 302,
            "manager": 302,
            "other manager": 302,
            "council": 302,
            "staff": 200,
        },
        reverse("admin:events_booking_decide", args=[own_booking.pk]): {
            "anonymous": 302,
            "resident": 302,
            "manager": 302,
            "other manager": 302,
            "council": 302,
            "staff": 200,
        },
    }
    for url, statuses in expected.items():
        for who, status in statuses.items():
            response = clients[who].get(url)
            assert response.status_code == status, (who, url, response.status_code)

    # Cancelling (POST) follows the same rule: only the company's managers and staff.
    for who in ("resident", "other manager", "council"):
        assert clients[who].post(own_booking.get_absolute_url()).status_code == 404
    own_booking.refresh_from_db()
    assert own_booking.status == Booking.Status.PENDING


def test_staff_feed_needs_a_staff_members_secret(space, own_booking, staff, company_manager):
    services.approve_booking(own_booking, staff)
    client = Client()
    response = client.get(space_feed_path(staff, space))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "secret@own.example" in body
    # A manager's own secret is no key: the feed is for staff only; a made-up one neither.
    assert client.get(space_feed_path(company_manager, space)).status_code == 404
    bad = space_feed_path(staff, space).replace(".ics", "x.ics")
    assert client.get(bad).status_code == 404


def test_a_manager_requests_a_free_slot(company_manager_client, space, own_company):
    page = company_manager_client.get(space.get_absolute_url()).content.decode()
    assert "request/?date=" in page
    url = reverse("events:space_request", kwargs={"slug": space.slug})
    form = company_manager_client.get(url + f"?date={at(7, 0).date()}&start=13:00&end=14:00")
    assert 'value="13:00"' in form.content.decode()
    response = company_manager_client.post(
        url, _form(company=own_company.pk, screen_file=SimpleUploadedFile("led.png", _png()))
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == booking.get_absolute_url()
    assert booking.status == Booking.Status.PENDING and booking.company == own_company
    assert booking.screen_file


BAD_INPUT = [
    ({"start": "15:00", "end": "13:00"}, "끝나는 시각은 시작 시각보다 늦어야 합니다"),
    ({"start": "07:00", "end": "09:00"}, "운영 시간(09:00–21:00) 안에서만"),
    ({"start": "09:00", "end": "17:00"}, "최대 240분까지"),
    ({"date": at(1, 0).date().isoformat()}, "3일 전까지 신청해야"),
    ({"date": at(90, 0).date().isoformat()}, "60일 전부터 신청할 수 있습니다"),
    ({"attendees": "150", "layout": "banquet"}, "수용 인원은 100명"),
    ({"date": "2026-13-45"}, "날짜를 YYYY-MM-DD로"),
    ({"attendees": "-3"}, "1명 이상"),
]


@pytest.mark.parametrize(("change", "message"), BAD_INPUT)
def test_bad_input_gets_a_korean_message_and_writes_nothing(
    company_manager_client, space, own_company, change, message
):
    url = reverse("events:space_request", kwargs={"slug": space.slug})
    response = company_manager_client.post(url, _form(company=own_company.pk, **change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_closed_day_is_refused(company_manager_client, space, own_company):
    space.closures.create(date=at(7, 0).date(), reason="LED 화면 점검")
    url = reverse("events:space_request", kwargs={"slug": space.slug})
    response = company_manager_client.post(url, _form(company=own_company.pk))
    assert "휴관일입니다. (LED 화면 점검)" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_fake_video_is_refused(company_manager_client, space, own_company):
    url = reverse("events:space_request", kwargs={"slug": space.slug})
    fake = SimpleUploadedFile("promo.mp4", b"this is only text " * 100, content_type="video/mp4")
    response = company_manager_client.post(url, _form(company=own_company.pk, screen_file=fake))
    assert "동영상 파일이 아닙니다" in response.content.decode()
    assert not Booking.objects.exists()
    # A real MP4 container head passes the check by content.
    real = SimpleUploadedFile(
        "promo.mp4", b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 200
    )
    response = company_manager_client.post(url, _form(company=own_company.pk, screen_file=real))
    assert response.status_code == 302
    assert Booking.objects.get().screen_file.name.endswith(".mp4")


class HugeBody(io.RawIOBase):
    """A 1 GB multipart body made up as it is read; it counts how much was read."""

    def __init__(self, head, size):
        self.head, self.size, self.position = head, size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.position >= self.size:
            return 0
        count = min(len(buffer), self.size - self.position)
        chunk = bytearray(count)
        if self.position < len(self.head):
            part = self.head[self.position : self.position + count]
            chunk[: len(part)] = part
        buffer[:count] = chunk
        self.position += count
        return count


def test_a_one_gigabyte_upload_is_refused_without_reading_it(
    company_manager_client, space, own_company
):
    url = reverse("events:space_request", kwargs={"slug": space.slug})
    boundary = "gvalleyboundary"
    fields = _form(company=str(own_company.pk))
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="screen_file"; '
        'filename="huge.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    )
    size = 1024**3
    body = HugeBody(head.encode(), size)
    response = company_manager_client.generic(
        "POST",
        url,
        CONTENT_TYPE=f"multipart/form-data; boundary={boundary}",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    assert response.status_code == 200
    assert "파일이 너무 큽니다" in response.content.decode()
    assert body.position < 10 * 1024 * 1024, "the body was read, not refused"
    assert not Booking.objects.exists()


def test_the_lounge_notice_and_the_public_view_of_a_booking(client, space, own_booking, staff):
    services.approve_booking(own_booking, staff)
    page = client.get(space.get_absolute_url()).content.decode()
    assert "예약됨" in page and own_booking.company.name not in page
    assert "secret@own.example" not in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_space_pages_need_a_constant_number_of_queries(
    client_for, company_manager, staff, signed_in
):
    """The list with 3 or 12 spaces, the week with 0 or 40 bookings: the same queries, both on
    the first request after a content change and on the next ones (the shared data read)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(company_manager) if signed_in else Client()
    company = make_company(manager=company_manager)
    counts = []
    for round_ in range(2):
        for number in range(3 if round_ == 0 else 9):
            make_space(f"room-{round_}-{number}", is_lounge=number % 2 == 0)
        hall = make_space(f"hall-{round_}")
        for hour in range(9, 20, 2) if round_ else []:
            for day in range(3, 10):
                b = services.request_booking(
                    hall,
                    company_manager,
                    company,
                    starts_at=at(day, hour),
                    ends_at=at(day, hour + 1),
                    **booking_details(),
                )
                if hour % 4 == 1:
                    services.approve_booking(b, staff)
        round_counts = []
        for _ in ("after the change", "again"):
            with CaptureQueriesContext(connection) as listed:
                assert client.get(reverse("events:spaces")).status_code == 200
            with CaptureQueriesContext(connection) as week:
                assert client.get(hall.get_absolute_url()).status_code == 200
            round_counts.append((len(listed), len(week)))
        counts.append(round_counts)
    assert counts[0] == counts[1], counts
    # (list, week) after a content change, then again. Signed in: the user, whether they may
    # ask (the week), and the shared data once after a change (the spaces, the lounges' day, the
    # week's hours, closed days and bookings). Anonymous: the page cache answers the second time.
    budget = [(8, 5), (1, 2)] if signed_in else [(7, 3), (0, 0)]
    for (listed, week), (max_listed, max_week) in zip(counts[1], budget, strict=True):
        assert listed <= max_listed and week <= max_week, counts


def test_the_week_view_shows_a_change_on_the_next_request(
    company_manager_client, company_manager, space, own_company, staff
):
    """The week's slots are shared data: a request, an approval, a cancellation each show on
    the very next request."""
    day = at(7, 0).date()
    iso = day.isocalendar()
    url = reverse(
        "events:space_week", kwargs={"slug": space.slug, "year": iso.year, "week": iso.week}
    )

    def state_at_ten():
        page = company_manager_client.get(url).content.decode()
        start = page.index(f'data-start="{day.isoformat()}T10:00:00+09:00"')
        return page[start : page.index("</li>", start)]

    assert "예약 가능" in state_at_ten()
    booking = services.request_booking(
        space,
        company_manager,
        own_company,
        starts_at=at(7, 10),
        ends_at=at(7, 12),
        **booking_details(),
    )
    assert "신청 있음" in state_at_ten()
    services.approve_booking(booking, staff)
    assert "예약됨" in state_at_ten()
    services.cancel_booking(booking, staff)
    assert "예약 가능" in state_at_ten()


def test_a_booking_in_english_names_the_equipment_and_marks_what_was_typed_in_korean(
    company_manager_client, company_manager, space, own_company
):
    Space.objects.filter(pk=space.pk).update(
        equipment_en="Three large LED screens\nWireless microphone"
    )
    space.refresh_from_db()
    booking = services.request_booking(
        space,
        company_manager,
        own_company,
        starts_at=at(7, 10),
        ends_at=at(7, 12),
        **booking_details(equipment=["대형 LED 화면 3면", "무선 마이크"]),
    )
    html = company_manager_client.get(english(booking.get_absolute_url())).content.decode()
    assert "Three large LED screens, Wireless microphone" in html
    # The company, the purpose and the contact's name are the manager's own words.
    assert hangul_outside_korean(html) == []
    assert '<span lang="ko">신제품 설명회</span>' in html
    html = company_manager_client.get(korean(booking.get_absolute_url())).content.decode()
    assert "대형 LED 화면 3면, 무선 마이크" in html
