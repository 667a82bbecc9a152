"""The company texts kept in Korean and English (django-modeltranslation).

Each registered field gets `<field>_ko` and `<field>_en` columns in the company table itself, so
pages, filters and the search vector read plain columns and no query gains a join. Reading
`company.products` gives the active language's text, or the Korean one when English is empty
(MODELTRANSLATION_FALLBACK_LANGUAGES); `companies/english.py` says which it was, for the
"Korean original" mark.

The English company name stays the field it always was (`Company.name_en`): registering `name`
would make a second `name_en` column.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Company


@register(Company)
class CompanyTranslationOptions(TranslationOptions):
    fields = ("products", "keywords", "description", "road_address")
    # An English text left blank is stored as "" (never NULL), as the Korean ones are.
    empty_values = ""
