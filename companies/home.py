"""What the home page shows of this part of the portal: the newest listed companies."""

from .directory import building_name, directory_data, industry_name
from .models import Company

HOME_COUNT = 6


def home_section(request):
    """Return the newest listed companies and how many are listed (one query, one cache read).

    The count and the industry and building names come from the directory's shared reference
    data, so the query reads six rows of one index and joins nothing.
    """
    directory = directory_data()
    items = list(
        Company.objects.listed().newest().only("name", "slug", "industry", "building")[:HOME_COUNT]
    )
    for company in items:
        if company.industry_id:
            company.industry_name = industry_name(directory, company.industry_id)
        if company.building_id:
            company.building_name = building_name(directory, company.building_id)
    return {"items": items, "count": directory["listed_count"]}
