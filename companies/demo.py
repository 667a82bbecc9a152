"""Demo and benchmark content of this app, loaded by `manage.py load_demo`.

Buildings: 대륭포스트타워 8차 is a real G밸리 landmark (kept as real data); the other buildings and
every company here are invented samples (is_sample=True). At scale > 0, 15,000 × scale generated
companies are topped up with bulk inserts.
"""

import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .generate import bulk_insert
from .models import (
    Building,
    Certification,
    Company,
    CompanyHistory,
    CompanyMembership,
    ExportMarket,
)
from .services import give_manager_role

BULK_PER_SCALE = 15_000
BULK_SLUG = "gen"
BULK_PREFIX = "7"
SAMPLE_PREFIX = 1

# (name, kind, complex, road address, is_sample)
BUILDINGS = [
    ("대륭포스트타워 8차", Building.Kind.KNOWLEDGE_CENTRE, "1", "", False),
    (
        "가산 누리테크타워",
        Building.Kind.KNOWLEDGE_CENTRE,
        "2",
        "서울 금천구 가산디지털1로 120",
        True,
    ),
    (
        "가산 새솔비즈센터",
        Building.Kind.KNOWLEDGE_CENTRE,
        "2",
        "서울 금천구 가산디지털1로 168",
        True,
    ),
    (
        "G밸리 한울 지식산업센터",
        Building.Kind.KNOWLEDGE_CENTRE,
        "3",
        "서울 금천구 가산디지털2로 98",
        True,
    ),
    (
        "디지털로 이노플렉스",
        Building.Kind.KNOWLEDGE_CENTRE,
        "3",
        "서울 금천구 디지털로9길 46",
        True,
    ),
    ("구로 미래창조센터", Building.Kind.KNOWLEDGE_CENTRE, "1", "서울 구로구 디지털로 288", True),
    ("가산 하이브리드타워", Building.Kind.KNOWLEDGE_CENTRE, "2", "서울 금천구 벚꽃로 254", True),
    ("구로 디지털 한빛빌딩", Building.Kind.OFFICE, "1", "서울 구로구 디지털로31길 53", True),
    ("가산 정밀공장동", Building.Kind.FACTORY, "3", "서울 금천구 가산로 132", True),
]

