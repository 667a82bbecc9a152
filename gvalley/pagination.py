"""Paging through lists: a paginator that counts with the page, and the page links."""

from django.core.paginator import Paginator
from django.db.models import Count, Window

TOTAL = "page_total_rows"
# SQL OFFSET and LIMIT are bigints: a page past this is past the end of any list.
BIGINT_MAX = 2**63 - 1


class OneQueryPaginator(Paginator):
    """Fetch the page with COUNT(*) OVER () beside each row, instead of a COUNT then the page.

    The lists show their total ("153건") and their page links, so Django's Paginator asks the
    database twice, and for a search each query finds every matching row. Here the total comes
    with the page's rows; only a page with no rows (an empty list, or a page past the end) falls
    back to Django's COUNT, so that an empty first page and a 404 past the end behave as before.
    """

    def page(self, number):
        if (
            "count" in self.__dict__
            or not hasattr(self.object_list, "annotate")
            or isinstance(number, float)
        ):
            return super().page(number)
        try:
            first = (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            return super().page(number)  # raises PageNotAnInteger
        if first < 0 or first + self.per_page + self.orphans > BIGINT_MAX:
            return super().page(number)  # raises EmptyPage (404), never an SQL error
        rows = list(
            self.object_list.annotate(**{TOTAL: Window(Count("*"))})[
                first : first + self.per_page + self.orphans
            ]
        )
        if not rows:
            return super().page(number)
        self.count = getattr(rows[0], TOTAL)
        number = self.validate_number(number)
        last = first + self.per_page
        if last + self.orphans >= self.count:
            last = self.count
        return self._get_page(rows[: last - first], number, self)


def page_links(page_obj, query):
    """Return the page links of a list for the `pagination` macro (templates/includes/_macros.jinja).

    Each link is (kind, number, query string): kind is "prev", "page", "current", "gap" or
    "next". `query` is the request's GET: each link keeps every other parameter (search,
    filters, sort) and changes only the page. Empty when the list fits on one page.
    """
    if not page_obj or not page_obj.has_other_pages():
        return []
    query = query.copy()

    def link(kind, number):
        query["page"] = number
        return kind, number, query.urlencode()

    ellipsis = page_obj.paginator.ELLIPSIS
    links = []
    if page_obj.has_previous():
        links.append(link("prev", page_obj.previous_page_number()))
    for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2):
        if number == page_obj.number:
            links.append(("current", number, ""))
        elif number == ellipsis:
            links.append(("gap", None, ""))
        else:
            links.append(link("page", number))
    if page_obj.has_next():
        links.append(link("next", page_obj.next_page_number()))
    return links
