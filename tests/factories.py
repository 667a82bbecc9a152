"""Factories shared by every app's tests. Apps add their own factories below their section."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from gvalley import roles

PASSWORD = "correct-horse-battery-staple"


def _add_roles(user, create, names):
    if create and names:
        user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in names])


def _default_roles(*names):
    """A post-generation hook giving these roles unless the caller passes roles=[…]."""
    return factory.PostGeneration(
        lambda user, create, extracted, **kwargs: _add_roles(
            user, create, names if extracted is None else extracted
        )
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"사용자{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _add_roles(self, create, extracted)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
            self.save()


class StaffFactory(UserFactory):
    is_staff = True
    roles = _default_roles(roles.DISTRICT_STAFF)


class CouncilMemberFactory(UserFactory):
    roles = _default_roles(roles.COUNCIL_MEMBER)


class CompanyManagerFactory(UserFactory):
    """A user holding the company-manager role; link them to a company in the companies tests."""

    roles = _default_roles(roles.COMPANY_MANAGER)


class JudgeFactory(UserFactory):
    """A user holding the judge role; staff assign them to calls (Call.judges)."""

    roles = _default_roles(roles.JUDGE)