# (name, English name, KSIC division, products, keywords)
COMPANIES = [
    (
        "한빛보안솔루션",
        "Hanbit Security Solutions",
        "62",
        "통합 보안 관제 플랫폼, 침입 탐지 시스템",
        "보안, 관제, 클라우드",
    ),
    (
        "누리데이터랩",
        "Nuri Data Lab",
        "63",
        "제조 데이터 분석 서비스",
        "데이터, 인공지능, 스마트팩토리",
    ),
    ("다온에듀테크", "Daon EduTech", "85", "초중등 코딩 교육 플랫폼", "에듀테크, 코딩, 교육"),
    ("새솔로보틱스", "Saesol Robotics", "29", "물류 창고용 자율 이동 로봇", "로봇, 물류, 자동화"),
    ("가온메디칼", "Gaon Medical", "27", "휴대용 초음파 진단기", "의료기기, 초음파"),
    ("하람바이오", "Haram Bio", "21", "체외 진단 시약", "바이오, 진단"),
    (
        "푸른에너지시스템",
        "Pureun Energy Systems",
        "28",
        "ESS용 전력 변환 장치",
        "에너지, ESS, 전력",
    ),
    (
        "소리결오디오",
        "Sorigyeol Audio",
        "26",
        "무선 이어폰용 음향 칩과 튜닝 솔루션",
        "오디오, 음향, 사운드",
    ),
    ("으뜸정밀", "Eutteum Precision", "29", "CNC 정밀 가공 부품", "정밀가공, 부품"),
    ("바른회계소프트", "Bareun Accounting Soft", "62", "중소기업 회계 ERP", "ERP, 회계, SaaS"),
    ("별빛게임즈", "Byeolbit Games", "58", "모바일 퍼즐 게임", "게임, 모바일"),
    (
        "라온클라우드",
        "Raon Cloud",
        "63",
        "중소기업 클라우드 인프라 운영 대행",
        "클라우드, 인프라, 보안",
    ),
    ("해솔광학", "Haesol Optics", "27", "산업용 카메라 렌즈", "광학, 렌즈, 비전"),
    ("한결전자", "Hangyeol Electronics", "26", "IoT 센서 모듈과 기판", "IoT, 센서, 전자"),
    ("초록푸드", "Chorok Food", "10", "식물성 간편식", "식품, 비건, 간편식"),
    ("다솜코스메틱", "Dasom Cosmetic", "20", "민감 피부용 기능성 화장품", "화장품, 뷰티, 수출"),
    ("한울패션", "Hanul Fashion", "14", "여성 캐주얼 의류 기획·생산", "패션, 의류, 봉제"),
    ("늘품디자인", "Neulpum Design", "73", "제품 디자인과 UX 컨설팅", "디자인, UX, 브랜딩"),
    ("보람물류", "Boram Logistics", "52", "전자상거래 풀필먼트", "물류, 풀필먼트, 이커머스"),
    ("슬기AI", "Seulgi AI", "70", "문서 인식 인공지능", "인공지능, OCR, 문서"),
    ("나래통신", "Narae Telecom", "61", "사설 5G 네트워크 구축", "5G, 통신, 네트워크"),
    ("단비반도체", "Danbi Semiconductor", "26", "반도체 웨이퍼 검사 장비", "반도체, 검사장비"),
    ("마루엔지니어링", "Maru Engineering", "72", "클린룸 설비 설계", "엔지니어링, 클린룸"),
    ("여울미디어", "Yeoul Media", "59", "기업 홍보 영상과 숏폼 제작", "영상, 숏폼, 미디어"),
    (
        "윤슬모빌리티",
        "Yunseul Mobility",
        "30",
        "전기차 배터리 관리 장치",
        "전기차, 배터리, 모빌리티",
    ),
    ("도담커머스", "Dodam Commerce", "47", "생활용품 온라인 쇼핑몰", "커머스, 쇼핑몰"),
    ("가람시큐리티", "Garam Security", "62", "모의 해킹과 보안 컨설팅", "보안, 모의해킹, 컨설팅"),
    ("미르네트웍스", "Mir Networks", "61", "기업 무선랜 구축과 유지보수", "네트워크, 와이파이"),
    ("해밀헬스케어", "Haemil Healthcare", "86", "기업 임직원 건강관리 서비스", "헬스케어, 복지"),
    ("너울스마트팩토리", "Neoul Smart Factory", "62", "중소 제조 MES", "MES, 스마트팩토리, 제조"),
    ("시루소프트", "Siru Soft", "62", "공공기관 민원 시스템 개발", "SI, 공공, 소프트웨어"),
    ("큰솔인쇄", "Keunsol Printing", "18", "디지털 인쇄와 패키지", "인쇄, 패키지"),
    ("참빛조명", "Chambit Lighting", "28", "LED 산업 조명", "LED, 조명"),
    ("새길내비", "Saegil Navi", "63", "실내 측위와 길찾기 서비스", "측위, 지도, 위치"),
    ("두레협동로봇", "Dure Cobot", "29", "식품 공장용 협동 로봇", "협동로봇, 로봇, 식품"),
    ("GV테크놀로지", "GV Technology", "26", "산업용 임베디드 보드", "임베디드, 보드, 하드웨어"),
    ("DK보안", "DK Security", "62", "출입 통제와 영상 보안", "보안, 출입통제, CCTV"),
    ("NX데이터", "NX Data", "63", "공공 데이터 API 서비스", "데이터, API, 공공"),
    ("금빛주얼리", "Geumbit Jewelry", "33", "귀금속 디자인과 제작", "주얼리, 디자인"),
    ("은하위성", "Eunha Satellite", "31", "초소형 위성 부품", "위성, 우주, 부품"),
    ("코어바이오텍", "Core Biotech", "21", "동물용 백신 연구", "바이오, 백신"),
    ("넥스트러닝", "Next Learning", "85", "직무 교육 온라인 강의", "교육, 이러닝"),
    ("블루오션무역", "Blue Ocean Trading", "46", "전자 부품 수출입", "무역, 수출, 부품"),
    ("오픈핀테크", "Open Fintech", "66", "간편 결제 정산 서비스", "핀테크, 결제"),
    ("알파비전", "Alpha Vision", "27", "머신비전 검사 시스템", "머신비전, 검사, AI"),
    ("네오클린", "Neo Clean", "38", "전자 폐기물 재활용", "재활용, ESG"),
    ("유니드론", "Uni Drone", "31", "시설 점검용 드론", "드론, 점검"),
    ("퓨처에너지랩", "Future Energy Lab", "70", "수소 연료전지 연구", "수소, 연료전지, 에너지"),
    ("모던가구", "Modern Furniture", "32", "사무용 모듈 가구", "가구, 사무환경"),
    ("프라임회로", "Prime Circuit", "26", "다층 인쇄회로기판", "PCB, 회로, 전자"),
    ("하이브리드랩", "Hybrid Lab", "72", "시제품 제작과 3D 프린팅", "시제품, 3D프린팅"),
    ("소담번역", "Sodam Translation", "73", "기술 문서 번역", "번역, 현지화, 수출"),
    ("온새인사이트", "Onsae Insight", "73", "시장 조사와 리서치", "리서치, 마케팅"),
    ("아름봉제", "Areum Sewing", "14", "소량 다품종 봉제 생산", "봉제, 의류, 생산"),
    ("빛나디스플레이", "Bitna Display", "26", "산업용 터치 디스플레이", "디스플레이, 터치"),
    ("들꽃인테리어", "Deulkkot Interior", "42", "사무실 인테리어 시공", "인테리어, 시공"),
    ("한빛음향", "Hanbit Sound", "26", "공연장 스피커 시스템", "음향, 스피커"),
    ("누리보안관제", "Nuri Security Ops", "62", "24시간 원격 보안 관제", "보안, 관제"),
    ("HY밸리솔루션", "HY Valley Solutions", "62", "소상공인 POS 솔루션", "POS, 결제, 솔루션"),
    ("가산세무컨설팅", "Gasan Tax Consulting", "71", "벤처기업 세무·회계 자문", "세무, 회계"),
]
BANDS = ["a", "a", "b", "b", "b", "c", "d", "e"]
# A registration staff rejected, managed by the demo manager: they read the reason on their own
# pages (내 기업 관리, the company's page); the public never sees the company.
REJECTED = ("새빛메신저", "Saebit Messenger", "62", "사내 메신저와 화상 회의", "메신저, 협업")
REJECTION_REASON = (
    "사업자등록증의 상호와 신청한 기업명이 다릅니다. 사업자등록증에 적힌 상호로 고쳐 "
    "저장하면 다시 검토합니다."
)
MANAGED_BY_DEMO_MANAGER = ("한빛보안솔루션", "다온에듀테크", REJECTED[0])


