"""The alert run: for every due saved search, the decisions archived since it was last checked, by e-mail.

Two phases, both safe to repeat or to kill at any point:

1. compose: each distinct saved query is run once per run against the decisions archived in its window
   (one UNION ALL statement per STATEMENT_SIZE query strings, each branch the search module's own query plus
   `created_at` in the window, the new letters found by index), then fanned out to users taken a batch at a
   time: their searches are locked, given their matches less what was already announced to the user, and
   one transaction writes the messages, the Announcement rows (unique per user and decision; one INSERT per
   batch) and each search's new `checked_through`. A run that dies before a commit leaves nothing of that
   batch behind. Each decision's lines are composed once per run.
2. deliver: pending messages are sent over one SMTP connection a batch at a time and marked sent. Only a
   death between the SMTP server's acceptance and the commit of a batch can repeat a message; its
   Message-ID is fixed, so mail systems fold the repeat.
"""

from __future__ import annotations

import smtplib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, IntegerField, Min, Value
from django.db.models.functions import Greatest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from desk.models import AlertMessage, Announcement, SavedSearch
from determinations.citing import citation_line, holding
from determinations.forms import SearchForm
from determinations.models import Case
from determinations.search import Query, filtered

USER_BATCH = 500
STATEMENT_SIZE = 100
SEND_BATCH = 50
# A decision committed by a transaction that began before a run's cutoff can carry an earlier created_at:
# windows overlap by this much and Announcement keeps the overlap from announcing anything twice. (Never back
# past the search's own creation: what was archived before it was saved is not news.)
SLACK = timedelta(minutes=10)
MAX_PER_SEARCH = 20  # listed per search and message (latest archived first); the rest are counted


@lru_cache(maxsize=4096)
def query_for(querystring: str) -> Query:
    """A saved query string as the search module's Query, validated as the results page validates it.

    Cached: many users save the same searches, and a Query is immutable."""
    return replace(SearchForm(QueryDict(querystring)).to_query(), sort="newest", page=1)


def site_url(path: str) -> str:
    return settings.DESK_SITE_URL.rstrip("/") + path


@dataclass
class RunResult:
    users: int = 0
    searches: int = 0
    messages: int = 0
    announced: int = 0  # decisions in the messages (listed or counted)
    recorded: int = 0  # Announcement rows written
    sent: int = 0


def run(frequency: str, *, now=None) -> RunResult:
    """Compose, then deliver: the whole alert run of one frequency."""
    result = compose(frequency, now=now)
    result.sent = deliver()
    return result


def compose(frequency: str, *, now=None) -> RunResult:
    cutoff = now or timezone.now()
    result = RunResult()
    due = _due(frequency, cutoff)
    run = _Run(cutoff, dict(due.order_by().values("querystring").annotate(since=Min(_SINCE))
                            .values_list("querystring", "since")))
    last_user = 0
    while True:
        users = list(due.filter(user_id__gt=last_user).order_by("user_id").values_list("user_id", flat=True)
                     .distinct()[:USER_BATCH])
        if not users:
            return result
        last_user = users[-1]
        _compose_batch(users, frequency, run, result)


def _due(frequency: str, cutoff):
    """Searches of this frequency with alerts on, not checked since `cutoff`, of active users with an address."""
    return SavedSearch.objects.filter(frequency=frequency, alerts=True, checked_through__lt=cutoff,
                                      user__is_active=True).exclude(user__email="")


# The start of a search's window in SQL (see _since): its last check less the slack, never before it was saved.
_SINCE = Greatest(ExpressionWrapper(F("checked_through") - SLACK, output_field=DateTimeField()), F("created_at"))


@dataclass
class _Run:
    """What one run reads once, however many batches of users it takes: each distinct saved query's matches
    among the decisions archived in the widest window of the searches that saved it (the new letters only,
    by the case_created index), and each announced decision's lines as a message lists them."""

    cutoff: object
    since: dict[str, object]  # query string -> the earliest window start of the due searches saving it
    matches: dict[str, list[tuple[object, int]]] = field(default_factory=dict)  # latest archived first
    archived: dict[int, object] = field(default_factory=dict)  # decision -> when it was archived
    entries: dict[int, tuple[str, ...]] = field(default_factory=dict)  # decision -> its lines in a message


