"""Reference data: 한국표준산업분류(KSIC, 제10차) sections and divisions, certifications, markets.

Loaded by the data migrations 0003_reference_data and 0008_reference_english_names, and kept in
one place so tests and the demo loader use the same codes.
"""

# (code, Korean name, English name). The English names are the ones Statistics Korea (통계청)
# publishes for the 10th revision on its classification portal (kssc.kostat.go.kr).
KSIC_SECTIONS = [
    ("A", "농업, 임업 및 어업", "Agriculture, forestry and fishing"),
    ("B", "광업", "Mining and quarrying"),
    ("C", "제조업", "Manufacturing"),
    (
        "D",
        "전기, 가스, 증기 및 공기 조절 공급업",
        "Electricity, gas, steam and air conditioning supply",
    ),
    (
        "E",
        "수도, 하수 및 폐기물 처리, 원료 재생업",
        "Water supply; sewage, waste management, materials recovery",
    ),
    ("F", "건설업", "Construction"),
    ("G", "도매 및 소매업", "Wholesale and retail trade"),
    ("H", "운수 및 창고업", "Transportation and storage"),
    ("I", "숙박 및 음식점업", "Accommodation and food service activities"),
    ("J", "정보통신업", "Information and communication"),
    ("K", "금융 및 보험업", "Financial and insurance activities"),
    ("L", "부동산업", "Real estate activities"),
    ("M", "전문, 과학 및 기술 서비스업", "Professional, scientific and technical activities"),
    (
        "N",
        "사업시설 관리, 사업 지원 및 임대 서비스업",
        "Business facilities management and business support services; "
        "rental and leasing activities",
    ),
    (
        "O",
        "공공 행정, 국방 및 사회보장 행정",
        "Public administration and defence; compulsory social security",
    ),
    ("P", "교육 서비스업", "Education"),
    ("Q", "보건업 및 사회복지 서비스업", "Human health and social work activities"),
    ("R", "예술, 스포츠 및 여가관련 서비스업", "Arts, sports and recreation related services"),
    (
        "S",
        "협회 및 단체, 수리 및 기타 개인 서비스업",
        "Membership organizations, repair and other personal services",
    ),
    (
        "T",
        "가구 내 고용활동 및 달리 분류되지 않은 자가 소비 생산활동",
        "Activities of households as employers; undifferentiated goods- and "
        "services-producing activities of households for own use",
    ),
    (
        "U",
        "국제 및 외국기관",
        "Activities of extraterritorial organizations and bodies",
    ),
]

