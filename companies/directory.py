"""The directory's reference data, the same for every visitor, kept in the shared cache.

Industries (KSIC), buildings, certifications, export markets and the number of listed companies
change only when someone saves content, and every content save gives gvalley.cache.shared_data
a new key. Pages take names from here instead of joining or prefetching those tables, and the
filter form takes its choices from here instead of building a few hundred model instances.
A row saved a moment after the data was read is looked up in the database (fallbacks below).

The data is kept per language (shared_data's key holds it): on an English page each name is the
row's `name_en`, or its Korean name marked as the Korean original where it has none (a
gvalley.translated.Translated, printed by the `in_language` macro). Export markets are named from
Babel's locale data instead (market_name).
"""

from functools import cache

from babel import Locale
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gvalley.cache import shared_data
from gvalley.translated import page_language, pick

from .models import (
    Building,
    Certification,
    Company,
    Complex,
    ExportMarket,
    IndustryDivision,
    IndustrySection,
)


def directory_data():
    """Return the reference data (see the module docstring): one cache read."""
    return shared_data("companies:directory", _directory_data)


def _directory_data():
    language = page_language()
    sections = {
        code: pick(name, name_en, language)
        for code, name, name_en in IndustrySection.objects.values_list("code", "name", "name_en")
    }
    divisions = {
        code: (section, pick(name, name_en, language))
        for code, section, name, name_en in IndustryDivision.objects.values_list(
            "code", "section_id", "name", "name_en"
        )
    }
    rows = [
        (pk, pick(name, name_en, language), complex_)
        for pk, name, name_en, complex_ in Building.objects.order_by("name", "pk").values_list(
            "pk", "name", "name_en", "complex"
        )
    ]
    buildings = {pk: name for pk, name, _complex in rows}
    building_complexes = {pk: complex_ for pk, _name, complex_ in rows}
    # In the models' order (name, pk): the order in which pages list them.
    certifications = {
        pk: (slug, pick(name, name_en, language))
        for pk, slug, name, name_en in Certification.objects.values_list(
            "pk", "slug", "name", "name_en"
        )
    }
    markets = {
        pk: (code, name)
        for pk, code, name in ExportMarket.objects.values_list("pk", "code", "name")
    }
    return {
        "listed_count": Company.objects.listed().count(),
        "sections": sections,
        "divisions": divisions,
        "buildings": buildings,
        "building_complexes": building_complexes,
        "certifications": certifications,
        "markets": markets,
        "choices": {
            "industry": _industry_choices(sections, divisions),
            "building": _building_choices(rows),
            "certification": list(certifications.values()),
            "market": list(markets.values()),
        },
    }


def _industry_choices(sections, divisions):
    """Return grouped choices: each section ("C") followed by its divisions ("26")."""
    groups = {}
    for code, name in sections.items():
        label = f"{code} {name}"  # str(IndustrySection)
        groups[code] = (label, [(code, str(_("%(name)s 전체") % {"name": label}))])
    for code, (section, name) in divisions.items():
        groups[section][1].append((code, f"{code} {name}"))  # str(IndustryDivision)
    return list(groups.values())


def _building_choices(rows):
    """Return the buildings by complex, in the complexes' order: [(complex, label, options)]."""
    groups = []
    for value, label in Complex.choices:
        options = [(pk, name) for pk, name, complex_ in rows if complex_ == value]
        if options:
            groups.append((value, str(label), options))
    return groups


def industry_name(directory, code):
    """Return the name of the industry division `code`."""
    if code in directory["divisions"]:
        return directory["divisions"][code][1]
    division = IndustryDivision.objects.get(code=code)
    return pick(division.name, division.name_en)


def building_name(directory, pk):
    if pk in directory["buildings"]:
        return directory["buildings"][pk]
    building = Building.objects.get(pk=pk)
    return pick(building.name, building.name_en)


def building_complex(directory, pk):
    """Return the complex of the building `pk` (None for a building that does not exist)."""
    if pk in directory["building_complexes"]:
        return directory["building_complexes"][pk]
    return Building.objects.filter(pk=pk).values_list("complex", flat=True).first()


def certification_names(directory, pks):
    """Return the names of these certifications, in the model's order."""
    pks, known = set(pks), directory["certifications"]
    if not pks:
        return []
    if not pks <= known.keys():
        return [pick(cert.name, cert.name_en) for cert in Certification.objects.filter(pk__in=pks)]
    return [name for pk, (_slug, name) in known.items() if pk in pks]


# Model.from_db() takes the loaded fields in the model's field order; the others stay deferred
# (read from the database only if someone asks for them).


def industry(directory, code):
    """Return the industry division `code` with its section, as a model instance."""
    if code not in directory["divisions"]:
        division = IndustryDivision.objects.select_related("section").get(code=code)
        for row in (division, division.section):
            row.name = pick(row.name, row.name_en)
        return division
    section, name = directory["divisions"][code]
    division = IndustryDivision.from_db(None, ["code", "section_id", "name"], [code, section, name])
    division.section = IndustrySection.from_db(
        None, ["code", "name"], [section, directory["sections"][section]]
    )
    return division


def building(directory, pk):
    """Return the building `pk` with its name (other fields load when read)."""
    return Building.from_db(None, ["id", "name"], [pk, building_name(directory, pk)])


def certifications(directory, pks):
    """Return these certifications as model instances, in the model's order."""
    pks, known = set(pks), directory["certifications"]
    if not pks <= known.keys():
        found = list(Certification.objects.filter(pk__in=pks))
        for cert in found:
            cert.name = pick(cert.name, cert.name_en)
        return found
    return [
        Certification.from_db(None, ["id", "name", "slug"], [pk, name, slug])
        for pk, (slug, name) in known.items()
        if pk in pks
    ]


def markets(directory, pks):
    """Return these export markets as model instances, named in the page's language
    (market_name), in the order of those names."""
    pks, known = set(pks), directory["markets"]
    if not pks <= known.keys():
        rows = [(m.pk, m.code, m.name) for m in ExportMarket.objects.filter(pk__in=pks)]
    else:
        rows = [(pk, code, name) for pk, (code, name) in known.items() if pk in pks]
    language = get_language() or settings.LANGUAGE_CODE
    found = [
        ExportMarket.from_db(
            None, ["id", "code", "name"], [pk, code, market_name(code, name, language)]
        )
        for pk, code, name in rows
    ]
    if language != settings.LANGUAGE_CODE:
        found.sort(key=lambda market: market.name)  # in the order of the names shown
    return found


@cache
def _territories(language):
    return Locale.parse(language).territories


def market_name(code, name, language):
    """Return an export market's name in the language: the stored Korean name, or for another
    language the country's (or region's, EU) name from Babel's CLDR locale data, by its code."""
    if language == settings.LANGUAGE_CODE:
        return name
    return _territories(language).get(code, name)


# The market filter's choices in each other language, made once per list of choices.
_market_choices = {}


def market_choices(directory, language):
    """Return the export market filter's choices [(code, name)] in the language, by name."""
    source = directory["choices"]["market"]
    if language == settings.LANGUAGE_CODE:
        return source
    entry = _market_choices.get(language)
    if entry is None or entry[0] is not source:
        named = [(code, market_name(code, name, language)) for code, name in source]
        entry = _market_choices[language] = (source, sorted(named, key=lambda c: c[1]))
    return entry[1]