def _compose_batch(user_ids: list[int], frequency: str, run: _Run, result: RunResult) -> None:
    with transaction.atomic():
        searches = list(_due(frequency, run.cutoff).select_for_update(of=("self",)).select_related("user")
                        .filter(user_id__in=user_ids).order_by("user_id", "name", "id"))
        if not searches:
            return
        matches = _matches(searches, run)
        announced: dict[int, set[int]] = defaultdict(set)  # per user: decisions never to be listed again
        candidates = {pk for ids in matches.values() for pk in ids}
        if candidates:
            for user_id, case_id in Announcement.objects.filter(user_id__in=user_ids, case_id__in=list(candidates)
                                                                ).values_list("user_id", "case_id"):
                announced[user_id].add(case_id)
        overlap = run.cutoff - SLACK
        by_user: dict[int, list[tuple[SavedSearch, list[int], int]]] = defaultdict(list)
        recorded: dict[int, dict[int, SavedSearch]] = defaultdict(dict)  # user -> decision -> the search
        for search in searches:
            matched = matches.get(search.pk, ())  # latest archived first; shared between identical searches
            taken = announced[search.user_id]  # before, and under this user's earlier searches in this message
            fresh = [pk for pk in matched if pk not in taken] if taken else matched
            if not fresh:
                continue
            taken.update(fresh)
            listed = fresh[:MAX_PER_SEARCH]
            by_user[search.user_id].append((search, listed, len(fresh)))
            # Recorded: what is listed, and what the next run's window will read again (archived within SLACK
            # of the cutoff); anything older lies before every later window, which checked_through excludes.
            mine = recorded[search.user_id]
            for pk in (*listed, *(pk for pk in fresh[MAX_PER_SEARCH:] if run.archived[pk] > overlap)):
                mine.setdefault(pk, search)
        _read_entries({pk for groups in by_user.values() for _, ids, _ in groups for pk in ids}, run)
        messages = {}
        for user_id, groups in by_user.items():
            user = groups[0][0].user
            messages[user_id] = AlertMessage(user=user, to=user.email, subject=_subject(groups),
                                             body=_body(groups, run.entries),
                                             unsubscribe_url=_unsubscribe_url(groups[0][0]))
        AlertMessage.objects.bulk_create(messages.values())
        rows = [(user_id, pk, search.pk, messages[user_id].pk)
                for user_id, decisions in recorded.items() for pk, search in decisions.items()]
        if rows:  # one statement, however many rows: arrays in, rows out
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {Announcement._meta.db_table} (user_id, case_id, search_id, message_id) "
                               "SELECT * FROM unnest(%s::integer[], %s::integer[], %s::integer[], %s::integer[])",
                               [list(column) for column in zip(*rows, strict=True)])
        SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(checked_through=run.cutoff)
        result.users += len(user_ids)
        result.searches += len(searches)
        result.messages += len(messages)
        result.announced += sum(count for groups in by_user.values() for _, _, count in groups)
        result.recorded += len(rows)


def _matches(searches: list[SavedSearch], run: _Run) -> dict[int, list[int]]:
    """Each search's decisions archived in its window, latest archived first.

    Each distinct query string is run once per alert run (its matches are kept for the later batches), over
    the widest window of the searches saving it, so the cost follows the number of distinct searches, not of
    users. One UNION ALL statement per STATEMENT_SIZE query strings not yet run.
    """
    batch_since: dict[str, object] = {}
    for search in searches:
        since = _since(search)
        batch_since[search.querystring] = min(since, batch_since.get(search.querystring, since))
    missing = [q for q in batch_since if q not in run.matches or batch_since[q] < run.since.get(q, batch_since[q])]
    for start in range(0, len(missing), STATEMENT_SIZE):
        chunk = missing[start:start + STATEMENT_SIZE]
        for q in chunk:  # a search saved after the run began can reach back further than the run's windows
            run.since[q] = min(run.since.get(q, batch_since[q]), batch_since[q])
            run.matches[q] = []
        branches = [
            filtered(query_for(querystring))
            .filter(created_at__gt=run.since[querystring], created_at__lte=run.cutoff)
            .order_by().values_list(Value(start + n, output_field=IntegerField()), "pk", "created_at")
            for n, querystring in enumerate(chunk)
        ]
        statement = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
        for index, case_id, created_at in statement:
            run.archived[case_id] = created_at
            run.matches[missing[index]].append((created_at, case_id))
        for q in chunk:
            run.matches[q].sort(reverse=True)
    found: dict[int, list[int]] = {}
    shared: dict[tuple[str, object], list[int]] = {}  # identical searches with the same window: one list
    for search in searches:
        key = (search.querystring, _since(search))
        if key not in shared:
            shared[key] = [pk for created_at, pk in run.matches[search.querystring] if created_at > key[1]]
        found[search.pk] = shared[key]
    return found


