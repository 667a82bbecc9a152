"""This app's part of a user's personal data (see gvalley/privacy.py)."""


def export(user):
    """Return this app's personal data of the user, for the JSON download."""
    return {}


def account_section(user):
    """Return what the account page shows of this app for the user, or None."""
    return None


def before_user_delete(user):
    """Anonymise or remove what foreign keys alone would not, before the user is deleted."""
