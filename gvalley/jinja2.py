"""The Jinja2 environment of the portal's pages (settings.TEMPLATES, the "jinja2" engine).

Pages are `templates/<app>/<name>.jinja`; a template only meant to be included or imported
starts with an underscore (`templates/events/_cards.jinja`). The Jinja2 engine sees only
`.jinja` files, so the Django template engine keeps the admin, allauth's own pages and the
plain-text mails (`.html`, `.txt`) without the two ever reading each other's files.

Views prepare the data once per list (URL patterns reversed once, labels translated once,
dates formatted by one formatter: see gvalley/rendering.py); templates only print it, with
autoescaping on. Django's translations are installed as newstyle gettext, so a placeholder in
`_("…%(name)s…", name=value)` is escaped like any other value.
"""

import functools

import jinja2
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from markupsafe import Markup

from . import pagination, structured, translated
from .richtext import clean_html
from .siteurl import absolute_url
from .templatetags import portal

__all__ = ["environment"]


class JinjaFileLoader(jinja2.FileSystemLoader):
    """Load only `.jinja` files: the `.html` and `.txt` templates belong to the Django engine."""

    def get_source(self, environment, template):
        if not template.endswith(".jinja"):
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def url(viewname, *args, **kwargs):
    """{{ url("events:detail", slug=event.slug) }}, Django's reverse()."""
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


@functools.cache
def static_url(path):
    """{{ static("css/site.css") }}: Django's static(), remembered per process.

    A file's address (with its content hash, from the manifest collectstatic wrote) cannot
    change while the process runs; asking the storage costs about 20 µs, six times a page.
    """
    return static(path)


@receiver(setting_changed)
def _forget_static_urls(setting, **kwargs):
    if setting in ("STATIC_URL", "STORAGES", "STATIC_ROOT"):
        static_url.cache_clear()


# The portal's own words as each language says them, kept for the process: {language: {word: markup}}.
_words = {}


def gettext(message, **variables):
    """{{ _("…") }}: jinja2.ext.i18n's newstyle gettext over Django's, remembering each translation.

    The same result as the extension's: the translation is markup, values given to it are
    escaped, and `%` formatting is always applied (`%%` prints `%`). A word without values is
    looked up and formatted once per process and language instead of on every use: a page says
    about ninety of them, and the extension's call costs about 3× this one.
    """
    if variables:
        return Markup(translation.gettext(message)) % variables
    language = translation.get_language()
    words = _words.get(language)
    if words is None:
        words = _words[language] = {}
    word = words.get(message)
    if word is None:
        word = words[message] = Markup(translation.gettext(message)) % {}
    return word


@receiver(setting_changed)
def _forget_words(setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _words.clear()


@jinja2.pass_context
def url_replace(context, **changes):
    """The current query string with some parameters replaced (sorting, filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@jinja2.pass_context
def page_links(context, page_obj):
    """The links of a list's pages, for the `pagination` macro (gvalley/pagination.py)."""
    return pagination.page_links(page_obj, context["request"].GET)


# Parts of the shell that depend only on the language and a few named values: rendered once per
# process and language. {(template name, language, values): markup}.
_constant_markup = {}
CONSTANT_MARKUP_LIMIT = 200


def constant(environment):
    def render_constant(template_name, **values):
        """Render a template that sees nothing but `values` (no request, no user), once.

        For the footer and the header's brand and menu: their words come from the catalogues
        and their links from the URL patterns, both fixed while the process runs. Nothing of
        a visitor or of the content may be passed in.
        """
        key = (template_name, translation.get_language(), tuple(sorted(values.items())))
        markup = _constant_markup.get(key)
        if markup is None:
            markup = mark_safe(environment.get_template(template_name).render(values))
            if len(_constant_markup) < CONSTANT_MARKUP_LIMIT:
                _constant_markup[key] = markup
        return markup

    return render_constant


@jinja2.pass_environment
def in_language(environment, text):
    """{{ card.title|in_language }}: a content text inside a line, as in_language(text) shows it.

    The text itself (escaped on output) when it is in the page's language; where it is the Korean
    original standing in for a missing translation, the in_language macro of
    templates/includes/_macros.jinja (lang="ko" and the "Korean original" note). The same words
    as the macro's call, without its cost on every text of a list: a Jinja2 macro call costs
    about 8 µs, this filter a fraction of one, and the macro runs only for the Korean original.
    """
    if getattr(text, "fallback", False):
        return environment.get_template(MACROS).module.in_language(text)
    return text if text is not None else ""


@jinja2.pass_environment
def written_name(environment, text):
    """{{ company.name|written_name }}: a name kept as it was written (a person's, a company's, a
    nickname), printed as it is, or, on another language's page where it is in Hangul (`as_written`),
    through the in_language macro (lang="ko") without the "Korean original" note: a name has no
    translation to miss."""
    name = translated.as_written(text)
    if name.fallback:
        return environment.get_template(MACROS).module.in_language(name, note=False)
    return name


MACROS = "includes/_macros.jinja"


def richtext(value):
    """Formatted text from staff and managers, sanitised again when shown (gvalley/richtext.py)."""
    return mark_safe(clean_html(value))


def environment(**options):
    options["loader"] = JinjaFileLoader(options["loader"].searchpath)
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = jinja2.Environment(**options)
    env.install_gettext_callables(
        translation.gettext,
        translation.ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    env.globals.update(
        # `{{ _("…") }}` and `{% trans %}` without plural or context (see gettext above).
        _=gettext,
        gettext=gettext,
        url=url,
        static=static_url,
        url_replace=url_replace,
        page_links=page_links,
        constant=constant(env),
        get_language=translation.get_language,
        # Sharing tags and JSON-LD (gvalley/structured.py, templates/includes/_share_meta.jinja).
        absolute_url=absolute_url,
        image_info=structured.image_info,
        default_share_image=structured.default_image,
        og_locales=structured.og_locales,
        page_url=structured.page_url,
        breadcrumb_list=structured.breadcrumb_list,
    )
    env.filters.update(
        kdate=portal.kdate,
        ktime=portal.ktime,
        kdatetime=portal.kdatetime,
        kmonth=portal.kmonth,
        datetime_value=portal.datetime_value,
        yes_no=portal.yes_no,
        richtext=richtext,
        linebreaks=linebreaks_filter,  # paragraphs of plain text, escaped (Django's |linebreaks)
        linebreaksbr=linebreaksbr,  # text with its line breaks kept, escaped
        # A content field in the page's language or the Korean original (gvalley/translated.py).
        translated=translated.translated,
        as_written=translated.as_written,
        in_language=in_language,
        written_name=written_name,
    )
    return env
