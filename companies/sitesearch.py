"""What the company directory offers to the site search (gvalley/sitesearch.py)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from gvalley.rendering import url_maker
from gvalley.sitesearch import Hit, Section, Source, marker_for
from gvalley.translated import Translated, page_language, pick

from .models import Company
from .search import TieredResults

# Both languages' texts: the hit shows the page's (gvalley/translated.py).
FIELDS = (
    "pk",
    "name",
    "slug",
    "name_en",
    "keywords_ko",
    "keywords_en",
    "products_ko",
    "products_en",
    "status",
)


class CompanySource(Source):
    """Companies, found and ordered as the directory finds them (name matches first)."""

    key = "companies"
    label = pgettext_lazy("site search", "기업")
    group = pgettext_lazy("site search", "기업 디렉터리")

    def visible(self, user):
        return Company.objects.visible_to(user)

    def more_url(self, query):
        return reverse("companies:index") + "?" + urlencode({"q": query})

    def search(self, query, user, limit):
        # The directory's own relevance tiers and capped count (companies/search.py), in one
        # statement with the rows of the hits.
        results = TieredResults(
            self.visible(user).rewrite(False).values_list(*FIELDS, named=True),
            query,
            window=(0, limit),
        )
        rows = results[0:limit]
        marker = marker_for(query)
        detail = url_maker("companies:detail", "slug")
        language = page_language()
        hits = [self.hit(row, marker, detail, language) for row in rows]
        return Section(self, hits, results.count(), results.capped, self.more_url(query))

    def hit(self, row, marker, detail, language):
        badge = (
            "" if row.status == Company.Status.APPROVED else str(Company.Status(row.status).label)
        )
        # The name in the page's language; the other one beside it (the Korean marked as such).
        title = pick(row.name, row.name_en, language)
        other = row.name if title != row.name else row.name_en
        return Hit(
            title=marker.parts(title),
            url=detail(row.slug),
            snippet=marker.snippet(
                pick(row.keywords_ko, row.keywords_en, language),
                pick(row.products_ko, row.products_en, language),
            ),
            meta=[Translated.of(other, fallback=other == row.name)] if other else [],
            badge=badge,
        )


SOURCES = [CompanySource()]
