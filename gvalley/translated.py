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


def columns(*fields):
    """Return both languages' columns of translated fields: columns("title") → title_ko, title_en.

    For `.only()` / `.values()` of rows whose texts are then chosen with `translated` or `pick`.
    """
    return [
        f"{field}_{language}" for field in fields for language in (settings.LANGUAGE_CODE, "en")
    ]


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


def both_languages(instance, field):
    """Return the Korean and English texts of a field joined, for a search vector.

    Reads `<field>_ko` and `<field>_en` as stored (the unsuffixed attribute would be the active
    language's); a model without them (a migration's historical model) gives its plain field.
    """
    korean = getattr(instance, f"{field}_{settings.LANGUAGE_CODE}", None)
    if korean is None:
        korean = getattr(instance, field, "")
    return f"{korean or ''} {getattr(instance, f'{field}_en', None) or ''}".strip()


class KoreanRequiredAdmin:
    """Admin mixin: a Korean field is required where its untranslated field was; English never is.

    modeltranslation makes every `<field>_ko` and `<field>_en` column blank=True; an admin that
    lists them side by side (("title_ko", "title_en")) keeps the Korean one as required as the
    field it stands for. Length limits come with the columns (the same max_length).
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if field is not None and original is not None:
            field.required = db_field.language == settings.LANGUAGE_CODE and not original.blank
        return field


# Demo data files (heritage/demo_data.json, council/demo_data.json) keep each text as
# {"ko": "…", "en": "…"}: the loaders write them with these two.


def both_texts(item, *fields):
    """Return {"title_ko": …, "title_en": …} for the given fields of a data-file item."""
    return {
        f"{field}_{language}": item[field][language]
        for field in fields
        for language in (settings.LANGUAGE_CODE, "en")
    }


def add_english(instance, item, *fields):
    """Fill in the English texts a row loaded earlier lacks, never overwriting an editor's."""
    missing = [
        f"{field}_en"
        for field in fields
        if not getattr(instance, f"{field}_en") and item[field]["en"]
    ]
    for name in missing:
        setattr(instance, name, item[name.removesuffix("_en")]["en"])
    if missing:
        instance.save(update_fields=missing)