# (code, section, Korean name, English name)
KSIC_DIVISIONS = [
    ("01", "A", "농업", "Agriculture"),
    ("02", "A", "임업", "Forestry"),
    ("03", "A", "어업", "Fishing"),
    ("05", "B", "석탄, 원유 및 천연가스 광업", "Mining of coal, crude petroleum and natural gas"),
    ("06", "B", "금속 광업", "Mining of metal ores"),
    ("07", "B", "비금속광물 광업; 연료용 제외", "Mining of non-metallic minerals, except fuel"),
    ("08", "B", "광업 지원 서비스업", "Mining support service activities"),
    ("10", "C", "식료품 제조업", "Manufacture of food products"),
    ("11", "C", "음료 제조업", "Manufacture of beverages"),
    ("12", "C", "담배 제조업", "Manufacture of tobacco products"),
    ("13", "C", "섬유제품 제조업; 의복 제외", "Manufacture of textiles, except apparel"),
    (
        "14",
        "C",
        "의복, 의복 액세서리 및 모피제품 제조업",
        "Manufacture of wearing apparel, clothing accessories and fur articles",
    ),
    ("15", "C", "가죽, 가방 및 신발 제조업", "Manufacture of leather, luggage and footwear"),
    (
        "16",
        "C",
        "목재 및 나무제품 제조업; 가구 제외",
        "Manufacture of wood and of products of wood and cork; except furniture",
    ),
    ("17", "C", "펄프, 종이 및 종이제품 제조업", "Manufacture of pulp, paper and paper products"),
    ("18", "C", "인쇄 및 기록매체 복제업", "Printing and reproduction of recorded media"),
    (
        "19",
        "C",
        "코크스, 연탄 및 석유정제품 제조업",
        "Manufacture of coke, hard-coal and lignite fuel briquettes and refined petroleum products",
    ),
    (
        "20",
        "C",
        "화학 물질 및 화학제품 제조업; 의약품 제외",
        "Manufacture of chemicals and chemical products; except pharmaceuticals and "
        "medicinal chemicals",
    ),
    (
        "21",
        "C",
        "의료용 물질 및 의약품 제조업",
        "Manufacture of pharmaceuticals, medicinal chemicals and botanical products",
    ),
    ("22", "C", "고무 및 플라스틱제품 제조업", "Manufacture of rubber and plastics products"),
    ("23", "C", "비금속 광물제품 제조업", "Manufacture of other non-metallic mineral products"),
    ("24", "C", "1차 금속 제조업", "Manufacture of basic metals"),
    (
        "25",
        "C",
        "금속 가공제품 제조업; 기계 및 가구 제외",
        "Manufacture of fabricated metal products, except machinery and furniture",
    ),
    (
        "26",
        "C",
        "전자 부품, 컴퓨터, 영상, 음향 및 통신장비 제조업",
        "Manufacture of electronic components, computer; visual, sounding and communication "
        "equipment",
    ),
    (
        "27",
        "C",
        "의료, 정밀, 광학 기기 및 시계 제조업",
        "Manufacture of medical, precision and optical instruments, watches and clocks",
    ),
    ("28", "C", "전기장비 제조업", "Manufacture of electrical equipment"),
    ("29", "C", "기타 기계 및 장비 제조업", "Manufacture of other machinery and equipment"),
    (
        "30",
        "C",
        "자동차 및 트레일러 제조업",
        "Manufacture of motor vehicles, trailers and semitrailers",
    ),
    ("31", "C", "기타 운송장비 제조업", "Manufacture of other transport equipment"),
    ("32", "C", "가구 제조업", "Manufacture of furniture"),
    ("33", "C", "기타 제품 제조업", "Other manufacturing"),
    (
        "34",
        "C",
        "산업용 기계 및 장비 수리업",
        "Maintenance and repair services of industrial machinery and equipment",
    ),
    (
        "35",
        "D",
        "전기, 가스, 증기 및 공기 조절 공급업",
        "Electricity, gas, steam and air conditioning supply",
    ),
    ("36", "E", "수도업", "Water supply"),
    (
        "37",
        "E",
        "하수, 폐수 및 분뇨 처리업",
        "Sewage, wastewater and human and animal waste treatment services",
    ),
    (
        "38",
        "E",
        "폐기물 수집, 운반, 처리 및 원료 재생업",
        "Waste collection, transportation, treatment and disposal activities; materials recovery",
    ),
    (
        "39",
        "E",
        "환경 정화 및 복원업",
        "Remediation activities and other waste management services",
    ),
    ("41", "F", "종합 건설업", "General construction"),
    ("42", "F", "전문직별 공사업", "Specialized construction activities"),
    ("45", "G", "자동차 및 부품 판매업", "Sale of motor vehicles and parts"),
    (
        "46",
        "G",
        "도매 및 상품 중개업",
        "Wholesale trade on own account or on a fee or contract basis",
    ),
    ("47", "G", "소매업; 자동차 제외", "Retail trade, except motor vehicles and motorcycles"),
    ("49", "H", "육상 운송 및 파이프라인 운송업", "Land transport and transport via pipelines"),
    ("50", "H", "수상 운송업", "Water transport"),
    ("51", "H", "항공 운송업", "Air transport"),
    (
        "52",
        "H",
        "창고 및 운송관련 서비스업",
        "Warehousing and support activities for transportation",
    ),
    ("55", "I", "숙박업", "Accommodation"),
    ("56", "I", "음식점 및 주점업", "Food and beverage service activities"),
    ("58", "J", "출판업", "Publishing activities"),
    (
        "59",
        "J",
        "영상·오디오 기록물 제작 및 배급업",
        "Audiovisual and sound recording production and distribution activities",
    ),
    ("60", "J", "방송업", "Broadcasting activities"),
    ("61", "J", "우편 및 통신업", "Postal activities and telecommunications"),
    (
        "62",
        "J",
        "컴퓨터 프로그래밍, 시스템 통합 및 관리업",
        "Computer programming, consultancy and related activities",
    ),
    ("63", "J", "정보서비스업", "Information service activities"),
    (
        "64",
        "K",
        "금융업",
        "Financial service activities, except insurance and pension funding",
    ),
    ("65", "K", "보험 및 연금업", "Insurance and pension funding"),
    (
        "66",
        "K",
        "금융 및 보험 관련 서비스업",
        "Activities auxiliary to financial service and insurance activities",
    ),
    ("68", "L", "부동산업", "Real estate activities"),
    ("70", "M", "연구개발업", "Research and development"),
    ("71", "M", "전문 서비스업", "Professional services"),
    (
        "72",
        "M",
        "건축 기술, 엔지니어링 및 기타 과학기술 서비스업",
        "Architectural, engineering and other scientific technical services",
    ),
    (
        "73",
        "M",
        "기타 전문, 과학 및 기술 서비스업",
        "Other professional, scientific and technical services",
    ),
    (
        "74",
        "N",
        "사업시설 관리 및 조경 서비스업",
        "Business facilities management and landscape services",
    ),
    ("75", "N", "사업 지원 서비스업", "Business support services"),
    ("76", "N", "임대업; 부동산 제외", "Rental and leasing activities; except real estate"),
    (
        "84",
        "O",
        "공공 행정, 국방 및 사회보장 행정",
        "Public administration and defence; compulsory social security",
    ),
    ("85", "P", "교육 서비스업", "Education"),
    ("86", "Q", "보건업", "Human health activities"),
    ("87", "Q", "사회복지 서비스업", "Social work activities"),
    (
        "90",
        "R",
        "창작, 예술 및 여가관련 서비스업",
        "Creative, arts and recreation related services",
    ),
    ("91", "R", "스포츠 및 오락관련 서비스업", "Sports activities and amusement activities"),
    ("94", "S", "협회 및 단체", "Membership organizations"),
    (
        "95",
        "S",
        "개인 및 소비용품 수리업",
        "Maintenance and repair of personal and household goods",
    ),
    ("96", "S", "기타 개인 서비스업", "Other personal services activities"),
    (
        "97",
        "T",
        "가구 내 고용활동",
        "Activities of households as employers of domestic personnel",
    ),
    (
        "98",
        "T",
        "달리 분류되지 않은 자가 소비를 위한 가구의 재화 및 서비스 생산활동",
        "Undifferentiated goods- and services-producing activities of private households "
        "for own use",
    ),
    ("99", "U", "국제 및 외국기관", "Activities of extraterritorial organizations and bodies"),
]

