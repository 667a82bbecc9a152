"""Personal data of a user across the portal: export, account sections, deletion.

Each app owns a `privacy.py` with `export(user) -> dict` (its part of the JSON download) and
`account_section(user) -> dict | None` (what the account page shows). Deletion relies on the
apps' foreign keys: rows owned by the person cascade, shared records keep a nulled reference.
"""

from django.db import transaction

from companies import privacy as companies_privacy
from council import privacy as council_privacy
from events import privacy as events_privacy
from heritage import privacy as heritage_privacy

APPS = [companies_privacy, events_privacy, council_privacy, heritage_privacy]


def export(user):
    data = {
        "account": {
            "email": user.email,
            "name": user.name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "privacy_consent_at": user.privacy_consent_at,
            "marketing_consent_at": user.marketing_consent_at,
            "consent_version": user.consent_version,
            "roles": list(user.groups.values_list("name", flat=True)),
            "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        }
    }
    for module in APPS:
        data.update(module.export(user))
    return data


def account_sections(user):
    sections = []
    for module in APPS:
        section = module.account_section(user)
        if section:
            sections.append(section)
    return sections


@transaction.atomic
def delete_user(user):
    for module in APPS:
        module.before_user_delete(user)
    user.delete()
