"""The triggers that keep the summary tables of `stats_models` current, and the SQL that rebuilds them.

Statement-level AFTER triggers with transition tables: one bulk_create of a thousand items costs one
aggregated upsert, not a thousand. Each trigger turns the change into signed deltas keyed like the summary
row, upserts them and drops rows that reach zero. Django deletes citations before items and items before
cases, so a delete trigger can still join the rows above the ones being deleted.
"""

from __future__ import annotations

CASE = "determinations_case"
ITEM = "determinations_disputeditem"
CITATION = "determinations_guidelinecitation"
REVIEWER = "determinations_reviewer"
# Guideline statistics count the expert reviewer's citations only: the basis of the decision, and what the
# search's `guideline` filter matches, so a page's count and its search link agree.
_BY_REVIEWER = "cited_by = 'reviewer'"


def _year(alias: str) -> str:
    return f"coalesce(extract(year from {alias}.decision_date)::int, 0)"


def _month(alias: str) -> str:
    return f"date_trunc('month', {alias}.decision_date)::date"


def _upsert(table: str, keys: tuple[str, ...], measure: str, deltas: str) -> str:
    """Add signed `deltas` (rows of keys + n) to a summary table, dropping rows that reach zero."""
    columns, positions = ", ".join(keys), ", ".join(str(n) for n in range(1, len(keys) + 1))
    return f"""
    INSERT INTO {table} AS s ({columns}, {measure})
    SELECT {columns}, sum(n) FROM ({deltas}) d GROUP BY {positions} HAVING sum(n) <> 0
    ON CONFLICT ({columns}) DO UPDATE SET {measure} = s.{measure} + excluded.{measure};
    DELETE FROM {table} WHERE {measure} = 0;"""


def _upsert_items(deltas: str) -> str:
    return _upsert("determinations_itemstat", ("year", "category", "is_opioid", "specialty_slug", "decision"),
                   "items", deltas)


def _upsert_guidelines(deltas: str) -> str:
    return _upsert("determinations_guidelinestat", ("guideline_id", "year", "category", "decision"), "items", deltas)


def _upsert_guideline_cases(deltas: str) -> str:
    return _upsert("determinations_guidelinecasestat", ("guideline_id", "year"), "cases", deltas)


def _upsert_months(deltas: str) -> str:
    return _upsert("determinations_monthstat", ("month", "outcome"), "cases", deltas)


def _item_rows(items: str, cases: str, sign: int, where: str = "true") -> str:
    """Item deltas for rows of `items` (an item relation) read with case values from `cases`."""
    return f"""
    SELECT {_year('c')} AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, {sign} AS n
    FROM {items} i JOIN {cases} c ON c.id = i.case_id LEFT JOIN {REVIEWER} r ON r.id = c.reviewer_id
    WHERE {where}"""


def _pair_rows(pairs: str, items: str, cases: str, sign: int) -> str:
    """Guideline deltas for distinct (item_id, guideline_id) `pairs`."""
    return f"""
    SELECT p.guideline_id, {_year('c')} AS year, i.category, i.decision, {sign} AS n
    FROM ({pairs}) p JOIN {items} i ON i.id = p.item_id JOIN {cases} c ON c.id = i.case_id"""


def _case_pair_rows(pairs: str, cases: str, sign: int) -> str:
    """Guideline-case deltas for distinct (case_id, guideline_id) `pairs`."""
    return f"""
    SELECT p.guideline_id, {_year('c')} AS year, {sign} AS n
    FROM ({pairs}) p JOIN {cases} c ON c.id = p.case_id"""


def _fresh_pairs(changed: str) -> tuple[str, str]:
    """(item, guideline) and (case, guideline) pairs that `changed` citation rows brought into existence."""
    items = f"""
    SELECT np.item_id, np.guideline_id FROM (
        SELECT ch.item_id, ch.guideline_id, count(*) AS n FROM {changed} ch WHERE ch.{_BY_REVIEWER} GROUP BY 1, 2) np
    WHERE np.n = (SELECT count(*) FROM {CITATION} x
                  WHERE x.item_id = np.item_id AND x.guideline_id = np.guideline_id AND x.{_BY_REVIEWER})"""
    cases = f"""
    SELECT np.case_id, np.guideline_id FROM (
        SELECT i.case_id, ch.guideline_id, count(*) AS n FROM {changed} ch JOIN {ITEM} i ON i.id = ch.item_id
        WHERE ch.{_BY_REVIEWER} GROUP BY 1, 2) np
    WHERE np.n = (SELECT count(*) FROM {CITATION} x JOIN {ITEM} xi ON xi.id = x.item_id
                  WHERE xi.case_id = np.case_id AND x.guideline_id = np.guideline_id AND x.{_BY_REVIEWER})"""
    return items, cases


