"""Authentication backends: Django's and allauth's, loading a signed-in user with their roles.

Every signed-in request loads its user; pages that ask what the user may see (the council's,
the site search, a space's week) then asked for the user's groups and managed companies in two
more round trips. Here the user row comes with both, as arrays, in the one query Django makes
anyway; gvalley.roles.role_names and council.models.managed_company_ids read what was loaded.

The statement is written once per process from the models' own tables and columns: the ORM
took about 0.3 ms of Python to compile a user query each request (0.9 ms with the two
subqueries), which is more than the round trips this saves.
"""

from functools import cache

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group
from django.db import connections, router


@cache
def _statement(alias):
    """Return (SQL, [(attname, converters)]) of the user row with its two arrays, for `alias`."""
    from companies.models import CompanyMembership

    connection = connections[alias]
    q = connection.ops.quote_name
    user_model = get_user_model()
    user, user_groups = user_model._meta, user_model.groups.through._meta
    groups, memberships = Group._meta, CompanyMembership._meta
    user_pk = f"u.{q(user.pk.column)}"
    fields = []
    for field in user.concrete_fields:
        column = field.cached_col
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        fields.append((field.attname, column, converters))
    columns = ", ".join(f"u.{q(field.column)}" for field in user.concrete_fields)
    sql = (
        f"SELECT {columns}, "
        f"ARRAY(SELECT g.{q(groups.get_field('name').column)} FROM {q(groups.db_table)} g "
        f"JOIN {q(user_groups.db_table)} ug "
        f"ON ug.{q(user_groups.get_field('group').column)} = g.{q(groups.pk.column)} "
        f"WHERE ug.{q(user_groups.get_field('user').column)} = {user_pk}), "
        f"ARRAY(SELECT m.{q(memberships.get_field('company').column)} "
        f"FROM {q(memberships.db_table)} m "
        f"WHERE m.{q(memberships.get_field('user').column)} = {user_pk} ORDER BY 1) "
        f"FROM {q(user.db_table)} u WHERE {user_pk} = %s"
    )
    return sql, fields


def user_with_roles(user_id):
    """Return the user with this pk, their group names and managed companies loaded; or None."""
    user_model = get_user_model()
    alias = router.db_for_read(user_model)
    sql, fields = _statement(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_model._meta.pk.to_python(user_id)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for (_name, column, converters), value in zip(fields, row, strict=False):
        for converter in converters:
            value = converter(value, column, connection)
        values.append(value)
    user = user_model.from_db(alias, [name for name, _c, _v in fields], values)
    user._role_names = set(row[-2])
    user._managed_company_ids = list(row[-1])  # one membership per company (a constraint)
    return user


class RolesLoadedMixin:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RolesLoadedMixin, backends.ModelBackend):
    """Django's backend (the admin's sign-in by e-mail and password)."""


class AuthenticationBackend(RolesLoadedMixin, auth_backends.AuthenticationBackend):
    """allauth's backend (the portal's sign-in)."""
