from . import roles
from .languages import PageLanguages
from .siteurl import site_url


def site(request):
    """Expose the roles of the signed-in user, the site URL and the page's addresses."""
    user = getattr(request, "user", None)
    return {
        "SITE_URL": site_url(),
        # Canonical, hreflang alternates and the language switch, computed when a page asks.
        "page_languages": PageLanguages(request),
        # Callables: templates evaluate them only where a page asks, so most pages run no query.
        "is_district_staff": lambda: bool(user and roles.is_district_staff(user)),
        "is_council_member": lambda: bool(user and roles.is_council_member(user)),
    }
