"""A 수출상담회 in the database, small enough for service tests."""

import datetime

from events import consultations
from events.models import (
    Buyer,
    CompanyWish,
    Consultation,
    ConsultationBreak,
    Interpreter,
    Participant,
)

from ..factories import SelectionEventFactory, make_company


def make_consultation(
    buyers=4, companies=6, *, tables=3, minimum=2, maximum=6, interpreters=("vi",)
):
    """Return a consultation 10:00–12:00 in 20-minute slots (a 10:40–11:00 break), with slots made."""
    consultation = Consultation.objects.create(
        event=SelectionEventFactory(),
        date=datetime.date(2024, 9, 4),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(12, 0),
        slot_minutes=20,
        tables=tables,
        min_meetings_per_company=minimum,
        max_meetings_per_buyer=maximum,
    )
    ConsultationBreak.objects.create(
        consultation=consultation, starts_at=datetime.time(10, 40), ends_at=datetime.time(11, 0)
    )
    for number, language in enumerate(interpreters):
        Interpreter.objects.create(
            consultation=consultation, name=f"통역사{number}", languages=[language]
        )
    for number in range(buyers):
        Buyer.objects.create(
            consultation=consultation,
            company_name=f"Buyer {number}",
            country=["VN", "JP", "TH"][number % 3],
            interpreter_language="vi" if number == 0 else "",
        )
    for number in range(companies):
        Participant.objects.create(
            consultation=consultation,
            company=make_company(name=f"상담기업{number}"),
            products_en="e-learning platform",
        )
    consultations.build_slots(consultation)
    return consultation


def wish(participant, buyer, rank=1):
    return CompanyWish.objects.create(participant=participant, buyer=buyer, rank=rank)
