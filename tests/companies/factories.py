"""Factories of the company directory's tests."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from companies.generate import business_number
from companies.models import Building, Company, CompanyMembership
from gvalley import roles
from tests.factories import UserFactory


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    name = factory.Sequence(lambda n: f"테스트타워 {n}차")
    slug = factory.Sequence(lambda n: f"test-tower-{n}")
    complex = "2"
    road_address = factory.Sequence(lambda n: f"서울 금천구 가산디지털1로 {n + 1}")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"테스트기업{n}")
    slug = factory.Sequence(lambda n: f"test-company-{n}")
    business_number = factory.Sequence(lambda n: business_number(3, n))
    status = Company.Status.APPROVED
    industry_id = "62"
    complex = "2"
    approved_at = factory.LazyFunction(timezone.now)


class PendingCompanyFactory(CompanyFactory):
    status = Company.Status.PENDING
    approved_at = None


def manager_of(company, **kwargs):
    """Return a new company-manager user who manages the company."""
    user = UserFactory(roles=[roles.COMPANY_MANAGER], **kwargs)
    CompanyMembership.objects.create(company=company, user=user)
    return user


def image_bytes(fmt="PNG", size=(200, 120), colour=(11, 92, 173)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name="logo.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, content if content is not None else image_bytes(), content_type)


def valid_number(n):
    """Return a valid 사업자등록번호 unused by the factories (prefix 4)."""
    return business_number(4, n)
