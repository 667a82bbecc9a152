"""Plausible generated companies for data at scale (load_demo --scale, bench_search).

Names are built from invented parts (no real company's name); business numbers are valid
(check digit) and unique per `prefix` range.
"""

import random

from django.utils import timezone

from .models import Company, Complex, EmployeeBand, business_number_check_digit

PREFIXES = (
    "한빛 누리 다온 새솔 하람 푸른 바른 미래 으뜸 가온 온새 아름 빛나 해솔 초록 한결 다솜 라온 별빛 "
    "소담 한울 늘품 보람 새벽 슬기 나래 단비 마루 여울 윤슬 도담 가람 들꽃 미르 해밀 너울 시루 "
    "온누리 큰솔 참빛 새길 두레 그린 스마트 제일 대성 동방 서해 남산 북악 금빛 은하 태양 지구 "
    "코어 넥스트 블루 오픈 알파 베타 네오 유니 에이스 퓨처 모던 프라임 글로리 하이 뉴"
).split()
DOMAINS = [
    ("보안", "62", "보안 관제, 침입 탐지 솔루션"),
    ("소프트", "62", "업무용 소프트웨어 개발"),
    ("테크", "26", "전자 부품과 모듈"),
    ("바이오", "21", "진단 시약과 바이오 소재"),
    ("데이터", "63", "데이터 분석 플랫폼"),
    ("로보틱스", "29", "산업용 협동 로봇"),
    ("네트웍스", "61", "기업 네트워크 구축"),
    ("시스템", "62", "시스템 통합(SI)"),
    ("솔루션", "62", "클라우드 업무 솔루션"),
    ("메디칼", "27", "의료 기기와 영상 장비"),
    ("에너지", "28", "전력 변환 장치"),
    ("디자인", "73", "브랜드·제품 디자인"),
    ("전자", "26", "전자 회로 기판"),
    ("정밀", "29", "정밀 가공 부품"),
    ("광학", "27", "광학 렌즈와 센서"),
    ("패션", "14", "여성 의류 기획·생산"),
    ("푸드", "10", "간편식 식품 제조"),
    ("에듀", "85", "온라인 교육 콘텐츠"),
    ("게임즈", "58", "모바일 게임 개발"),
    ("모빌리티", "30", "전기차 부품"),
    ("클라우드", "63", "클라우드 인프라 운영"),
    ("반도체", "26", "반도체 검사 장비"),
    ("통신", "61", "무선 통신 모듈"),
    ("엔지니어링", "72", "설비 엔지니어링"),
    ("미디어", "59", "영상 콘텐츠 제작"),
    ("코스메틱", "20", "기능성 화장품"),
    ("물류", "52", "물류 대행과 창고 관리"),
    ("인공지능", "70", "인공지능 연구개발"),
    ("사운드", "26", "음향 기기와 오디오 솔루션"),
    ("커머스", "47", "온라인 쇼핑몰 운영"),
]
# The English counterpart of each DOMAINS entry, by its word: (keyword, products).
DOMAINS_EN = {
    "보안": ("security", "Security monitoring and intrusion detection"),
    "소프트": ("software", "Business software development"),
    "테크": ("electronics", "Electronic components and modules"),
    "바이오": ("biotech", "Diagnostic reagents and bio materials"),
    "데이터": ("data", "Data analytics platform"),
    "로보틱스": ("robotics", "Collaborative robots for industry"),
    "네트웍스": ("networks", "Enterprise network installation"),
    "시스템": ("systems", "System integration (SI)"),
    "솔루션": ("solutions", "Cloud business solutions"),
    "메디칼": ("medical", "Medical devices and imaging equipment"),
    "에너지": ("energy", "Power conversion equipment"),
    "디자인": ("design", "Brand and product design"),
    "전자": ("electronics", "Printed circuit boards"),
    "정밀": ("precision", "Precision machined parts"),
    "광학": ("optics", "Optical lenses and sensors"),
    "패션": ("fashion", "Women's clothing design and production"),
    "푸드": ("food", "Ready meals manufacturing"),
    "에듀": ("edtech", "Online learning content"),
    "게임즈": ("games", "Mobile game development"),
    "모빌리티": ("mobility", "Electric vehicle parts"),
    "클라우드": ("cloud", "Cloud infrastructure operations"),
    "반도체": ("semiconductor", "Semiconductor inspection equipment"),
    "통신": ("telecom", "Wireless communication modules"),
    "엔지니어링": ("engineering", "Plant and facility engineering"),
    "미디어": ("media", "Video content production"),
    "코스메틱": ("cosmetics", "Functional cosmetics"),
    "물류": ("logistics", "Logistics outsourcing and warehousing"),
    "인공지능": ("AI", "Artificial intelligence research and development"),
    "사운드": ("audio", "Audio equipment and sound solutions"),
    "커머스": ("e-commerce", "Online shop operation"),
}
# Six generated companies in ten have an English profile (products, keywords, description).
ENGLISH_SHARE = 6

