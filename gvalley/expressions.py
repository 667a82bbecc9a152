"""Query expressions shared by the apps.

`compiled_once` keeps the SQL of a correlated subquery that is the same for every row and every
request (an event's calls, say): Django builds and compiles such a subquery anew on each request,
about a millisecond for an `ARRAY(SELECT JSON_OBJECT(…))`, while its SQL text never changes. The
first use compiles it through the ORM as usual (the queryset methods stay the one place the rules
live); later uses reuse the text as `RawSQL`.
"""

from functools import cache, wraps

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.expressions import RawSQL


def compiled_once(model):
    """Decorate a function returning an expression for queries on `model`: compile it once.

    The expression may refer to the outer row with `OuterRef`: it is resolved against a plain
    query on `model`, whose table keeps its own name as alias, so the text fits any query whose
    base table is `model`'s (not one where the model is joined under another alias). It must not
    depend on the moment, the visitor or the language: its parameters are fixed at the first
    compile.
    """

    def decorator(make_expression):
        @cache
        def compiled():
            query = model._base_manager.all().query
            expression = make_expression().resolve_expression(query, allow_joins=True)
            compiler = query.get_compiler(DEFAULT_DB_ALIAS)
            sql, params = expression.as_sql(compiler, connections[DEFAULT_DB_ALIAS])
            return sql, tuple(params), expression.output_field

        @wraps(make_expression)
        def expression():
            sql, params, output_field = compiled()
            return RawSQL(sql, params, output_field=output_field)

        expression.uncompiled = make_expression
        return expression

    return decorator
