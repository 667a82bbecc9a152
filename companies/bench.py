"""Pages of this app that `make bench` measures."""

from django.urls import reverse

from .models import Company


def bench_pages():
    """Return (name, path) pairs of the main pages, resolved against the loaded data."""
    index = reverse("companies:index")
    pages = [
        ("companies list", index),
        ("companies search", f"{index}?q=%EB%B3%B4%EC%95%88"),  # 보안
        ("companies filtered", f"{index}?complex=2&sort=newest"),
    ]
    company = (
        Company.objects.listed().filter(building__isnull=False).order_by("pk").only("slug").first()
    )
    if company:
        pages.append(("company detail", company.get_absolute_url()))
    return pages
