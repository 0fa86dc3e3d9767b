"""Feed pages from SQL compiled once per shape of question, run with new values.

Building and compiling a feed's QuerySets — the rules' twins and their subqueries —
costs several times what the database takes to run them. Yet the SQL they compile to
changes only with the shape of the question: the feed, the reader's permissions and
flags (which decide which twin applies), the settings the twins read, the page size,
and the kind of the item a page starts after. The reader and the cursor are only
parameters.

So each shape is built once per process with stand-ins for the reader and the cursor,
and the SQL Django would run for it is kept (`Query.sql_with_params()`). A second
build with other stand-ins must compile to the same text; the parameters that differ
between the two are the reader's and the cursor's, and every request runs the
captured SQL with its own. The twins still decide every row, on every request: nothing
read from the database is kept, only the text of the question.
blog/tests/test_prepared_feeds.py proves prepared pages equal the QuerySets' own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import DateTimeField, F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.dispatch import receiver

from authentication.models import KEPT, User

# Values no reader or cursor has: two sets, so that each parameter that is one of
# them is known, and any that both builds share is the question's own.
STAND_INS = (
    {"user": -7001, "date": datetime(1901, 1, 1, 1, 1, 1, 7001, UTC), "pk": -7002},
    {"user": -8001, "date": datetime(1902, 2, 2, 2, 2, 2, 8001, UTC), "pk": -8002},
)
# The reader's fields that may decide which twin applies: part of each shape.
FLAGS = ("is_active", "is_superuser", "is_staff", "role", "is_private")
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
MAX_STATEMENTS = 512  # shapes kept per process; a site has a few dozen

Build = Callable[[User], dict[str, QuerySet | list[QuerySet]]]
Order = Callable[[QuerySet, str, object], QuerySet]
Facts = dict[str, dict[str, "Fact"]]


@dataclass(frozen=True)
class Fact:
    """What a page reads of each of its items of a kind: `rows(reader, key)` is a
    QuerySet of the rows that tell it; the fact is whether there is one (`exists`),
    else the one value of the first."""

    rows: Callable[[User, RawSQL], QuerySet]
    exists: bool = True


class NotPreparable(RuntimeError):
    """A feed's SQL depends on more than the reader's key and the cursor."""


@dataclass(frozen=True)
class Statement:
    """A feed page's item keys, as SQL with the slots each request fills."""

    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (position, "user" | "date" | "pk")
    kinds: tuple[str, ...]  # those of the feed's sources
    columns: tuple[tuple[str, bool], ...]  # each fact read after the date, and
    # whether it tells a row exists

    def keys(self, values: dict) -> dict[str, RawSQL | dict[int, dict]]:
        """For each kind, its items on the page: as a subquery of their keys when the
        feed has one kind and no facts (one query in all), else read here (one for
        all kinds), each key with its facts."""
        params = list(self.params)
        for position, name in self.slots:
            params[position] = values[name]
        if len(self.kinds) == 1 and not self.columns:
            return {
                self.kinds[0]: RawSQL(f"SELECT item FROM ({self.sql}) keys", params)
            }
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        return {
            kind: {
                item: self._facts(known)
                for found, item, _, *known in rows
                if found == kind
            }
            for kind in self.kinds
        }

    def _facts(self, known: list) -> dict:
        """The facts of an item, by name; those telling a row exists as booleans
        (NULL when the twin says none())."""
        return {
            name: bool(value) if exists else value
            for (name, exists), value in zip(self.columns, known, strict=True)
        }


_statements: dict[tuple, Statement] = {}


@receiver(setting_changed)
def forget_statements(**kwargs) -> None:
    """Tests change the settings the twins read: compile again after."""
    _statements.clear()


def page_ids(
    build: Build,
    user: User,
    cursor,
    limit: int,
    order: Order,
    facts: Facts | None = None,
) -> dict[str, RawSQL | dict[int, dict]]:
    """For each kind of the feed `build` makes for `user`, its items among the
    feed's first `limit` after `cursor` (`order(queryset, kind, cursor)` orders one
    source), with the `facts` of each kind's items."""
    facts = facts or {}
    held = frozenset(user.get_all_permissions())
    key = (
        build.__module__,
        build.__qualname__,
        connection.vendor,
        held,
        *(getattr(user, flag) for flag in FLAGS),
        settings.FOTOBLOG_PUBLIC_POSTING,
        limit,
        cursor.kind if cursor else None,
        order,
        tuple((kind, tuple(found.items())) for kind, found in facts.items()),
    )
    statement = _statements.get(key)
    if statement is None:
        statement = _prepare(build, user, held, cursor, limit, order, facts)
        if len(_statements) >= MAX_STATEMENTS:
            _statements.clear()
        _statements[key] = statement
    values = {"user": user.pk}
    if cursor is not None:
        values.update(_db_values(cursor.date, cursor.pk))
    return statement.keys(values)


