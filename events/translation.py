"""The event texts kept in Korean and English (django-modeltranslation), as companies' are.

Each registered field gets `<field>_ko` and `<field>_en` columns in its own table: the lists read
both as plain columns (`Event.objects.for_listing()`, `.rewrite(False)`) and no query gains a join.
Registered are the texts the public pages show: an event's title, summary, description, how to
take part, organiser and venue note; a G밸리 Week's theme, description and co-hosts; a venue's
name, address, description, transit and accessibility notes; the 기업시민청's spaces and their
closure reasons; an open call's title and description and its criteria. A space photo's English
caption stays the `caption_en` field it always was.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, Criterion, Edition, Event, Space, SpaceClosure, Venue


class Texts(TranslationOptions):
    # An English text left blank is stored as "" (never NULL), as the Korean ones are.
    empty_values = ""


@register(Edition)
class EditionTranslationOptions(Texts):
    fields = ("theme", "description", "cohosts")


@register(Venue)
class VenueTranslationOptions(Texts):
    fields = ("name", "address", "description", "transit", "accessibility")


@register(Event)
class EventTranslationOptions(Texts):
    fields = ("title", "summary", "description", "how_to_take_part", "organiser", "venue_note")


@register(Space)
class SpaceTranslationOptions(Texts):
    fields = (
        "name",
        "floor",
        "summary",
        "description",
        "equipment",
        "accessibility",
        "fee",
        "rules",
    )


@register(SpaceClosure)
class SpaceClosureTranslationOptions(Texts):
    fields = ("reason",)


@register(Call)
class CallTranslationOptions(Texts):
    fields = ("title", "description")


@register(Criterion)
class CriterionTranslationOptions(Texts):
    fields = ("name",)