def _sample_business_number(index):
    from .generate import business_number

    return business_number(SAMPLE_PREFIX, index)


@transaction.atomic
def load_buildings():
    buildings = []
    for name, kind, complex_, address, is_sample in BUILDINGS:
        building, _created = Building.objects.get_or_create(
            name=name,
            defaults={
                "slug": slugify(name, allow_unicode=True),
                "kind": kind,
                "complex": complex_,
                "road_address": address,
                "is_sample": is_sample,
            },
        )
        buildings.append(building)
    return buildings


@transaction.atomic
def load_samples(buildings):
    rng = random.Random(2024)
    certs = list(Certification.objects.all())
    markets = list(ExportMarket.objects.all())
    now = timezone.now()
    for index, (name, name_en, division, products, keywords) in enumerate(COMPANIES):
        building = buildings[index % len(buildings)]
        number = _sample_business_number(index)
        slug = slugify(name, allow_unicode=True)
        if Company.objects.filter(slug=slug).exists():
            continue
        # The last two wait for review, so the admin's review queue has something to show.
        status = Company.Status.PENDING if index >= len(COMPANIES) - 2 else Company.Status.APPROVED
        company = Company(
            name=name,
            name_en=name_en,
            slug=slug,
            business_number=number,
            status=status,
            is_sample=True,
            representative_title="대표이사",
            industry_id=division,
            complex=building.complex,
            building=building,
            floor=str(rng.randint(2, 18)),
            unit=f"{rng.randint(2, 18)}{rng.randint(1, 20):02d}호",
            road_address=building.road_address,
            founded_year=rng.randint(1988, 2023),
            employee_band=rng.choice(BANDS),
            products=products,
            keywords=keywords,
            website="",
            phone=f"02-{rng.randint(2000, 2999)}-{rng.randint(1000, 9999)}",
            email=f"contact@{slugify(name_en)}.example",
            description=(
                f"<p>G밸리 {building.get_complex_display()} {building.name}에 자리한 기업입니다. "
                f"주요 제품과 서비스는 {products}입니다.</p>"
                "<ul><li>고객 맞춤 개발과 기술 지원</li><li>G밸리 입주 기업과의 협업 환영</li></ul>"
            ),
            approved_at=now if status == Company.Status.APPROVED else None,
        )
        company.save()
        company.certifications.set(rng.sample(certs, rng.randint(0, 3)))
        company.export_markets.set(rng.sample(markets, rng.randint(0, 4)))


