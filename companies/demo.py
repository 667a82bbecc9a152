"""Demo and benchmark content of this app, loaded by `manage.py load_demo`.

The content (buildings, sample companies, their Korean and English texts) is in demo_data.yaml
beside this file, so an editor corrects a text there without touching code. 대륭포스트타워 8차 is
a real G밸리 landmark (kept as real data); the other buildings and every company are invented
samples (is_sample=True). At scale > 0, 15,000 × scale generated companies are topped up with
bulk inserts (companies/generate.py).
"""

import random
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone, translation
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
DATA_FILE = Path(__file__).with_name("demo_data.yaml")
BANDS = ["a", "a", "b", "b", "b", "c", "d", "e"]


@cache
def demo_data():
    """Return the content of demo_data.yaml."""
    with DATA_FILE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def _sample_business_number(index):
    from .generate import business_number

    return business_number(SAMPLE_PREFIX, index)


@transaction.atomic
def load_buildings():
    buildings = []
    for row in demo_data()["buildings"]:
        building, created = Building.objects.get_or_create(
            name=row["name"],
            defaults={
                "name_en": row["name_en"],
                "slug": slugify(row["name"], allow_unicode=True),
                "kind": row["kind"],
                "complex": row["complex"],
                "road_address": row["road_address"],
                "is_sample": row["sample"],
            },
        )
        if not created and row["name_en"] and not building.name_en:
            # A database loaded before buildings had English names gets them (staff's kept).
            building.name_en = row["name_en"]
            building.save(update_fields=["name_en"])
        building.road_address_en = row["road_address_en"]
        buildings.append(building)
    return buildings


def _descriptions(building):
    """Return the Korean and English description templates filled for a company of building."""
    templates = demo_data()["description"]
    complex_ko = building.get_complex_display()
    with translation.override("en"):
        complex_en = str(building.get_complex_display())
    where_en = f"{building.name_en}, {complex_en}" if building.name_en else complex_en
    return (
        lambda products: templates["ko"].format(
            where=f"{complex_ko} {building.name}", products=products
        ),
        lambda products: templates["en"].format(where=where_en, products=products),
    )


@transaction.atomic
def load_samples(buildings):
    rng = random.Random(2024)
    certs = list(Certification.objects.all())
    markets = list(ExportMarket.objects.all())
    now = timezone.now()
    rows = demo_data()["companies"]
    for index, row in enumerate(rows):
        name, products = row["name"], row["products"]
        building = buildings[index % len(buildings)]
        number = _sample_business_number(index)
        slug = slugify(name, allow_unicode=True)
        if Company.objects.filter(slug=slug).exists():
            continue
        # The last two wait for review, so the admin's review queue has something to show.
        status = Company.Status.PENDING if index >= len(rows) - 2 else Company.Status.APPROVED
        describe_ko, describe_en = _descriptions(building)
        products_en = row.get("products_en", "")
        with translation.override("ko"):  # the unsuffixed texts are the Korean ones
            company = Company(
                name=name,
                name_en=row["name_en"],
                slug=slug,
                business_number=number,
                status=status,
                is_sample=True,
                representative_title="대표이사",
                industry_id=row["industry"],
                complex=building.complex,
                building=building,
                floor=str(rng.randint(2, 18)),
                unit=f"{rng.randint(2, 18)}{rng.randint(1, 20):02d}호",
                road_address=building.road_address,
                founded_year=rng.randint(1988, 2023),
                employee_band=rng.choice(BANDS),
                products=products,
                keywords=row["keywords"],
                website="",
                phone=f"02-{rng.randint(2000, 2999)}-{rng.randint(1000, 9999)}",
                email=f"contact@{slugify(row['name_en'])}.example",
                description=describe_ko(products),
                approved_at=now if status == Company.Status.APPROVED else None,
            )
        # The English texts in their own columns (companies/translation.py).
        if products_en:
            company.road_address_en = building.road_address_en
            company.products_en = products_en
            company.keywords_en = row.get("keywords_en", "")
            company.description_en = describe_en(products_en)
        company.save()
        company.certifications.set(rng.sample(certs, rng.randint(0, 3)))
        company.export_markets.set(rng.sample(markets, rng.randint(0, 4)))


@transaction.atomic
def load_rejected(buildings):
    """Add the rejected registration, with its reason and the history staff left (idempotent)."""
    row = demo_data()["rejected"]
    slug = slugify(row["name"], allow_unicode=True)
    if Company.objects.filter(slug=slug).exists():
        return
    building = buildings[1]
    with translation.override("ko"):
        company = Company.objects.create(
            name=row["name"],
            name_en=row["name_en"],
            slug=slug,
            business_number=_sample_business_number(len(demo_data()["companies"])),
            status=Company.Status.REJECTED,
            status_reason=row["reason"],
            is_sample=True,
            industry_id=row["industry"],
            complex=building.complex,
            building=building,
            road_address=building.road_address,
            products=row["products"],
            keywords=row["keywords"],
            description=row["description"],
        )
    CompanyHistory.objects.create(
        company=company, action=CompanyHistory.Action.REGISTERED, note="데모 신청"
    )
    CompanyHistory.objects.create(
        company=company, action=CompanyHistory.Action.REJECTED, note=row["reason"]
    )


def link_demo_manager():
    from gvalley.demo import demo_user

    try:
        manager = demo_user("manager@gvalley.example")
    except Exception:  # the accounts loader did not run (e.g. a partial load)
        return
    managed = demo_data()["managed_by_demo_manager"]
    for company in Company.objects.filter(name__in=managed, is_sample=True):
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