# (slug, Korean name, English name): the English names the certifying bodies use
# (중소벤처기업부's Venture Business, INNOBIZ and MAINBIZ programmes, TTA's GS Certification, …).
CERTIFICATIONS = [
    ("venture", "벤처기업", "Venture Business (Venture Company Certification)"),
    ("innobiz", "이노비즈", "INNOBIZ"),
    ("mainbiz", "메인비즈", "MAINBIZ"),
    ("rnd-lab", "기업부설연구소", "Corporate R&D Center"),
    ("iso9001", "ISO 9001", "ISO 9001"),
    ("iso27001", "ISO/IEC 27001", "ISO/IEC 27001"),
    ("gs", "GS 인증", "GS Certification"),
    ("social", "사회적기업", "Certified Social Enterprise"),
    ("women", "여성기업", "Women-owned Business"),
    ("youth-friendly", "청년친화강소기업", "Youth-Friendly Small Giant Company"),
]

# (code, name): countries by ISO 3166-1 alpha-2, plus a few regions.
EXPORT_MARKETS = [
    ("CN", "중국"),
    ("JP", "일본"),
    ("US", "미국"),
    ("VN", "베트남"),
    ("TH", "태국"),
    ("ID", "인도네시아"),
    ("MY", "말레이시아"),
    ("PH", "필리핀"),
    ("SG", "싱가포르"),
    ("IN", "인도"),
    ("TW", "대만"),
    ("HK", "홍콩"),
    ("DE", "독일"),
    ("GB", "영국"),
    ("FR", "프랑스"),
    ("AE", "아랍에미리트"),
    ("SA", "사우디아라비아"),
    ("MX", "멕시코"),
    ("BR", "브라질"),
    ("AU", "호주"),
    ("CA", "캐나다"),
    ("EU", "유럽연합(기타)"),
]


def load_reference_data(apps=None):
    """Create or update the reference rows (used by migrations 0003 and 0008, and after test
    flushes). A historical model from before 0008 has no `name_en` and gets the Korean only."""
    if apps is None:
        from django.apps import apps
    Section = apps.get_model("companies", "IndustrySection")
    Division = apps.get_model("companies", "IndustryDivision")
    Certification = apps.get_model("companies", "Certification")
    ExportMarket = apps.get_model("companies", "ExportMarket")
    english = any(field.name == "name_en" for field in Section._meta.get_fields())
    if (
        Division.objects.count() == len(KSIC_DIVISIONS)
        and Certification.objects.count() >= len(CERTIFICATIONS)
        and ExportMarket.objects.count() >= len(EXPORT_MARKETS)
        and not (english and Division.objects.filter(name_en="").exists())
    ):
        return

    def names(korean, name_en):
        return {"name": korean, "name_en": name_en} if english else {"name": korean}

    for code, name, name_en in KSIC_SECTIONS:
        Section.objects.update_or_create(code=code, defaults=names(name, name_en))
    for code, section, name, name_en in KSIC_DIVISIONS:
        Division.objects.update_or_create(
            code=code, defaults={**names(name, name_en), "section_id": section}
        )
    for slug, name, name_en in CERTIFICATIONS:
        Certification.objects.update_or_create(slug=slug, defaults=names(name, name_en))
    for code, name in EXPORT_MARKETS:
        ExportMarket.objects.update_or_create(code=code, defaults={"name": name})
