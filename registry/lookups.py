"""`in_array`: IN over a subquery or a list, written so that PostgreSQL reads the rows through an index.

Registered on the fields that scopes filter on: the BLK-K's primary key and regency (in
`models/blkk.py`), and other apps' foreign keys to a BLK-K where they need it
(`roadmap.PendingReview.blkk`).
"""

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.sql.query import Query


class InArray(models.Lookup):
    """`field__in_array=<subquery or list>`: IN, written on PostgreSQL as `= ANY(ARRAY(subquery))` or `= ANY(%s)`.

    PostgreSQL runs the ARRAY(...) once, before the scan, and then reads the rows through
    an index on the field, whereas for `IN (subquery)` it guesses the subquery's size from
    its filter and, when that guess is large, scans the whole table. Two of them joined by
    OR become one BitmapOr of the two indexes.

    A list of values (a mentor's few hundred BLK-K ids, read once per page) is passed as
    one array parameter: Django's IN would build one placeholder per value, each prepared
    by the ORM and quoted by the driver, in each of the page's dozen queries. As with IN,
    None matches nothing and is left out, and a model instance stands for its primary key.
    """

    lookup_name = "in_array"

    def get_prep_lookup(self):
        # Like Django's IN: the order of a set of ids is meaningless, and PostgreSQL would
        # otherwise sort the subquery by its model's default ordering (a BLK-K's name).
        if isinstance(self.rhs, Query):
            self.rhs.clear_ordering(clear_default=True)
        if isinstance(self.rhs, (list, tuple, set, frozenset)):
            field = self.lhs.output_field
            values = (value.pk if isinstance(value, models.Model) else value for value in self.rhs)
            return [field.get_prep_value(value) for value in values if value is not None]
        return super().get_prep_lookup()

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if isinstance(self.rhs, list):
            if not self.rhs:
                raise EmptyResultSet  # as Django's IN of an empty list: no row can match
            if connection.vendor == "postgresql":
                return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)
            return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*lhs_params, *self.rhs)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)
