"""Pages of this app that `make bench` measures."""

from urllib.parse import quote

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


def bench_new_searches():
    """Return (name, paths): directory searches for the two-syllable words of the sample data.

    `make bench` sends each request to a different one of these with a request number added,
    so no request is ever answered from the page cache: what a visitor's first search costs.
    """
    from .generate import DOMAINS

    words = sorted({text[i : i + 2] for _, _, text in DOMAINS for i in range(len(text) - 1)})
    words = [word for word in words if all("가" <= ch <= "힣" for ch in word)]
    index = reverse("companies:index")
    return [("companies new search", [f"{index}?q={quote(word)}" for word in words])]