@transaction.atomic
def load_rejected(buildings):
    """Add the rejected registration, with its reason and the history staff left (idempotent)."""
    name, name_en, division, products, keywords = REJECTED
    slug = slugify(name, allow_unicode=True)
    if Company.objects.filter(slug=slug).exists():
        return
    building = buildings[1]
    company = Company.objects.create(
        name=name,
        name_en=name_en,
        slug=slug,
        business_number=_sample_business_number(len(COMPANIES)),
        status=Company.Status.REJECTED,
        status_reason=REJECTION_REASON,
        is_sample=True,
        industry_id=division,
        complex=building.complex,
        building=building,
        road_address=building.road_address,
        products=products,
        keywords=keywords,
        description=f"<p>{products}를 만드는 기업입니다.</p>",
    )
    CompanyHistory.objects.create(
        company=company, action=CompanyHistory.Action.REGISTERED, note="데모 신청"
    )
    CompanyHistory.objects.create(
        company=company, action=CompanyHistory.Action.REJECTED, note=REJECTION_REASON
    )


def link_demo_manager():
    from gvalley.demo import demo_user

    try:
        manager = demo_user("manager@gvalley.example")
    except Exception:  # the accounts loader did not run (e.g. a partial load)
        return
    for company in Company.objects.filter(name__in=MANAGED_BY_DEMO_MANAGER, is_sample=True):
        CompanyMembership.objects.get_or_create(company=company, user=manager)
    give_manager_role(manager)


def load(*, scale, progress):
    """Load the buildings and sample companies (idempotent); at scale > 0 top up bulk rows."""
    buildings = load_buildings()
    load_samples(buildings)
    load_rejected(buildings)
    link_demo_manager()
    wanted = int(BULK_PER_SCALE * scale)
    if wanted <= 0:
        return
    have = Company.objects.filter(slug__startswith=f"{BULK_SLUG}-").count()
    if have >= wanted:
        return
    with transaction.atomic():
        bulk_insert(
            wanted - have,
            start=have,
            prefix=BULK_PREFIX,
            slug_prefix=BULK_SLUG,
            seed=7,
            progress=progress,
        )
        from .importing import clean_search_index

        clean_search_index()
    from gvalley.cache import bump_content_version

    bump_content_version()
