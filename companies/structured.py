"""schema.org data of a company page (JSON-LD), from the company the page already loaded."""

from django.utils import translation

from gvalley.siteurl import absolute_url
from gvalley.structured import SCHEMA, image_info, postal_address


def organization(company):
    """Return schema.org Organization data of a listed company: only what its page shows.

    The phone and e-mail are the company's public ones, printed on the page too; its managers'
    own addresses never are.
    """
    data = {
        "@context": SCHEMA,
        "@type": "Organization",
        "name": company.name,
        "url": absolute_url(company.get_absolute_url()),
    }
    if company.name_en:
        data["alternateName"] = company.name_en
    if company.website:
        data["sameAs"] = [company.website]
    logo = image_info(company.logo) if company.logo_id else None
    if logo:
        data["logo"] = logo["url"]
        data["image"] = logo["url"]
    if company.founded_year:
        data["foundingDate"] = str(company.founded_year)
    if company.phone:
        data["telephone"] = company.phone
    if company.email:
        data["email"] = company.email
    if company.road_address:
        with translation.override("ko"):  # the address as it is written in Korea
            location = company.location
        data["address"] = postal_address(" ".join(p for p in (company.road_address, location) if p))
    if company.products:
        data["description"] = company.products[:300]
    return data
