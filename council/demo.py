"""Demo and benchmark content of this app, loaded by `manage.py load_demo`.

Real facts: the eight member organisations and the office sitting for each (from the council's
founding under the 2013-04-17 G밸리 飛上프로젝트 directive). Sample history: a plenary meeting twice a
year since 2013 with working meetings between, their agendas, minutes and attendance, and the
grievances that went through them — all flagged `is_sample` — and a few meetings' documents, real
PDF and HWPX files made here (council.demo_documents), deleted with their meetings by the purge.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from companies.models import Company
from gvalley.richtext import clean_html
from gvalley.search import bigram_tsvector, with_search_vectors

from . import demo_documents
from .models import (
    AgendaItem,
    Attendance,
    Document,
    Grievance,
    GrievanceEvent,
    Meeting,
    Membership,
    Minutes,
    Organisation,
    strip_tags_text,
)

SEOUL = ZoneInfo("Asia/Seoul")
FOUNDED = datetime.date(2013, 4, 17)
K = Organisation.Kind
S = Membership.Seat

# (name, short name, kind, [(seat, office)], description)
ORGANISATIONS = [
    (
        "(사)한국녹색도시협회",
        "녹색도시협회",
        K.BUSINESS,
        [(S.CO_CHAIR, "이사장"), (S.WORKING, "사무국장")],
        "녹색 도시와 산업단지 환경 개선을 위해 활동하는 사단법인으로, 기업 쪽 공동회장을 맡습니다.",
    ),
    (
        "서울디지털산업단지 경영자협의회",
        "경영자협의회",
        K.BUSINESS,
        [(S.MEMBER, "회장"), (S.WORKING, "사무국장")],
        "G밸리 입주 기업 경영자들의 협의체로, 기업 현장의 규제와 애로를 전합니다.",
    ),
    (
        "(사)G밸리 산업협회",
        "G밸리 산업협회",
        K.BUSINESS,
        [(S.MEMBER, "회장"), (S.WORKING, "사무국장")],
        "G밸리 입주 기업들이 모인 산업 협회입니다.",
    ),
    (
        "(사)한국디지털단지 기업인연합회",
        "기업인연합회",
        K.BUSINESS,
        [(S.MEMBER, "이사장"), (S.WORKING, "사무국장")],
        "디지털단지 기업인들의 연합회로, 근로자와 기업의 요구를 모읍니다.",
    ),
    (
        "서울시",
        "서울시",
        K.GOVERNMENT,
        [(S.CO_CHAIR, "경제기획관"), (S.WORKING, "산업거점활성화반장")],
        "협의회를 만든 서울시는 공동회장을 맡고 협의회가 계속 커 가도록 뒷받침합니다.",
    ),
    (
        "금천구",
        "금천구",
        K.GOVERNMENT,
        [(S.MEMBER, "부구청장"), (S.WORKING, "기획경제국장")],
        "G밸리 2·3단지가 있는 자치구로, 지역경제과가 실무를 맡습니다.",
    ),
    (
        "구로구",
        "구로구",
        K.GOVERNMENT,
        [(S.MEMBER, "부구청장"), (S.WORKING, "기획경제국장")],
        "G밸리 1단지가 있는 자치구입니다.",
    ),
    (
        "한국산업단지공단 서울지역본부",
        "산단공 서울본부",
        K.PUBLIC_ENTERPRISE,
        [(S.MEMBER, "본부장"), (S.WORKING, "기획총괄팀장")],
        "G밸리를 관리하는 공공기관으로, G밸리 사업을 함께 추진합니다.",
    ),
]

PLACES = [
    "G밸리 기업시민청 창조홀",
    "G밸리 기업시민청 회의실",
    "금천구청 기획상황실",
    "한국산업단지공단 서울지역본부 회의실",
    "구로구청 소회의실",
]

# (title, proposer index, summary, background, decision, holder index)
TOPICS = [
    (
        "가산디지털단지역 출퇴근 혼잡 완화",
        5,
        "출퇴근 시간 역 주변 보행 혼잡과 버스 정류장 대기 줄 문제를 다룹니다.",
        "지하철 1·7호선 환승 인원이 몰리는 시간대에 보도가 좁아 사고 위험이 크다는 의견이 계속 들어왔습니다.",
        "금천구가 보행 동선 조사를 하고 서울시에 맞춤버스 증편을 요청하기로 했습니다.",
        4,
    ),
    (
        "지식산업센터 주차난 해소 방안",
        1,
        "지식산업센터 입주 기업이 늘면서 주차 공간이 부족한 문제를 논의합니다.",
        "입주 기업들은 방문 고객 주차 공간이 없어 영업에 지장이 있다고 호소합니다.",
        "공영주차장 야간 개방과 공유 주차 시범 사업을 검토하기로 했습니다.",
        5,
    ),
    (
        "입주 업종 제한 완화 건의",
        2,
        "산업단지 입주 가능 업종을 지식서비스·AI 분야로 넓히자는 건의입니다.",
        "소프트웨어·콘텐츠 기업이 입주 심사에서 걸리는 사례가 있어 제도 개선 요구가 나왔습니다.",
        "한국산업단지공단이 관리기본계획 변경 가능성을 검토해 다음 본회의에 보고하기로 했습니다.",
        7,
    ),
    (
        "구로세관 부지 기업성장시설 조성",
        4,
        "구로세관 부지를 AI 샌드박스, 공유오피스, 창업 공간, 컨벤션홀을 갖춘 시설로 개발하는 계획을 공유합니다.",
        "기업 성장 단계에 맞는 공간과 지원 기관이 G밸리 안에 모자란다는 지적에 따른 계획입니다.",
        "서울시가 기본 구상을 다듬고 회원 기관 의견을 모으기로 했습니다.",
        4,
    ),
    (
        "G밸리 AI혁신센터 운영 협력",
        4,
        "G밸리 AI혁신센터의 프로그램과 입주 기업 지원 방식을 협의합니다.",
        "IT·AI 기업이 많이 모인 G밸리의 강점을 살리자는 데이터·네트워크·인공지능(D.N.A) 전략의 일부입니다.",
        "기업 단체가 수요 조사를 맡고 서울시와 산단공이 운영 계획을 세우기로 했습니다.",
        4,
    ),
    (
        "공군부대 부지 AI 신산업 타운 구상",
        5,
        "공군부대 부지를 AI 신산업 타운으로 바꾸는 구상을 공유하고 의견을 나눕니다.",
        "장기적으로 G밸리 안에 큰 개발 가능지가 부족해 대안 부지 논의가 필요합니다.",
        "관계 기관 협의를 이어 가기로 했습니다.",
        5,
    ),
    (
        "청년 창업자·인재 주거 지원",
        3,
        "G밸리 청년 창업자와 근로자를 위한 주거 공급 방안을 논의합니다.",
        "높은 주거비 때문에 인재가 떠난다는 기업들의 목소리가 컸습니다.",
        "청년 주택 공급 계획에 G밸리 근로자 몫을 두는 방안을 서울시에 건의하기로 했습니다.",
        4,
    ),
    (
        "G밸리 기업시민청 리모델링과 이용",
        7,
        "기업시민청 창조홀 확장과 대형 LED 화면 설치 후 이용 방안을 다룹니다.",
        "2023년 10월 산단공과 맺은 협약에 따라 오픈이노베이션 지원센터 구축사업이 진행되었습니다.",
        "대관이 없는 시간에는 라운지로 개방하고 초기 창업기업이 쓰도록 하기로 했습니다.",
        5,
    ),
    (
        "G밸리 Week 공동 개최 협력",
        4,
        "G밸리 Week 행사를 회원 기관이 함께 여는 방안을 정합니다.",
        "수출상담회, 해외판로개척 세미나, 스마트 마라톤 등 행사마다 맡을 기관이 필요합니다.",
        "행사별 주관 기관과 예산 분담안을 확정했습니다.",
        4,
    ),
    (
        "수출 기업 해외 판로 지원",
        3,
        "해외 바이어 상담과 판로 개척 세미나 확대를 요청합니다.",
        "중소기업들이 해외 전시회 참가 비용과 통역에 어려움을 겪고 있습니다.",
        "산단공과 서울산업진흥원 사업을 묶어 안내하기로 했습니다.",
        7,
    ),
    (
        "근로자 보행 환경과 가로등 개선",
        0,
        "야간 퇴근길 보행로 조명과 안전 문제를 다룹니다.",
        "늦게 퇴근하는 근로자들이 어두운 골목을 지나야 한다는 민원이 많았습니다.",
        "금천구와 구로구가 조도 조사 후 가로등을 보강하기로 했습니다.",
        5,
    ),
    (
        "직장 어린이집 확충",
        2,
        "G밸리 근로자를 위한 공동 직장 어린이집을 늘리는 안건입니다.",
        "맞벌이 근로자들이 출근 시간에 맞는 보육 시설을 찾기 어렵습니다.",
        "공동 직장 어린이집 설치 수요를 조사하기로 했습니다.",
        5,
    ),
]

GRIEVANCE_TEXTS = [
    (
        "방문객 주차 공간 부족",
        "지식산업센터에 방문 고객 주차 공간이 없어 상담이 어렵습니다. 인근 공영주차장 개방을 바랍니다.",
        5,
    ),
    (
        "출근 시간 마을버스 배차 간격",
        "가산디지털단지역에서 회사까지 마을버스가 너무 드물게 옵니다. 출근 시간 증편을 요청합니다.",
        4,
    ),
    (
        "소프트웨어 업종 입주 심사 지연",
        "소프트웨어 개발사인데 입주 업종 확인에 시간이 오래 걸립니다. 기준을 분명히 해 주십시오.",
        7,
    ),
    ("야간 보행로 조명 부족", "야근 후 퇴근길 골목이 어둡습니다. 가로등을 더 설치해 주십시오.", 5),
    (
        "수출 바이어 상담 기회 확대",
        "해외 바이어를 만날 기회가 1년에 한 번뿐입니다. 상담회를 늘려 주십시오.",
        7,
    ),
    (
        "공유 회의실 대관 절차",
        "기업시민청 회의실 대관 절차가 복잡합니다. 온라인 예약을 바랍니다.",
        5,
    ),
    (
        "청년 직원 주거비 부담",
        "신입 직원이 주거비 때문에 퇴사합니다. 근로자 임대주택을 요청합니다.",
        4,
    ),
    ("보도 불법 적치물", "보도에 적치물이 많아 휠체어가 지나가기 어렵습니다.", 6),
    (
        "점심시간 식당 혼잡",
        "점심시간 식당이 부족해 줄이 깁니다. 푸드트럭 허용을 검토해 주십시오.",
        5,
    ),
    (
        "AI 실증 공간 부족",
        "AI 서비스를 시험할 실증 공간이 필요합니다. AI혁신센터 이용 기준을 알려 주십시오.",
        4,
    ),
    (
        "어린이집 대기 기간",
        "직장 어린이집 대기가 1년이 넘습니다. 공동 어린이집 확충을 바랍니다.",
        2,
    ),
    ("통신 설비 노후", "오래된 건물의 통신 설비가 낡아 인터넷이 자주 끊깁니다.", 7),
]

MINUTES_TEMPLATE = """<h2>회의 개요</h2>
<p>{meeting}가 {place}에서 열렸습니다. 회원 기관 대표들이 참석해 안건을 차례로 다뤘습니다.</p>
<h2>논의 내용</h2>
<ul>{items}</ul>
<h2>결정 사항</h2>
<ol>{decisions}</ol>
<p>다음 회의에서 추진 상황을 점검하기로 했습니다.</p>"""


MINUTES_DELAY = datetime.timedelta(days=14)


def _at(day, hour=14):
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=SEOUL)


def _schedule(today):
    """Return (kind, date) of every meeting from 2013 to the coming months, in date order."""
    plan = []
    year = 2013
    while year <= today.year + 1:
        if year == 2013:
            plan += [(Meeting.Kind.PLENARY, datetime.date(2013, 6, 12))]
        else:
            plan += [
                (Meeting.Kind.WORKING, datetime.date(year, 3, 14)),
                (Meeting.Kind.PLENARY, datetime.date(year, 5, 21)),
                (Meeting.Kind.GEUMCHEON, datetime.date(year, 7, 10)),
            ]
        plan += [
            (Meeting.Kind.WORKING, datetime.date(year, 9, 17)),
            (Meeting.Kind.PLENARY, datetime.date(year, 11, 19)),
        ]
        year += 1
    horizon = today + datetime.timedelta(days=200)
    return [(kind, day) for kind, day in plan if day <= horizon]


def load_organisations():
    organisations = []
    for position, (name, short, kind, seats, description) in enumerate(ORGANISATIONS, start=1):
        organisation, _created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "position": position,
                "description": description,
                "is_sample": False,
            },
        )
        for seat, office in seats:
            Membership.objects.get_or_create(
                organisation=organisation,
                seat=seat,
                office_title=office,
                defaults={"start_date": FOUNDED},
            )
        organisations.append(organisation)
    # The city's working seat changed title over time: 신성장산업과 before 산업거점활성화반.
    city = organisations[4]
    Membership.objects.get_or_create(
        organisation=city,
        seat=S.WORKING,
        office_title="신성장산업과장",
        defaults={"start_date": FOUNDED, "end_date": datetime.date(2018, 12, 31)},
    )
    Membership.objects.filter(
        organisation=city, office_title="산업거점활성화반장", start_date=FOUNDED
    ).update(start_date=datetime.date(2019, 1, 1))
    return organisations


def link_demo_member():
    User = get_user_model()
    user = User.objects.filter(email="council@gvalley.example").first()
    if user is None:
        return
    seat = Membership.objects.filter(organisation__name="금천구", seat=S.WORKING).first()
    if seat and seat.user_id != user.pk:
        seat.user = user
        seat.save()


def _minutes_html(meeting, items):
    return MINUTES_TEMPLATE.format(
        meeting=meeting,
        place=meeting.place,
        items="".join(f"<li><strong>{i.title}</strong>: {i.summary}</li>" for i in items),
        decisions="".join(f"<li>{i.decision}</li>" for i in items),
    )


@transaction.atomic
def load_history(organisations, progress):
    today = timezone.localdate()
    rng = random.Random(2013)
    counters = dict.fromkeys(Meeting.Kind.values, 0)
    future_seen = 0
    meetings = []
    for kind, day in progress(_schedule(today), desc="council meetings"):
        counters[kind] += 1
        number = counters[kind]
        past = day < today
        # Minutes are published two weeks after the meeting: until then a held meeting's
        # minutes are a draft that only the council sees.
        minutes_out = day + MINUTES_DELAY < today
        if past:
            status = Meeting.Status.MINUTES_PUBLISHED if minutes_out else Meeting.Status.HELD
        else:
            future_seen += 1
            status = (
                Meeting.Status.AGENDA_PUBLISHED if future_seen == 1 else Meeting.Status.SCHEDULED
            )
        meeting, created = Meeting.objects.get_or_create(
            kind=kind,
            number=number,
            defaults={
                "starts_at": _at(day, 14 if kind == Meeting.Kind.PLENARY else 10),
                "place": PLACES[0] if kind == Meeting.Kind.PLENARY else rng.choice(PLACES[1:]),
                "status": status,
                "agenda_published_at": _at(day - datetime.timedelta(days=7))
                if status != Meeting.Status.SCHEDULED
                else None,
                "is_sample": True,
            },
        )
        meetings.append(meeting)
        if not created:
            continue
        topics = rng.sample(TOPICS, 3 if kind == Meeting.Kind.PLENARY else 2)
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=title,
                    proposer=organisations[proposer],
                    summary=summary,
                    background=background,
                    decision=decision if past else "",
                )
                for position, (title, proposer, summary, background, decision, _h) in enumerate(
                    topics, start=1
                )
            ]
        )
        minutes = None
        if past:
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        meeting=meeting,
                        organisation=organisation,
                        status=rng.choices(Attendance.Status.values, weights=[85, 5, 10])[0],
                    )
                    for organisation in organisations
                ]
            )
            minutes = Minutes(
                meeting=meeting,
                body=clean_html(_minutes_html(meeting, items)),
                status=Minutes.Status.PUBLISHED if minutes_out else Minutes.Status.DRAFT,
                published_at=_at(day + MINUTES_DELAY, 10) if minutes_out else None,
            )
            Minutes.objects.bulk_create([minutes])
        Meeting.objects.filter(pk=meeting.pk).update(
            search_vector=bigram_tsvector(meeting.search_text(items=items, minutes=minutes))
        )
    return meetings


def _grievance_steps(rng, received, final, today):
    """Return [(status, date, note)] from receipt to the final status, never in the future."""
    steps = [(Grievance.Status.RECEIVED, received, "접수했습니다.")]
    path = {
        Grievance.Status.RECEIVED: [],
        Grievance.Status.REVIEWING: [Grievance.Status.REVIEWING],
        Grievance.Status.IN_PROGRESS: [Grievance.Status.REVIEWING, Grievance.Status.IN_PROGRESS],
        Grievance.Status.DONE: [
            Grievance.Status.REVIEWING,
            Grievance.Status.IN_PROGRESS,
            Grievance.Status.DONE,
        ],
        Grievance.Status.REJECTED: [Grievance.Status.REVIEWING, Grievance.Status.REJECTED],
    }[final]
    notes = {
        Grievance.Status.REVIEWING: "담당 기관에서 검토를 시작했습니다.",
        Grievance.Status.IN_PROGRESS: "개선 사업으로 추진합니다.",
        Grievance.Status.DONE: "개선을 마쳤습니다.",
        Grievance.Status.REJECTED: "현행 법령상 추진이 어렵습니다.",
    }
    day = received
    for status in path:
        day = min(day + datetime.timedelta(days=rng.randint(7, 60)), today)
        steps.append((status, day, notes[status]))
    return steps


def _grievance_rows(n, rng, organisations, companies, meetings, today, offset):
    rows = []
    first = datetime.date(2013, 7, 1)
    span = (today - first).days
    for i in range(n):
        title, description, holder = GRIEVANCE_TEXTS[(offset + i) % len(GRIEVANCE_TEXTS)]
        received = first + datetime.timedelta(days=rng.randint(0, span))
        age = (today - received).days
        if age > 400:
            final = rng.choices([Grievance.Status.DONE, Grievance.Status.REJECTED], weights=[8, 2])[
                0
            ]
        elif age > 120:
            final = rng.choice(
                [Grievance.Status.IN_PROGRESS, Grievance.Status.DONE, Grievance.Status.REVIEWING]
            )
        else:
            final = rng.choice([Grievance.Status.RECEIVED, Grievance.Status.REVIEWING])
        steps = _grievance_steps(rng, received, final, today)
        company = companies[(offset + i) % len(companies)] if companies else None
        grievance = Grievance(
            title=f"{title} ({received.year}-{offset + i + 1})",
            description=description,
            source=rng.choice(Grievance.Source.values),
            company=company,
            company_name_public=bool(company) and rng.random() < 0.4,
            holder=organisations[holder],
            status=final,
            rejection_reason=steps[-1][2] if final == Grievance.Status.REJECTED else "",
            is_public=rng.random() < 0.8,
            received_on=received,
            resolved_on=steps[-1][1] if final == Grievance.Status.DONE else None,
            is_sample=True,
        )
        rows.append((grievance, steps))
    return rows


def _save_grievances(rows, meetings, rng):
    Grievance.objects.bulk_create(with_search_vectors(g for g, _steps in rows), batch_size=1000)
    events = []
    links = []
    Link = Grievance.meetings.through
    for grievance, steps in rows:
        for status, day, note in steps:
            events.append(
                GrievanceEvent(
                    grievance=grievance, status=status, note=note, occurred_at=_at(day, 11)
                )
            )
        later = [m for m in meetings if m.starts_at.date() >= grievance.received_on][:1]
        for meeting in later:
            links.append(Link(grievance=grievance, meeting=meeting))
    GrievanceEvent.objects.bulk_create(events, batch_size=2000)
    Link.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)


def load_grievances(organisations, meetings, progress, *, target, offset_start=0):
    existing = Grievance.objects.sample().count()
    missing = target - existing
    if missing <= 0:
        return
    today = timezone.localdate()
    rng = random.Random(existing + 77)
    companies = list(Company.objects.listed().order_by("pk")[:500])
    batch = 1000
    done = 0
    for start in progress(range(0, missing, batch), desc="council grievances"):
        size = min(batch, missing - start)
        rows = _grievance_rows(
            size, rng, organisations, companies, meetings, today, existing + done
        )
        with transaction.atomic():
            _save_grievances(rows, meetings, rng)
        done += size


def load_bulk_meetings(organisations, progress, *, target):
    """Top up extra 금천 실무협의회 meetings (numbers from 1000) for benchmark-scale archives."""
    existing = Meeting.objects.filter(kind=Meeting.Kind.GEUMCHEON, number__gte=1000).count()
    missing = target - existing
    if missing <= 0:
        return
    rng = random.Random(existing + 5)
    today = timezone.localdate()
    first = datetime.date(2013, 7, 1)
    span = (today - first).days - 30
    start_number = 1000 + existing
    for chunk in progress(range(0, missing, 200), desc="council bulk meetings"):
        size = min(200, missing - chunk)
        with transaction.atomic():
            meetings = [
                Meeting(
                    kind=Meeting.Kind.GEUMCHEON,
                    number=start_number + chunk + i,
                    starts_at=_at(first + datetime.timedelta(days=rng.randint(0, span)), 16),
                    place=rng.choice(PLACES[1:]),
                    status=Meeting.Status.MINUTES_PUBLISHED,
                    is_sample=True,
                )
                for i in range(size)
            ]
            Meeting.objects.bulk_create(meetings)
            items, minutes, attendance = [], [], []
            for meeting in meetings:
                meeting.agenda_published_at = meeting.starts_at - datetime.timedelta(days=7)
                meeting_items = [
                    AgendaItem(
                        meeting=meeting,
                        position=position,
                        title=t[0],
                        proposer=organisations[t[1]],
                        summary=t[2],
                        background=t[3],
                        decision=t[4],
                    )
                    for position, t in enumerate(rng.sample(TOPICS, 3), start=1)
                ]
                items += meeting_items
                body = clean_html(_minutes_html(meeting, meeting_items))
                minute = Minutes(
                    meeting=meeting,
                    body=body,
                    status=Minutes.Status.PUBLISHED,
                    published_at=meeting.starts_at + datetime.timedelta(days=10),
                )
                minutes.append(minute)
                attendance += [
                    Attendance(meeting=meeting, organisation=o, status=Attendance.Status.PRESENT)
                    for o in organisations[4:]
                ]
                texts = [(str(meeting), "A")]
                for item in meeting_items:
                    texts += [(item.title, "A"), (item.summary, "B"), (item.background, "C")]
                    texts.append((item.decision, "B"))
                texts.append((strip_tags_text(body), "C"))
                meeting.search_vector = bigram_tsvector(texts)
            AgendaItem.objects.bulk_create(items)
            Minutes.objects.bulk_create(minutes)
            Attendance.objects.bulk_create(attendance)
            Meeting.objects.bulk_update(meetings, ["search_vector", "agenda_published_at"])


def _document_lines(meeting, items):
    lines = [f"{meeting.place} · {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"]
    for item in items:
        lines.append(f"{item.position}. {item.title}")
        lines.append(item.summary)
        if item.decision:
            lines.append(f"→ {item.decision}")
    return lines


def _add_document(meeting, kind, title, filename, content, agenda_item=None):
    """Attach a document to the meeting unless one of that title is there (idempotent)."""
    if Document.objects.filter(meeting=meeting, title=title).exists():
        return
    document = Document(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        title=title,
        file=ContentFile(content(), name=filename),
    )
    document.full_clean()  # the upload rules: gvalley/documents.py reads the file's content
    document.save()


def load_documents(meetings):
    """Attach real PDF and HWPX files to a few meetings, so every visibility rule is exercised.

    The next meeting (agenda published): a PDF for the meeting and an HWPX for its first item,
    public. The meeting after it (scheduled, a draft): an HWPX only members and staff download.
    The latest meeting with published minutes: its minutes as a PDF, public. The latest meeting
    held, while its minutes are a draft: their HWPX, again for members and staff only.
    """
    now = timezone.now()
    upcoming = [m for m in meetings if m.starts_at >= now]
    past = [m for m in meetings if m.starts_at < now]
    agenda, minutes = Document.Kind.AGENDA, Document.Kind.MINUTES
    if upcoming:
        meeting = upcoming[0]
        items = list(meeting.agenda_items.order_by("position", "pk"))
        lines = _document_lines(meeting, items)
        _add_document(
            meeting,
            agenda,
            f"{meeting} 회의 자료",
            f"{meeting} 회의 자료.pdf",
            lambda: demo_documents.pdf_bytes(f"{meeting} 회의 자료", lines),
        )
        if items:
            item = items[0]
            _add_document(
                meeting,
                agenda,
                f"{item.title} 설명 자료",
                f"{item.title} 설명 자료.hwpx",
                lambda: demo_documents.hwpx_bytes(item.title, [item.summary, item.background]),
                agenda_item=item,
            )
    if len(upcoming) > 1:
        meeting = upcoming[1]
        lines = _document_lines(meeting, meeting.agenda_items.order_by("position", "pk"))
        _add_document(
            meeting,
            agenda,
            f"{meeting} 안건 초안",
            f"{meeting} 안건 초안.hwpx",
            lambda: demo_documents.hwpx_bytes(f"{meeting} 안건 초안", lines),
        )
    published = [m for m in past if m.status == Meeting.Status.MINUTES_PUBLISHED]
    if published:
        meeting = published[-1]
        lines = _document_lines(meeting, meeting.agenda_items.order_by("position", "pk"))
        _add_document(
            meeting,
            minutes,
            f"{meeting} 회의록",
            f"{meeting} 회의록.pdf",
            lambda: demo_documents.pdf_bytes(f"{meeting} 회의록", lines),
        )
    if past and past[-1].status == Meeting.Status.HELD:
        meeting = past[-1]
        lines = _document_lines(meeting, meeting.agenda_items.order_by("position", "pk"))
        _add_document(
            meeting,
            minutes,
            f"{meeting} 회의록 초안",
            f"{meeting} 회의록 초안.hwpx",
            lambda: demo_documents.hwpx_bytes(f"{meeting} 회의록 초안", lines),
        )


def load(*, scale, progress):
    """Load the real facts and sample records (idempotent); at scale > 0 generate bulk data."""
    organisations = load_organisations()
    link_demo_member()
    meetings = load_history(organisations, progress)
    meetings = sorted(meetings, key=lambda m: m.starts_at)
    load_documents(meetings)
    load_grievances(organisations, meetings, progress, target=60)
    if scale and scale > 0:
        load_bulk_meetings(organisations, progress, target=int(300 * scale))
        load_grievances(organisations, meetings, progress, target=int(3000 * scale))
