"""The council's public texts kept in Korean and English (django-modeltranslation).

Only what the public pages show: the member organisations' names, the offices that sit for them,
meeting places, agenda items (title, summary, background, decision), published minutes, public grievances'
titles and the documents' titles. Each field gets `<field>_ko` and `<field>_en` columns in its own
table (README, "English content"); pages show the English or the Korean original marked.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Document, Grievance, Meeting, Membership, Minutes, Organisation


class Options(TranslationOptions):
    # An English text left blank is stored as "" (never NULL), as the Korean ones are.
    empty_values = ""


@register(Organisation)
class OrganisationTranslationOptions(Options):
    fields = ("name", "short_name", "description")
    # Names are unique: a missing English name is NULL, which a unique column allows many times.
    empty_values = {"name": None, "short_name": "", "description": ""}


@register(Membership)
class MembershipTranslationOptions(Options):
    fields = ("office_title",)


@register(Meeting)
class MeetingTranslationOptions(Options):
    fields = ("place",)


@register(AgendaItem)
class AgendaItemTranslationOptions(Options):
    fields = ("title", "summary", "background", "decision")


@register(Minutes)
class MinutesTranslationOptions(Options):
    fields = ("body",)


@register(Grievance)
class GrievanceTranslationOptions(Options):
    fields = ("title",)


@register(Document)
class DocumentTranslationOptions(Options):
    fields = ("title",)
