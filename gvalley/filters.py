"""What the apps' filter sets (django-filter) share."""

import django_filters


class FilterSet(django_filters.FilterSet):
    """A FilterSet that builds its form class once, not on every request.

    django-filter builds a new Form class from its filters for each request. Nothing in the
    portal's filters depends on the request (labels and choices are resolved when the form
    renders, in the visitor's language), and every form deep-copies its fields anyway.
    """

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class