def _gone_pairs(changed: str) -> tuple[str, str]:
    """(item, guideline) and (case, guideline) pairs that lost their last citation with `changed` rows."""
    items = f"""
    SELECT DISTINCT ch.item_id, ch.guideline_id FROM {changed} ch
    WHERE ch.{_BY_REVIEWER} AND NOT EXISTS (
        SELECT 1 FROM {CITATION} x
        WHERE x.item_id = ch.item_id AND x.guideline_id = ch.guideline_id AND x.{_BY_REVIEWER})"""
    cases = f"""
    SELECT DISTINCT i.case_id, ch.guideline_id FROM {changed} ch JOIN {ITEM} i ON i.id = ch.item_id
    WHERE ch.{_BY_REVIEWER} AND NOT EXISTS (
        SELECT 1 FROM {CITATION} x JOIN {ITEM} xi ON xi.id = x.item_id
        WHERE xi.case_id = i.case_id AND x.guideline_id = ch.guideline_id AND x.{_BY_REVIEWER})"""
    return items, cases


def _function(name: str, body: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
{body}
RETURN NULL;
END
$fn$;"""


def _trigger(name: str, table: str, event: str, referencing: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing}
FOR EACH STATEMENT EXECUTE FUNCTION {name}();"""


def _citation_delta(added: str | None, removed: str | None) -> str:
    """Upserts for citation rows `added` (already in the table) and `removed` (already gone)."""
    parts_items, parts_cases = [], []
    if added:
        fresh_items, fresh_cases = _fresh_pairs(added)
        parts_items.append(_pair_rows(fresh_items, ITEM, CASE, 1))
        parts_cases.append(_case_pair_rows(fresh_cases, CASE, 1))
    if removed:
        gone_items, gone_cases = _gone_pairs(removed)
        parts_items.append(_pair_rows(gone_items, ITEM, CASE, -1))
        parts_cases.append(_case_pair_rows(gone_cases, CASE, -1))
    return _upsert_guidelines(" UNION ALL ".join(parts_items)) + _upsert_guideline_cases(
        " UNION ALL ".join(parts_cases)
    )


_CHANGED_ITEMS = (
    "o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id) "
    "IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id)"
)
_OLD_ITEMS = f"(SELECT o.* FROM old_rows o, new_rows nw WHERE {_CHANGED_ITEMS})"
_NEW_ITEMS = f"(SELECT nw.* FROM old_rows o, new_rows nw WHERE {_CHANGED_ITEMS})"
_ITEM_PAIRS = (
    f"SELECT DISTINCT x.item_id, x.guideline_id FROM {CITATION} x JOIN {{rel}} ch ON ch.id = x.item_id "
    f"WHERE x.{_BY_REVIEWER}"
)

# Items moved to another letter: (letter, guideline) pairs gained by the new letter and lost by the old one.
_MOVED = "old_rows o JOIN new_rows nw ON nw.id = o.id AND o.case_id <> nw.case_id"
_ITEM_GUIDELINES = (f"CROSS JOIN LATERAL (SELECT DISTINCT x.guideline_id FROM {CITATION} x "
                    f"WHERE x.item_id = {{alias}}.id AND x.{_BY_REVIEWER}) x")
_MOVED_CASE_PAIRS = f"""
    SELECT p.guideline_id, {_year('c')} AS year,
           (coalesce(cur.n, 0) > 0)::int - (coalesce(cur.n, 0) - p.a + p.r > 0)::int AS n
    FROM (SELECT case_id, guideline_id, sum(a) AS a, sum(r) AS r FROM (
              SELECT nw.case_id, x.guideline_id, 1 AS a, 0 AS r FROM {_MOVED} {_ITEM_GUIDELINES.format(alias='nw')}
              UNION ALL SELECT o.case_id, x.guideline_id, 0, 1 FROM {_MOVED} {_ITEM_GUIDELINES.format(alias='o')}) y
          GROUP BY 1, 2) p
    LEFT JOIN (SELECT i.case_id, x.guideline_id, count(DISTINCT i.id) AS n
               FROM {ITEM} i JOIN {CITATION} x ON x.item_id = i.id AND x.{_BY_REVIEWER}
               WHERE i.case_id IN (SELECT o.case_id FROM {_MOVED} UNION ALL SELECT nw.case_id FROM {_MOVED})
               GROUP BY 1, 2) cur ON cur.case_id = p.case_id AND cur.guideline_id = p.guideline_id
    JOIN {CASE} c ON c.id = p.case_id"""

_CHANGED_CASES = (
    "o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) "
    "IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)"
)
_MONTH_CHANGED = "(o.decision_date, o.outcome) IS DISTINCT FROM (nw.decision_date, nw.outcome)"
_OLD_CASES = f"(SELECT o.* FROM old_rows o, new_rows nw WHERE {_CHANGED_CASES})"
_NEW_CASES = f"(SELECT nw.* FROM old_rows o, new_rows nw WHERE {_CHANGED_CASES})"
_CASE_ITEM_PAIRS = (
    f"SELECT DISTINCT x.item_id, x.guideline_id FROM {CITATION} x JOIN {ITEM} i ON i.id = x.item_id "
    "JOIN {rel} ch ON ch.id = i.case_id WHERE x." + _BY_REVIEWER
)
_CASE_PAIRS = (
    f"SELECT DISTINCT i.case_id, x.guideline_id FROM {CITATION} x JOIN {ITEM} i ON i.id = x.item_id "
    "JOIN {rel} ch ON ch.id = i.case_id WHERE x." + _BY_REVIEWER
)

_CITATION_CHANGED = (
    "(o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by)"
)

FUNCTIONS: dict[str, tuple[str, str, str, str]] = {
    # name: (table, event, referencing, body)
    "imr_stats_item_insert": (ITEM, "INSERT", "NEW TABLE AS new_rows", _upsert_items(_item_rows("new_rows", CASE, 1))),
    "imr_stats_item_delete": (ITEM, "DELETE", "OLD TABLE AS old_rows", _upsert_items(_item_rows("old_rows", CASE, -1))),
    "imr_stats_item_update": (
        ITEM, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _upsert_items(_item_rows(_OLD_ITEMS, CASE, -1) + " UNION ALL " + _item_rows(_NEW_ITEMS, CASE, 1))
        + _upsert_guidelines(
            _pair_rows(_ITEM_PAIRS.format(rel=_OLD_ITEMS), _OLD_ITEMS, CASE, -1)
            + " UNION ALL "
            + _pair_rows(_ITEM_PAIRS.format(rel=_NEW_ITEMS), _NEW_ITEMS, CASE, 1)
        )
        + _upsert_guideline_cases(_MOVED_CASE_PAIRS),
    ),
    "imr_stats_citation_insert": (CITATION, "INSERT", "NEW TABLE AS new_rows", _citation_delta("new_rows", None)),
    "imr_stats_citation_delete": (CITATION, "DELETE", "OLD TABLE AS old_rows", _citation_delta(None, "old_rows")),
    "imr_stats_citation_update": (
        CITATION, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _citation_delta(
            f"(SELECT nw.* FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE {_CITATION_CHANGED})",
            f"(SELECT o.* FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE {_CITATION_CHANGED})",
        ),
    ),
    "imr_stats_case_insert": (
        CASE, "INSERT", "NEW TABLE AS new_rows",
        _upsert_months(f"SELECT {_month('c')} AS month, c.outcome, 1 AS n FROM new_rows c"),
    ),
    "imr_stats_case_delete": (
        CASE, "DELETE", "OLD TABLE AS old_rows",
        _upsert_months(f"SELECT {_month('c')} AS month, c.outcome, -1 AS n FROM old_rows c"),
    ),
    "imr_stats_case_update": (
        CASE, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _upsert_months(
            f"SELECT {_month('o')} AS month, o.outcome, -1 AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id"
            f" WHERE {_MONTH_CHANGED} UNION ALL"
            f" SELECT {_month('nw')}, nw.outcome, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id"
            f" WHERE {_MONTH_CHANGED}"
        )
        + _upsert_items(_item_rows(ITEM, _OLD_CASES, -1) + " UNION ALL " + _item_rows(ITEM, _NEW_CASES, 1))
        + _upsert_guidelines(
            _pair_rows(_CASE_ITEM_PAIRS.format(rel=_OLD_CASES), ITEM, _OLD_CASES, -1)
            + " UNION ALL "
            + _pair_rows(_CASE_ITEM_PAIRS.format(rel=_NEW_CASES), ITEM, _NEW_CASES, 1)
        )
        + _upsert_guideline_cases(
            _case_pair_rows(_CASE_PAIRS.format(rel=_OLD_CASES), _OLD_CASES, -1)
            + " UNION ALL "
            + _case_pair_rows(_CASE_PAIRS.format(rel=_NEW_CASES), _NEW_CASES, 1)
        ),
    ),
    "imr_stats_reviewer_update": (
        REVIEWER, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _upsert_items(
            f"SELECT {_year('c')} AS year, i.category, i.is_opioid, o.specialty_slug, i.decision, -1 AS n"
            f" FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN {CASE} c ON c.reviewer_id = o.id"
            f" JOIN {ITEM} i ON i.case_id = c.id WHERE o.specialty_slug <> nw.specialty_slug"
            f" UNION ALL SELECT {_year('c')}, i.category, i.is_opioid, nw.specialty_slug, i.decision, 1"
            f" FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN {CASE} c ON c.reviewer_id = o.id"
            f" JOIN {ITEM} i ON i.case_id = c.id WHERE o.specialty_slug <> nw.specialty_slug"
        ),
    ),
}

REBUILD = f"""
DELETE FROM determinations_itemstat;
DELETE FROM determinations_guidelinestat;
DELETE FROM determinations_guidelinecasestat;
DELETE FROM determinations_monthstat;
INSERT INTO determinations_itemstat (year, category, is_opioid, specialty_slug, decision, items)
SELECT year, category, is_opioid, specialty_slug, decision, sum(n) FROM ({_item_rows(ITEM, CASE, 1)}) d
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO determinations_guidelinestat (guideline_id, year, category, decision, items)
SELECT guideline_id, year, category, decision, sum(n) FROM (
    {_pair_rows(f"SELECT DISTINCT item_id, guideline_id FROM {CITATION} WHERE {_BY_REVIEWER}", ITEM, CASE, 1)}) d
GROUP BY 1, 2, 3, 4;
INSERT INTO determinations_guidelinecasestat (guideline_id, year, cases)
SELECT guideline_id, year, sum(n) FROM (
    {_case_pair_rows(_CASE_PAIRS.format(rel=CASE), CASE, 1)}) d
GROUP BY 1, 2;
INSERT INTO determinations_monthstat (month, outcome, cases)
SELECT {_month('c')}, c.outcome, count(*) FROM {CASE} c GROUP BY 1, 2;
"""


def install_sql() -> str:
    """Create (or replace) every function and trigger."""
    parts = []
    for name, (table, event, referencing, body) in FUNCTIONS.items():
        parts.append(_function(name, body))
        parts.append(_trigger(name, table, event, referencing))
    return "\n".join(parts)


def uninstall_sql() -> str:
    parts = []
    for name, (table, _event, _referencing, _body) in FUNCTIONS.items():
        parts.append(f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();")
    return "\n".join(parts)


# --- the item's array of reviewer-cited guideline slugs (migration 0009) -------------------------------------
# The writer fills DisputedItem.reviewer_guidelines with the citations it writes; these triggers keep it exact
# whatever else writes citations (staff edits, deletes): after each statement the touched items' arrays are
# recomputed from the citation table, and only rows whose array differs are updated (none, for the writer).
# Slugs in byte order (COLLATE "C"), once each: what Python's sorted(set(...)) gives.

def item_guideline_arrays(items: str) -> str:
    """The reviewer-cited slug array of each item id in `items` (a relation with an `item_id` column)."""
    return f"""
    SELECT t.item_id, coalesce((
        SELECT array_agg(DISTINCT g.slug::text COLLATE "C" ORDER BY g.slug::text COLLATE "C")
        FROM {CITATION} x JOIN determinations_guideline g ON g.id = x.guideline_id
        WHERE x.item_id = t.item_id AND x.{_BY_REVIEWER}), '{{}}')::varchar(80)[] AS slugs
    FROM (SELECT DISTINCT item_id FROM {items}) t"""


def _sync_item_guidelines(items: str) -> str:
    return f"""
    UPDATE {ITEM} i SET reviewer_guidelines = a.slugs FROM ({item_guideline_arrays(items)}) a
    WHERE i.id = a.item_id AND i.reviewer_guidelines IS DISTINCT FROM a.slugs;"""


ITEM_GUIDELINE_FUNCTIONS: dict[str, tuple[str, str, str, str]] = {
    "imr_item_guidelines_insert": (CITATION, "INSERT", "NEW TABLE AS new_rows", _sync_item_guidelines("new_rows")),
    "imr_item_guidelines_delete": (CITATION, "DELETE", "OLD TABLE AS old_rows", _sync_item_guidelines("old_rows")),
    "imr_item_guidelines_update": (
        CITATION, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _sync_item_guidelines(
            "(SELECT o.item_id FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE "
            f"{_CITATION_CHANGED} UNION ALL SELECT nw.item_id FROM old_rows o JOIN new_rows nw ON nw.id = o.id "
            f"WHERE {_CITATION_CHANGED}) ch"
        ),
    ),
}

# Fill every item's array from the citations (the data migration; also a repair).
BACKFILL_ITEM_GUIDELINES = f"""
UPDATE {ITEM} i SET reviewer_guidelines = a.slugs FROM (
    SELECT x.item_id, array_agg(DISTINCT g.slug::text COLLATE "C" ORDER BY g.slug::text COLLATE "C")::varchar(80)[]
           AS slugs
    FROM {CITATION} x JOIN determinations_guideline g ON g.id = x.guideline_id WHERE x.{_BY_REVIEWER}
    GROUP BY 1) a
WHERE i.id = a.item_id AND i.reviewer_guidelines IS DISTINCT FROM a.slugs;"""


def install_item_guidelines_sql() -> str:
    return "\n".join(_function(name, body) + _trigger(name, table, event, referencing)
                     for name, (table, event, referencing, body) in ITEM_GUIDELINE_FUNCTIONS.items())


def uninstall_item_guidelines_sql() -> str:
    return "\n".join(f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
                     for name, (table, *_rest) in ITEM_GUIDELINE_FUNCTIONS.items())


# --- guideline searches: counts keyed by the filter's value (migration 0010) ---------------------------------
# A "term" is a value of `?guideline=`: a slug or a family. An item's terms are its reviewer-cited slugs (its
# `reviewer_guidelines` array, kept exact by the triggers above) and their families, each once: the item
# matches `?guideline=v` (array overlaps expand_guidelines([v])) exactly when v is one of its terms. The tables
# are kept from the item rows (their arrays included) and the cases, never from citations: a citation change
# reaches them through the item array update it causes.

TERM_ITEMS = "determinations_guidelinetermitemstat"
TERM_PAIRS = "determinations_guidelinetermpairstat"
TERM_MONTHS = "determinations_guidelinetermmonthstat"

TERMS_FUNCTION = """
CREATE OR REPLACE FUNCTION imr_guideline_terms(slugs varchar[]) RETURNS text[] LANGUAGE sql STABLE AS $fn$
    SELECT coalesce(array_agg(DISTINCT t), '{}') FROM (
        SELECT s::text AS t FROM unnest(slugs) s
        UNION ALL SELECT g.family::text FROM determinations_guideline g WHERE g.slug = ANY(slugs)) x
$fn$;"""


def _terms(alias: str) -> str:
    return f"CROSS JOIN LATERAL unnest(imr_guideline_terms({alias}.reviewer_guidelines)) t"


def _with_terms(rel: str, alias: str) -> str:
    """`rel` as `alias`, one row per item and term `t`: the terms are computed once per distinct array of `rel`
    (a few dozen in a writer's batch of 2,000 items), not once per item."""
    return (f"{rel} {alias} JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM ("
            f"SELECT DISTINCT reviewer_guidelines AS a FROM {rel} d0) d1) {alias}_tm ON {alias}_tm.a = "
            f"{alias}.reviewer_guidelines CROSS JOIN LATERAL unnest({alias}_tm.terms) t")


def _upsert_term_items(deltas: str) -> str:
    return _upsert(TERM_ITEMS, ("term", "year", "category", "is_opioid", "specialty_slug", "decision"), "items", deltas)


def _upsert_term_pairs(deltas: str) -> str:
    return _upsert(TERM_PAIRS, ("term", "cited", "year", "category", "decision"), "items", deltas)


def _upsert_term_months(deltas: str) -> str:
    return _upsert(TERM_MONTHS, ("term", "month", "outcome"), "cases", deltas)


def _term_item_rows(items: str, cases: str, sign: int) -> str:
    """Term-item deltas: each item of `items` once per term, with case values from `cases`."""
    return f"""
    SELECT t AS term, {_year('c')} AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, {sign} AS n
    FROM {_with_terms(items, 'i')} JOIN {cases} c ON c.id = i.case_id LEFT JOIN {REVIEWER} r ON r.id = c.reviewer_id"""


def _term_pair_rows(items: str, cases: str, sign: int) -> str:
    """Term-pair deltas: each item of `items` once per (term, cited slug)."""
    return f"""
    SELECT t AS term, s::text AS cited, {_year('c')} AS year, i.category, i.decision, {sign} AS n
    FROM {_with_terms(items, 'i')} JOIN {cases} c ON c.id = i.case_id
    CROSS JOIN LATERAL unnest(i.reviewer_guidelines) s"""


def _term_month_rows(added: str, removed: str) -> str:
    """Term-month deltas for item rows `added` and `removed` (the statement already applied): a (case, term)
    pair counts +1 when the case has an item with the term now and had none before, -1 the other way round."""
    current = (f"(SELECT * FROM {ITEM} WHERE case_id IN (SELECT case_id FROM {added} UNION ALL "
               f"SELECT case_id FROM {removed}))")
    return f"""
    SELECT p.term, {_month('c')} AS month, c.outcome,
           (coalesce(cur.n, 0) > 0)::int - (coalesce(cur.n, 0) - p.a + p.r > 0)::int AS n
    FROM (SELECT case_id, term, sum(a) AS a, sum(r) AS r FROM (
              SELECT i.case_id, t AS term, 1 AS a, 0 AS r FROM {_with_terms(added, 'i')}
              UNION ALL SELECT i.case_id, t, 0, 1 FROM {_with_terms(removed, 'i')}) x
          GROUP BY 1, 2) p
    LEFT JOIN (SELECT i.case_id, t AS term, count(*) AS n FROM {_with_terms(current, 'i')} GROUP BY 1, 2) cur
           ON cur.case_id = p.case_id AND cur.term = p.term
    JOIN {CASE} c ON c.id = p.case_id"""


_TERM_CHANGED_ITEMS = (
    "o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) "
    "IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)"
)
_TERM_OLD_ITEMS = f"(SELECT o.* FROM old_rows o, new_rows nw WHERE {_TERM_CHANGED_ITEMS})"
_TERM_NEW_ITEMS = f"(SELECT nw.* FROM old_rows o, new_rows nw WHERE {_TERM_CHANGED_ITEMS})"
_NO_ITEMS = f"(SELECT * FROM {ITEM} WHERE false)"


def _case_terms_rows(case: str) -> str:
    """The distinct terms of the current items of case `case` (an alias), as a lateral subquery."""
    return f"CROSS JOIN LATERAL (SELECT DISTINCT t FROM {ITEM} i {_terms('i')} WHERE i.case_id = {case}.id) k"


TERM_FUNCTIONS: dict[str, tuple[str, str, str, str]] = {
    "imr_terms_item_insert": (
        ITEM, "INSERT", "NEW TABLE AS new_rows",
        _upsert_term_items(_term_item_rows("new_rows", CASE, 1))
        + _upsert_term_pairs(_term_pair_rows("new_rows", CASE, 1))
        + _upsert_term_months(_term_month_rows("new_rows", _NO_ITEMS)),
    ),
    "imr_terms_item_delete": (
        ITEM, "DELETE", "OLD TABLE AS old_rows",
        _upsert_term_items(_term_item_rows("old_rows", CASE, -1))
        + _upsert_term_pairs(_term_pair_rows("old_rows", CASE, -1))
        + _upsert_term_months(_term_month_rows(_NO_ITEMS, "old_rows")),
    ),
    "imr_terms_item_update": (
        ITEM, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _upsert_term_items(_term_item_rows(_TERM_OLD_ITEMS, CASE, -1) + " UNION ALL "
                           + _term_item_rows(_TERM_NEW_ITEMS, CASE, 1))
        + _upsert_term_pairs(_term_pair_rows(_TERM_OLD_ITEMS, CASE, -1) + " UNION ALL "
                             + _term_pair_rows(_TERM_NEW_ITEMS, CASE, 1))
        + _upsert_term_months(_term_month_rows(_TERM_NEW_ITEMS, _TERM_OLD_ITEMS)),
    ),
    "imr_terms_case_update": (
        CASE, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _upsert_term_items(_term_item_rows(ITEM, _OLD_CASES, -1) + " UNION ALL " + _term_item_rows(ITEM, _NEW_CASES, 1))
        + _upsert_term_pairs(_term_pair_rows(ITEM, _OLD_CASES, -1) + " UNION ALL "
                             + _term_pair_rows(ITEM, _NEW_CASES, 1))
        + _upsert_term_months(
            f"SELECT k.t AS term, {_month('o')} AS month, o.outcome, -1 AS n"
            f" FROM old_rows o JOIN new_rows nw ON nw.id = o.id"
            f" {_case_terms_rows('o')} WHERE {_MONTH_CHANGED} UNION ALL"
            f" SELECT k.t, {_month('nw')}, nw.outcome, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id"
            f" {_case_terms_rows('nw')} WHERE {_MONTH_CHANGED}"
        ),
    ),
    "imr_terms_reviewer_update": (
        REVIEWER, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _upsert_term_items(
            f"SELECT t AS term, {_year('c')} AS year, i.category, i.is_opioid, o.specialty_slug, i.decision, -1 AS n"
            f" FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN {CASE} c ON c.reviewer_id = o.id"
            f" JOIN {ITEM} i ON i.case_id = c.id {_terms('i')} WHERE o.specialty_slug <> nw.specialty_slug"
            f" UNION ALL SELECT t, {_year('c')}, i.category, i.is_opioid, nw.specialty_slug, i.decision, 1"
            f" FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN {CASE} c ON c.reviewer_id = o.id"
            f" JOIN {ITEM} i ON i.case_id = c.id {_terms('i')} WHERE o.specialty_slug <> nw.specialty_slug"
        ),
    ),
}

REBUILD_TERMS = f"""
DELETE FROM {TERM_ITEMS};
DELETE FROM {TERM_PAIRS};
DELETE FROM {TERM_MONTHS};
INSERT INTO {TERM_ITEMS} (term, year, category, is_opioid, specialty_slug, decision, items)
SELECT term, year, category, is_opioid, specialty_slug, decision, sum(n) FROM ({_term_item_rows(ITEM, CASE, 1)}) d
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO {TERM_PAIRS} (term, cited, year, category, decision, items)
SELECT term, cited, year, category, decision, sum(n) FROM ({_term_pair_rows(ITEM, CASE, 1)}) d
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO {TERM_MONTHS} (term, month, outcome, cases)
SELECT p.term, {_month('c')}, c.outcome, count(*)
FROM (SELECT DISTINCT i.case_id, t AS term FROM {_with_terms(ITEM, 'i')}) p JOIN {CASE} c ON c.id = p.case_id
GROUP BY 1, 2, 3;
"""


def install_terms_sql() -> str:
    return TERMS_FUNCTION + "\n".join(_function(name, body) + _trigger(name, table, event, referencing)
                                      for name, (table, event, referencing, body) in TERM_FUNCTIONS.items())


def uninstall_terms_sql() -> str:
    return "\n".join(f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
                     for name, (table, *_rest) in TERM_FUNCTIONS.items()) + (
        "\nDROP FUNCTION IF EXISTS imr_guideline_terms(varchar[]);")