def _read_entries(case_ids: set[int], run: _Run) -> None:
    """Each decision's lines in a message (citation, holding, link), read and written once per run."""
    missing = [pk for pk in case_ids if pk not in run.entries]
    if not missing:
        return
    cases = Case.objects.filter(pk__in=missing).only(
        "pk", "public_id", "case_number", "decision_date", "outcome").prefetch_related(
        "items__citations__guideline")
    for case in cases:
        url = site_url(case.get_absolute_url())
        run.entries[case.pk] = (citation_line(case), f"  {holding(case.items.all())}", f"  {url}", "")


def _since(search: SavedSearch):
    """The start of a search's window: its last check less the slack, never before it was saved."""
    return max(search.checked_through - SLACK, search.created_at)


def _subject(groups) -> str:
    total = sum(count for _, _, count in groups)
    return f"IMR Archive: {total} new decision{'s' if total != 1 else ''} for your saved searches"


def _body(groups, entries: dict[int, tuple[str, ...]]) -> str:
    lines = ["New decisions matching your saved searches on the IMR Archive.", ""]
    for search, ids, count in groups:
        listed = [entries[pk] for pk in ids if pk in entries]
        lines += [f"== {search.name} ({count} new) ==", site_url(_search_path(search.querystring)), ""]
        for entry in listed:
            lines += entry
        if count > len(listed):
            lines += [f"  ... and {count - len(listed)} more at the link above.", ""]
        lines += [f"Stop alerts for “{search.name}”: "
                  f"{_unsubscribe_url(search)}", ""]
    lines += ["Manage your saved searches: " + site_url(reverse("desk:home"))]
    return "\n".join(lines)


def deliver(batch: int = SEND_BATCH) -> int:
    """Send pending messages; each batch is marked sent in the transaction that holds it locked."""
    sent = 0
    with mail.get_connection() as smtp:
        while True:
            failure = None
            with transaction.atomic():
                pending = list(AlertMessage.objects.select_for_update(skip_locked=True)
                               .filter(sent_at=None, refused="").order_by("id")[:batch])
                if not pending:
                    return sent
                done = []
                for message in pending:
                    try:
                        smtp.send_messages([_email(message)])
                    except smtplib.SMTPRecipientsRefused as error:
                        if any(code < 500 for code, _ in error.recipients.values()):
                            failure = error  # "try later": stop, the next run retries it
                            break
                        # refused for good (no such mailbox): kept with the answer, never blocks the others
                        answer = "; ".join(f"{code} {text!r}" for code, text in error.recipients.values())
                        AlertMessage.objects.filter(pk=message.pk).update(refused=answer[:500])
                        continue
                    except Exception as error:  # what went out is still marked (and committed) before raising
                        failure = error
                        break
                    done.append(message.pk)
                AlertMessage.objects.filter(pk__in=done).update(sent_at=timezone.now())
                sent += len(done)
            if failure is not None:
                raise failure


def _unsubscribe_url(search: SavedSearch) -> str:
    return site_url(_unsubscribe_path().replace("TOKEN", search.unsubscribe_token))


@lru_cache(maxsize=1)
def _unsubscribe_path() -> str:
    """The unsubscribe path with a placeholder for the token (URL-safe, so put in as it is): one reverse()."""
    return reverse("desk:unsubscribe", args=["TOKEN"])


@lru_cache(maxsize=4096)
def _search_path(querystring: str) -> str:
    return SavedSearch(querystring=querystring).get_absolute_url()


def _email(message: AlertMessage) -> mail.EmailMessage:
    headers = {"Message-ID": f"<imr-alert-{message.pk}@{settings.DESK_MAIL_DOMAIN}>"}
    if message.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return mail.EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to],
                             headers=headers)