def _prepare(build, user, held, cursor, limit, order, facts) -> Statement:
    """Compile the shape twice, with each set of stand-ins; find the slots."""
    (sql, params, kinds, columns), (other_sql, other_params, *_) = (
        _compiled(
            build,
            _stand_in(user, held, values["user"]),
            cursor,
            values,
            limit,
            order,
            facts,
        )
        for values in STAND_INS
    )
    if sql != other_sql or len(params) != len(other_params):
        raise NotPreparable(f"{build.__qualname__}: the SQL depends on the reader")
    first, second = (_slot_values(values) for values in STAND_INS)
    slots = []
    for position, (mine, theirs) in enumerate(zip(params, other_params, strict=True)):
        if mine == theirs:
            continue
        names = [name for name, value in first.items() if value == mine]
        if len(names) != 1 or second[names[0]] != theirs:
            raise NotPreparable(f"{build.__qualname__}: parameter {position} varies")
        slots.append((position, names[0]))
    return Statement(sql, tuple(params), tuple(slots), kinds, columns)


def _compiled(
    build, stand_in, cursor, values, limit, order, facts
) -> tuple[str, list, tuple, tuple]:
    """The page of the feed's sources for `stand_in` as one statement — each source
    ordered and cut, a named subquery that later ones can read — then the facts of
    the page's items; its kinds and the facts' names."""
    if cursor is not None:
        cursor = type(cursor)(values["date"], cursor.kind, values["pk"])
    named, selects, params = [], [], []
    sources = build(stand_in)
    for kind, querysets in sources.items():
        for queryset in querysets if isinstance(querysets, list) else [querysets]:
            ordered = order(queryset, kind, cursor).annotate(item=F("pk"))
            if named:  # what is older than the page's last item so far cannot make it
                ordered = ordered.filter(feed_date__gte=_floor(len(named), limit))
            captured = _captured(ordered.values_list("item", "feed_date")[:limit])
            if captured is None:
                continue  # this reader can see none of it: the twin says none()
            sql, source_params = captured
            name = f"source{len(named)}"
            named.append(f"{name} AS ({sql})")
            selects.append(f"SELECT '{kind}' AS kind, item, feed_date FROM {name}")
            params += list(source_params)
    if not selects:  # nothing at all: a query that finds nothing, of the same shape
        selects.append(
            "SELECT 'blog' AS kind, 0 AS item, NULL AS feed_date WHERE 1 = 0"
        )
    # The page: the first `limit` items of all sources in the feeds' order; then,
    # for those items only, their facts.
    page = (
        f"SELECT * FROM ({' UNION ALL '.join(selects)}) feed "
        f"ORDER BY feed_date DESC, kind DESC, item DESC LIMIT {int(limit)}"
    )
    columns, found = ["page.kind", "page.item", "page.feed_date"], []
    for kind in sources:
        for name, fact in facts.get(kind, {}).items():
            captured = _captured(fact.rows(stand_in, RawSQL("page.item", ()))[:1])
            if captured is None:  # the twin says none(): no row for any item
                value = "NULL"
            else:
                sql, fact_params = captured
                value = f"EXISTS({sql})" if fact.exists else f"({sql})"
                params += list(fact_params)
            columns.append(f"CASE WHEN page.kind = '{kind}' THEN {value} END AS {name}")
            found.append((name, fact.exists))
    sql = f"{_with(named)}SELECT {', '.join(columns)} FROM ({page}) page"
    return sql, params, tuple(sources), tuple(found)


def _with(named: list[str]) -> str:
    return f"WITH {', '.join(named)} " if named else ""


def _floor(sources: int, limit: int) -> Coalesce:
    """The date of the `limit`-th newest item of the first `sources` sources, or the
    earliest date while they hold fewer."""
    found = " UNION ALL ".join(
        f"SELECT feed_date FROM source{number}" for number in range(sources)
    )
    sql = (
        f"SELECT feed_date FROM ({found}) found "
        f"ORDER BY feed_date DESC LIMIT 1 OFFSET {int(limit) - 1}"
    )
    date = DateTimeField()
    return Coalesce(RawSQL(sql, (), output_field=date), Value(EARLIEST, date))


def _captured(queryset: QuerySet) -> tuple[str, tuple] | None:
    """The SQL and parameters Django runs for `queryset`, compiled without running
    it; None if it runs none (a twin said `none()`)."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


def _stand_in(user: User, held: frozenset, pk: int) -> User:
    """A reader with `user`'s flags and permissions under another key, never saved."""
    # Everything else differs from one stand-in to the other, so that a build
    # reading it compiles to other parameters and is refused.
    name = f"stand-in{pk}"
    stand_in = User(
        pk=pk,
        username=name,
        first_name=name,
        last_name=name,
        email=f"{name}@example.invalid",
        date_joined=datetime(1900, 1, 1, tzinfo=UTC) + timedelta(seconds=-pk),
        **{flag: getattr(user, flag) for flag in FLAGS},
    )
    setattr(stand_in, KEPT, set(held))
    return stand_in


def _slot_values(values: dict) -> dict:
    """The parameters each stand-in becomes in the SQL."""
    return {"user": values["user"], **_db_values(values["date"], values["pk"])}


def _db_values(date: datetime, pk: int) -> dict:
    """A cursor's date and key as the database receives them."""
    field = User._meta.get_field("date_joined")  # any DateTimeField adapts alike
    return {"date": field.get_db_prep_value(date, connection), "pk": pk}
