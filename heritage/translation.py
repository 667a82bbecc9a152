"""The museum's texts kept in Korean and English (django-modeltranslation).

Each registered field gets `<field>_ko` and `<field>_en` columns in its own table (README,
"English content"): pages read both and show the English, or the Korean original marked
(gvalley/translated.py). Only what the public pages show is registered; group-visit requests
and staff notes stay Korean.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Gallery, Photo, SpecialDay, Story, StoryPhoto, TimelineEntry, VisitInfo


class Options(TranslationOptions):
    # An English text left blank is stored as "" (never NULL), as the Korean ones are.
    empty_values = ""


@register(VisitInfo)
class VisitInfoTranslationOptions(Options):
    fields = ("name", "address", "directions", "admission", "contact", "notes")


@register(SpecialDay)
class SpecialDayTranslationOptions(Options):
    fields = ("reason",)


@register(TimelineEntry)
class TimelineEntryTranslationOptions(Options):
    fields = ("period_label", "title", "text")


@register(Gallery)
class GalleryTranslationOptions(Options):
    fields = ("title", "description")


@register(Photo)
class PhotoTranslationOptions(Options):
    fields = ("alt_text", "caption", "credit", "period")


@register(StoryPhoto)
class StoryPhotoTranslationOptions(Options):
    fields = ("alt_text", "caption", "credit")


@register(Story)
class StoryTranslationOptions(Options):
    fields = ("title", "period", "summary", "body", "sources")