SUFFIXES = ["", "", "", " 랩", " 코리아", " 파트너스", " 컴퍼니", " 이노베이션", " 글로벌", "웍스"]
LATIN = "GV DK NX KT LG SJ HB CN".split()
BANDS = [EmployeeBand.B1] * 5 + [EmployeeBand.B10] * 3 + [EmployeeBand.B50, EmployeeBand.B100]


# Each prefix range gets its own business-type code (digits 4–5), so ranges never collide.
TYPE_CODES = {1: "81", 3: "85", 4: "88", 5: "87", 6: "84", 7: "86", 8: "82", 9: "83"}


def business_number(prefix, index):
    """Return a valid, unique, plausible 10-digit number for the index within a prefix range.

    Layout: tax-office code (101–900), business type (per prefix), serial, check digit.
    """
    office = 101 + index % 800
    serial = index // 800
    first_nine = f"{office:03d}{TYPE_CODES[int(prefix)]}{serial:04d}"
    return first_nine + str(business_number_check_digit(first_nine))


def make_companies(start, count, *, prefix, slug_prefix, buildings, certifications, markets, seed):
    """Return (companies, certification pairs, market pairs) for indexes start … start+count-1.

    Pairs are (list position, pk) so callers can link them once the rows have primary keys.
    """
    rng = random.Random(seed * 1_000_003 + start)
    now = timezone.now()
    companies, cert_pairs, market_pairs = [], [], []
    for offset, index in enumerate(range(start, start + count)):
        word, division, product = DOMAINS[rng.randrange(len(DOMAINS))]
        if rng.random() < 0.08:
            name = f"{rng.choice(LATIN)}{word}"
        else:
            name = f"{rng.choice(PREFIXES)}{word}{rng.choice(SUFFIXES)}"
        building = rng.choice(buildings) if buildings and rng.random() < 0.7 else None
        complex_ = building.complex if building else rng.choice(Complex.values)
        # Drawn in the order they always were, so a seed gives the same companies as before.
        floor = str(rng.randint(2, 20)) if building else ""
        unit = f"{rng.randint(2, 20)}{rng.randint(1, 30):02d}호" if building else ""
        founded_year = rng.randint(1975, 2024)
        band = rng.choice(BANDS)
        other = DOMAINS[rng.randrange(len(DOMAINS))]
        third = DOMAINS[rng.randrange(len(DOMAINS))]
        english = index % 10 < ENGLISH_SHARE
        company = Company(
            name=name,
            slug=f"{slug_prefix}-{index}",
            business_number=business_number(prefix, index),
            status=Company.Status.APPROVED,
            is_sample=True,
            industry_id=division,
            complex=complex_,
            building=building,
            floor=floor,
            unit=unit,
            road_address=building.road_address if building else "",
            founded_year=founded_year,
            employee_band=band,
            products=f"{product}, {other[2]}",
            keywords=f"{word}, {third[0]}",
            description=f"<p>G밸리에서 {product} 사업을 하는 기업입니다.</p>",
            approved_at=now,
        )
        if english:
            (keyword_en, product_en), other_en = DOMAINS_EN[word], DOMAINS_EN[other[0]][1]
            company.products_en = f"{product_en}, {other_en[0].lower()}{other_en[1:]}"
            company.keywords_en = f"{keyword_en}, {DOMAINS_EN[third[0]][0]}"
            company.description_en = (
                f"<p>A G Valley company working in {product_en[0].lower()}{product_en[1:]}.</p>"
            )
        company.search_vector = company.build_search_vector()
        companies.append(company)
        if certifications and rng.random() < 0.35:
            cert_pairs.append((offset, rng.choice(certifications)))
        if markets and rng.random() < 0.25:
            market_pairs.append((offset, rng.choice(markets)))
    return companies, cert_pairs, market_pairs


def bulk_insert(count, *, start, prefix, slug_prefix, seed=1, progress=None, batch=2000):
    """Insert `count` generated listed companies from index `start` with bulk operations."""
    from .models import Building, Certification, ExportMarket

    buildings = list(Building.objects.all())
    certs = list(Certification.objects.values_list("pk", flat=True))
    markets = list(ExportMarket.objects.values_list("pk", flat=True))
    Certs = Company.certifications.through
    Markets = Company.export_markets.through
    batches = range(start, start + count, batch)
    if progress:
        batches = progress(batches, desc="companies", total=len(batches))
    for first in batches:
        size = min(batch, start + count - first)
        rows, cert_pairs, market_pairs = make_companies(
            first,
            size,
            prefix=prefix,
            slug_prefix=slug_prefix,
            buildings=buildings,
            certifications=certs,
            markets=markets,
            seed=seed,
        )
        Company.objects.bulk_create(rows)
        Certs.objects.bulk_create(
            [Certs(company_id=rows[i].pk, certification_id=pk) for i, pk in cert_pairs]
        )
        Markets.objects.bulk_create(
            [Markets(company_id=rows[i].pk, exportmarket_id=pk) for i, pk in market_pairs]
        )
