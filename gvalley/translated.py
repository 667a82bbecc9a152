"""Content text in the page's language, or the Korean original marked as such.

Content fields are kept in Korean and English (django-modeltranslation: `products_ko`,
`products_en`). A page in English shows the English text; where there is none it shows the
Korean one, and the template marks it (`lang="ko"` on the element, so screen readers switch
voice, and a small "Korean original" note): the `in_language` macro of
templates/includes/_macros.jinja, fed by the `translated` filter below or by `pick()` for rows
read as values.
"""

import re

from django.conf import settings
from django.utils.translation import get_language


class Translated(str):
    """A text, knowing whether it is the Korean original standing in for a missing translation."""

    fallback = False

    @classmethod
    def of(cls, text, fallback=False):
        value = cls(text or "")
        value.fallback = fallback and bool(value)
        return value

    def map(self, function):
        """Return function(text), still knowing whether it is the Korean original (plain_text)."""
        return Translated.of(function(self), self.fallback)


def page_language():
    return get_language() or settings.LANGUAGE_CODE


def pick(korean, other, language=None):
    """Return the text for the page: `other` (the page language's) or the Korean, marked."""
    language = language or page_language()
    if language == settings.LANGUAGE_CODE:
        return Translated.of(korean)
    if other:
        return Translated.of(other)
    return Translated.of(korean, fallback=True)


def translated(instance, field, language=None):
    """Return `instance.<field>` in the page's language (see pick); the Jinja filter."""
    language = language or page_language()
    korean = getattr(instance, f"{field}_{settings.LANGUAGE_CODE}", None)
    if language == settings.LANGUAGE_CODE:
        return Translated.of(korean)
    return pick(korean, getattr(instance, f"{field}_{language}", None), language)


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def as_written(text, language=None):
    """Return a text kept in one language only (a unit number, a job title, a caption), marked
    as the Korean original on another language's page when it holds Hangul."""
    language = language or page_language()
    text = text or ""
    return Translated.of(text, language != settings.LANGUAGE_CODE and bool(HANGUL.search(text)))
