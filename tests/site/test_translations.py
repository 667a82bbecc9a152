"""Every app's English reaches the pages: no catalogue overrides another's translation.

Django merges the apps' catalogues into one, and for a Korean text found in two of them the app
listed first in INSTALLED_APPS wins. A word that means two things ("내용": a grievance's
description, a story's text, a history entry's change) needs a context in one of them; a word
that means one thing is translated the same everywhere.
"""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext, npgettext, pgettext

APPS = ["gvalley", "companies", "events", "council", "heritage"]


def catalogue(app):
    path = Path(settings.BASE_DIR) / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as source:
        return [message for message in read_po(source) if message.id and message.string]


def shown(message):
    """Return the English a page shows for this catalogue entry."""
    if isinstance(message.id, tuple):
        singular, plural = message.id
        if message.context:
            return npgettext(message.context, singular, plural, 1)
        return ngettext(singular, plural, 1)
    if message.context:
        return pgettext(message.context, message.id)
    return translation.gettext(message.id)


@pytest.mark.parametrize("app", APPS)
def test_no_other_catalogue_changes_the_english_of_an_apps_text(app):
    changed = []
    with translation.override("en"):
        for message in catalogue(app):
            expected = message.string[0] if isinstance(message.id, tuple) else message.string
            if shown(message) != expected:
                changed.append((message.context, message.id, expected, shown(message)))
    assert not changed, changed


def test_form_messages_keep_djangos_korean_words_beside_rest_frameworks_catalogue():
    """Django REST framework ships a ko_KR catalogue, which Python loads for "ko" and which would
    reword Django's form messages (an empty upload, a required field); the portal keeps Django's."""
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    class Form(forms.Form):
        name = forms.CharField()
        logo = forms.FileField()

    with translation.override("ko"):
        form = Form(data={}, files={"logo": SimpleUploadedFile("a.png", b"")})
        assert form.errors["name"] == ["필수 항목입니다."]
        assert form.errors["logo"] == ["입력하신 파일은 빈 파일입니다."]
