"""The portal's admin site: Django's, with its changelists and choice fields made robust and valid.

Installed as the default admin site (`PortalAdminConfig` in INSTALLED_APPS), so `admin.site` and
`@admin.register` in every app, and in third-party apps (django-axes), use it unchanged: each
registered ModelAdmin, and each of its inlines, gets `PortalAdminMixin` in front of its own class.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models.fields import BLANK_CHOICE_DASH
from django.urls import reverse_lazy

EMPTY_LABEL = BLANK_CHOICE_DASH[0][1]


class PortalChangeList(ChangeList):
    """A changelist whose out-of-range date filter is a wrong lookup, not a server error.

    Django 5.2 builds the date-hierarchy bounds from `?<field>__year=` with `datetime()` and
    catches only part of what that raises: a year of 9999 (whose next year does not exist) or
    one beyond a C long (`OverflowError`) is a 500. Django fixed this after 5.2 (ticket #37357)
    the same way: the admin answers as for any wrong lookup, with a redirect to `?e=1`.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class PortalAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete choice whose empty choice is a labelled first option.

    Django writes the empty choice as `<option value=""></option>` (HTML wants an option's label)
    and leaves it out of a required field, whose <select required> HTML wants to begin with an
    empty choice. Select2 treats the empty-valued option as its placeholder either way.
    """

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if options and options[0]["value"] == "":
            options[0]["label"] = EMPTY_LABEL
        else:
            options.insert(0, self.create_option(name, "", EMPTY_LABEL, False, 0))
        return groups


class PortalAdminMixin:
    """What the portal changes in every ModelAdmin and inline (see the classes above)."""

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        return PortalChangeList if changelist is ChangeList else changelist

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PortalAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def with_portal_mixin(admin_class, **attrs):
    """Return a subclass of a ModelAdmin or inline class with PortalAdminMixin in front."""
    if issubclass(admin_class, PortalAdminMixin):
        return admin_class
    attrs = {
        "__module__": admin_class.__module__,
        "__qualname__": admin_class.__qualname__,
        **attrs,
    }
    return type(admin_class.__name__, (PortalAdminMixin, admin_class), attrs)


class PortalAdminSite(admin.AdminSite):
    """Django's admin site; each registered ModelAdmin and its inlines get PortalAdminMixin."""

    # "View site" leads to the home page in the admin's language ("/" or "/en/").
    site_url = reverse_lazy("home")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        inlines = [with_portal_mixin(inline) for inline in admin_class.inlines]
        admin_class = with_portal_mixin(admin_class, inlines=inlines)
        super().register(model_or_iterable, admin_class, **options)


class PortalAdminConfig(AdminConfig):
    default_site = "gvalley.adminsite.PortalAdminSite"
