"""The rules' twins as SQL compiled once per shape of question, run with new values.

Building and compiling a page's QuerySets — the rules' twins and their subqueries —
costs several times what the database takes to run them. Yet the SQL they compile to
changes only with the shape of the question: the page, the reader's permissions and
flags (which decide which twin applies), the settings the twins read, the page size,
and the kind of the item a page starts after. The reader, the cursor and the object
asked about are only parameters.

So each shape is built once per process with stand-ins for the reader, the cursor and
the object, and the SQL Django would run for it is kept (`Query.sql_with_params()`).
A second build with other stand-ins must compile to the same text; the parameters
that differ between the two are the stand-ins', and every request runs the kept SQL
with its own values. The twins still decide every row, on every request: nothing read
from the database is kept, only the text of the question.

Three questions are asked this way: a feed's page (`page_ids`), facts about one
object (`object_facts`), and whether a twin lets a reader see the row another query
names (`exists`).
blog/tests/test_prepared_feeds.py proves prepared pages equal the QuerySets' own, and
blog/tests/test_post_facts.py the facts equal the rules' answers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import BooleanField, DateTimeField, F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.dispatch import receiver

from authentication.models import KEPT, User

# Values no reader, cursor or object has: two sets, so that each parameter that is
# one of them is known, and any that both builds share is the question's own.
STAND_INS = (
    {"user": -7001, "date": datetime(1901, 1, 1, 1, 1, 1, 7001, UTC), "pk": -7002},
    {"user": -8001, "date": datetime(1902, 2, 2, 2, 2, 2, 8001, UTC), "pk": -8002},
)
# The reader's fields that may decide which twin applies: part of each shape.
FLAGS = ("is_active", "is_superuser", "is_staff", "role", "is_private")
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
KEYS = range(-(2**63), 2**63)  # what a key column holds, on either database
MAX_STATEMENTS = 512  # shapes kept per process; a site has a few dozen

Build = Callable[[User], dict[str, QuerySet | list[QuerySet]]]
Order = Callable[[QuerySet, str, object], QuerySet]
Facts = dict[str, dict[str, "Fact"]]
# A shape's compiler: (stand-in reader, stand-in values) -> (SQL, parameters, the
# kinds of a feed's sources, the facts read with each row: (name, exists)).
Compile = Callable[[User, dict], tuple[str, list, tuple, tuple]]


@dataclass(frozen=True)
class Fact:
    """What a page reads of an item for its reader: `rows(reader, key)` is a
    QuerySet of the rows that tell it; the fact is whether there is one (`exists`),
    else the one value of the first."""

    rows: Callable[[User, RawSQL], QuerySet]
    exists: bool = True


class NotPreparable(RuntimeError):
    """A question's SQL depends on more than its reader's key and its values."""


@dataclass(frozen=True)
class Statement:
    """A question's SQL, with the slots each request fills."""

    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (position, "user" | "date" | "pk")
    kinds: tuple[str, ...] = ()  # those of a feed's sources
    columns: tuple[tuple[str, bool], ...] = ()  # the facts read with each row

    def bind(self, values: dict) -> list:
        """The parameters for `values` (a key for each slot)."""
        params = list(self.params)
        for position, name in self.slots:
            params[position] = values[name]
        return params

    def facts(self, known) -> dict:
        """A row's facts, by name; those telling a row exists as booleans (NULL
        when the twin says none())."""
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
    source), with the `facts` of each kind's items: as a subquery of their keys when
    the feed has one kind and no facts (one query in all), else read here (one query
    for all kinds), each key with its facts."""
    facts = facts or {}
    shape = (
        "page",
        _name(build),
        limit,
        cursor.kind if cursor else None,
        order,
        tuple((kind, tuple(found.items())) for kind, found in facts.items()),
    )

    def compile_page(stand_in, values):
        at = type(cursor)(values["date"], cursor.kind, values["pk"]) if cursor else None
        return _feed(build(stand_in), stand_in, at, limit, order, facts)

    statement = _statement(shape, user, compile_page)
    values = {"user": user.pk}
    if cursor is not None:
        values.update(_db_values(cursor.date, cursor.pk))
    params = statement.bind(values)
    if len(statement.kinds) == 1 and not statement.columns:
        sql = f"SELECT item FROM ({statement.sql}) keys"
        return {statement.kinds[0]: RawSQL(sql, params)}
    with connection.cursor() as db:
        db.execute(statement.sql, params)
        rows = db.fetchall()
    return {
        kind: {
            item: statement.facts(known)
            for found, item, _, *known in rows
            if found == kind
        }
        for kind in statement.kinds
    }


def object_facts(facts: dict[str, Fact], user: User, pk: int) -> dict:
    """The `facts` about the object whose key is `pk`, for `user`, in one query."""
    if not KEYS.start <= pk < KEYS.stop:  # no row has it; the database would refuse
        return dict.fromkeys(facts)
    shape = ("object", tuple(facts.items()))

    def compile_facts(stand_in, values):
        key = RawSQL("%s", (values["pk"],))
        columns, params = _fact_columns(facts, stand_in, key)
        names = tuple((name, fact.exists) for name, fact in facts.items())
        return f"SELECT {', '.join(columns)}", params, (), names

    statement = _statement(shape, user, compile_facts)
    with connection.cursor() as db:
        db.execute(statement.sql, statement.bind({"user": user.pk, "pk": pk}))
        return statement.facts(db.fetchone())


def exists(build: Callable[[User], QuerySet], user: User, key: str) -> RawSQL:
    """A condition for another query: `build(user)` (a twin's QuerySet) has the row
    whose key is that query's column `key`."""

    def compile_exists(stand_in, values):
        rows = build(stand_in).filter(pk=RawSQL(key, ()))
        sql, params = _captured(rows.values("pk")[:1]) or ("SELECT 1 WHERE 1 = 0", ())
        return f"EXISTS({sql})", list(params), (), ()

    statement = _statement(("exists", _name(build), key), user, compile_exists)
    params = statement.bind({"user": user.pk})
    return RawSQL(statement.sql, params, output_field=BooleanField())


def _statement(shape: tuple, user: User, compile: Compile) -> Statement:
    """The statement of the question `shape` asks for `user`, from those kept."""
    held = frozenset(user.get_all_permissions())
    key = (
        *shape,
        connection.vendor,
        held,
        *(getattr(user, flag) for flag in FLAGS),
        settings.FOTOBLOG_PUBLIC_POSTING,
    )
    statement = _statements.get(key)
    if statement is None:
        statement = _prepare(shape[0], user, held, compile)
        if len(_statements) >= MAX_STATEMENTS:
            _statements.clear()
        _statements[key] = statement
    return statement


def _prepare(question: str, user: User, held: frozenset, compile) -> Statement:
    """Compile the shape twice, with each set of stand-ins; find the slots."""
    (sql, params, kinds, columns), (other_sql, other_params, *_) = (
        compile(_stand_in(user, held, values["user"]), values) for values in STAND_INS
    )
    if sql != other_sql or len(params) != len(other_params):
        raise NotPreparable(f"{question}: the SQL depends on the reader")
    first, second = (_slot_values(values) for values in STAND_INS)
    slots = []
    for position, (mine, theirs) in enumerate(zip(params, other_params, strict=True)):
        if mine == theirs:
            continue
        names = [name for name, value in first.items() if value == mine]
        if len(names) != 1 or second[names[0]] != theirs:
            raise NotPreparable(f"{question}: parameter {position} varies")
        slots.append((position, names[0]))
    return Statement(sql, tuple(params), tuple(slots), kinds, columns)


def _feed(sources: dict, stand_in, cursor, limit, order, facts):
    """The page of the feed's `sources` for `stand_in` as one statement — each
    source ordered and cut, a named subquery that later ones can read — then the
    facts of the page's items; its kinds and the facts' names."""
    named, selects, params = [], [], []
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
    columns, names = ["page.kind", "page.item", "page.feed_date"], []
    for kind in sources:
        found = facts.get(kind, {})
        kind_columns, fact_params = _fact_columns(
            found, stand_in, RawSQL("page.item", ())
        )
        columns += [
            f"CASE WHEN page.kind = '{kind}' THEN {value} END" for value in kind_columns
        ]
        names += [(name, fact.exists) for name, fact in found.items()]
        params += fact_params
    with_sources = f"WITH {', '.join(named)} " if named else ""
    sql = f"{with_sources}SELECT {', '.join(columns)} FROM ({page}) page"
    return sql, params, tuple(sources), tuple(names)


def _fact_columns(facts: dict[str, Fact], stand_in, key) -> tuple[list[str], list]:
    """The SQL of each fact about the item `key`, and their parameters."""
    columns, params = [], []
    for fact in facts.values():
        captured = _captured(fact.rows(stand_in, key)[:1])
        if captured is None:  # the twin says none(): no row for any item
            columns.append("NULL")
            continue
        sql, fact_params = captured
        columns.append(f"EXISTS({sql})" if fact.exists else f"({sql})")
        params += list(fact_params)
    return columns, params


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


def _name(function: Callable) -> tuple[str, str]:
    """What tells a build function apart (bound methods are new at each access):
    its module and name, which a lambda or a nested function does not make unique."""
    if "<" in function.__qualname__:
        raise NotPreparable(f"{function.__qualname__}: build with a named function")
    return function.__module__, function.__qualname__


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
