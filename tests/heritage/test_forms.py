"""The visit-request form and the staff slot form: empty, huge, malformed and hostile input."""

import pytest
from django.urls import reverse

from heritage.forms import OpenSlotsForm, VisitRequestForm
from heritage.models import VisitRequest

from .factories import VisitSlotFactory, request_data

pytestmark = pytest.mark.django_db

VALID = {**request_data(), "consent": "on"}


def errors_for(data):
    form = VisitRequestForm(data)
    assert not form.is_valid()
    return {field: " ".join(messages) for field, messages in form.errors.items()}


def test_valid_request_form():
    form = VisitRequestForm(VALID)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["contact_phone"] == "02-123-4567"


def test_empty_form_names_every_required_field_in_korean():
    errors = errors_for({})
    assert errors["group_name"] == "단체 이름을 적어 주세요."
    assert errors["group_kind"] == "단체 종류를 골라 주세요."
    assert errors["people"] == "인원을 적어 주세요."
    assert errors["contact_name"] == "담당자 이름을 적어 주세요."
    assert errors["contact_email"] == "담당자 이메일을 적어 주세요."
    assert errors["contact_phone"] == "담당자 연락처를 적어 주세요."
    assert "동의해야" in errors["consent"]


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("group_name", "   ", "단체 이름을 적어 주세요."),
        ("group_name", "가" * 101, "100자 이내"),
        ("group_name", "학교\x00이름", "null 문자"),
        ("contact_name", "홍\x07길동", "제어 문자"),
        ("group_kind", "hacker", "목록에 있는 단체 종류"),
        ("people", "0", "1명 이상"),
        ("people", "-5", "1명 이상"),
        ("people", "201", "200명까지"),
        ("people", "열명", "숫자로"),
        ("people", "9" * 30, "200명까지"),
        ("contact_email", "not-an-email", "이메일 주소 형식"),
        ("contact_email", "a@b.c<script>", "이메일 주소 형식"),
        ("contact_phone", "abc", "연락처 형식"),
        ("contact_phone", "010-1234-56789", "연락처 형식"),
        ("contact_phone", "1" * 200, "연락처"),
        ("message", "가" * 1001, "1000자 이내"),
    ],
)
def test_bad_input_gets_a_clear_korean_message(field, value, message):
    errors = errors_for({**VALID, field: value})
    assert message in errors[field]


def test_markup_is_stored_as_text_not_interpreted():
    form = VisitRequestForm({**VALID, "group_name": "<b>학교</b>", "message": "<script>x</script>"})
    assert form.is_valid()
    assert form.cleaned_data["group_name"] == "<b>학교</b>"


def test_invalid_post_writes_nothing_and_shows_errors(resident_client):
    slot = VisitSlotFactory()
    url = reverse("heritage:visit_request", kwargs={"pk": slot.pk})
    response = resident_client.post(url, {**VALID, "people": "0", "contact_phone": "x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1명 이상" in body and "연락처 형식" in body
    assert not VisitRequest.objects.exists()


def slot_form(**overrides):
    data = {
        "start_date": "2030-01-01",
        "end_date": "2030-01-31",
        "weekdays": ["1", "2"],
        "times": "10:00-11:30\n14:00-15:30",
        "capacity": "40",
        "skip_closed": "on",
    }
    data.update(overrides)
    return OpenSlotsForm(data)


def test_open_slots_form_parses_times():
    form = slot_form()
    assert form.is_valid(), form.errors
    assert [(a.hour, b.minute) for a, b in form.cleaned_data["times"]] == [(10, 30), (14, 30)]


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"times": ""}, "times", "필수"),
        ({"times": "아침"}, "times", "올바른 시간대가 아닙니다"),
        ({"times": "25:00-26:00"}, "times", "올바른 시간대가 아닙니다"),
        ({"times": "15:00-14:00"}, "times", "끝 시각이 시작 시각보다"),
        ({"times": "\n".join(f"{h}:00-{h}:30" for h in range(8, 21))}, "times", "12개까지"),
        ({"end_date": "2029-12-01"}, "end_date", "시작 날짜보다 빠릅니다"),
        ({"end_date": "2031-06-01"}, "end_date", "1년"),
        ({"weekdays": []}, "weekdays", "요일을 하나 이상"),
        ({"weekdays": ["9"]}, "weekdays", ""),
        ({"capacity": "0"}, "capacity", "1명 이상"),
        ({"capacity": "100000"}, "capacity", "500명 이하"),
        ({"start_date": "어제"}, "start_date", ""),
    ],
)
def test_open_slots_form_refuses_bad_input(overrides, field, message):
    form = slot_form(**overrides)
    assert not form.is_valid()
    assert field in form.errors
    assert message in " ".join(form.errors[field])
