"""Keeping the search indexes current from the ingestion pipeline: after each committed batch (and each staff
edit) every index registered on this node writes the cases the database queued for it.

PostgreSQL is the record and its queue the promise: a batch commits whether or not an index can be written
then, and the queued cases stay queued until a catch-up writes them (the next batch's, or
`manage.py rebuild_search_index --catch-up` on a node that was down). So nothing here may fail a batch.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from django.db import connection, transaction

from determinations import engine

log = logging.getLogger(__name__)
_warned: set[tuple[str, str]] = set()

# Tests only: seconds to wait between a batch's commit and its catch-up, and inside the catch-up between the
# index's commit and PostgreSQL's; the windows in which the crash tests kill an ingestion.
PAUSE_BEFORE = "IMR_TEST_PAUSE_BEFORE_CATCH_UP"
PAUSE_AFTER_INDEX_COMMIT = "IMR_TEST_PAUSE_AFTER_INDEX_COMMIT"


def registered() -> list[tuple[str, str]]:
    """(name, directory) of every registered index: one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, directory FROM determinations_searchindex ORDER BY name")
        return cursor.fetchall()


def keep_current() -> int:
    """Catch up every registered index whose directory is on this node; returns the case writes applied.

    An index registered by another node (its directory is not here) is skipped with a warning, once per
    process; a failing catch-up is logged and leaves its cases queued."""
    applied = 0
    for name, directory in registered():
        if not directory:  # registered, its first build still running: that build's snapshot plus the queue
            continue
        if not Path(directory).is_dir():
            if (name, directory) not in _warned:
                _warned.add((name, directory))
                log.warning("search index %r: %s is not on this node; its queued cases wait for the node that "
                            "holds it (manage.py rebuild_search_index --catch-up there)", name, directory)
            continue
        if pause := float(os.environ.get(PAUSE_BEFORE) or 0):
            time.sleep(pause)
        try:
            applied += engine.catch_up(name, pause_after_commit=float(os.environ.get(PAUSE_AFTER_INDEX_COMMIT) or 0))
        except BaseException as error:  # a tantivy panic is a BaseException: the batch is committed all the same
            if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            log.exception("search index %r: catching up failed; its cases stay queued", name)
    return applied


def after_commit() -> None:
    """Keep the indexes current once the current transaction commits (now, outside one): once per
    transaction however many writes ask. While a `Follower` runs, it is woken to do it instead."""
    follower = Follower.running
    if follower is not None and threading.current_thread() is not follower.thread:
        transaction.on_commit(follower.wake)
        return
    if connection.in_atomic_block and any(func is keep_current for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(keep_current, robust=True)


class Follower:
    """Catches the indexes up on a thread (and a database connection) of its own while the writer writes the
    next batch, so a batch's catch-up is off the writer's path: what lets ingestion go faster than one process
    can both write and index. A batch's cases are queued in the batch's own transaction, so the follower is no
    less crash-consistent than a catch-up in line; leaving the block waits until everything committed before
    it is caught up. `busy` is the seconds it spent catching up."""

    running: Follower | None = None

    def __init__(self) -> None:
        self.thread = threading.Thread(target=self._follow, name="search-index-follower", daemon=True)
        self.busy = 0.0
        self._woken = threading.Event()
        self._leaving = False

    def __enter__(self) -> Follower:
        Follower.running = self
        self.thread.start()
        return self

    def wake(self) -> None:
        self._woken.set()

    def _follow(self) -> None:
        try:
            while True:
                self._woken.wait()
                self._woken.clear()
                started = time.monotonic()
                try:
                    keep_current()
                except Exception:  # the database unreachable, say: the cases stay queued, the writer goes on
                    log.exception("search indexes: the follower could not catch up; the cases stay queued")
                self.busy += time.monotonic() - started
                if self._leaving and not self._woken.is_set():
                    return
        finally:
            connection.close()  # this thread's own

    def __exit__(self, *exc) -> None:
        Follower.running = None
        self._leaving = True
        self._woken.set()
        self.thread.join()


def ensure_index(name: str = engine.DEFAULT) -> str:
    """Build the index `name` when it is not registered or its directory is not on this node, else catch it
    up: how `make run` gets a working engine from a fresh clone. Returns what it did."""
    directory = dict(registered()).get(name)
    if directory and Path(directory).is_dir():
        return f"Search index {name!r} caught up: {engine.catch_up(name):,} queued cases written."
    return f"Search index {name!r} built: {engine.rebuild(name):,} cases."
