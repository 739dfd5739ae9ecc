"""`manage.py rebuild_search_index`: build the search engine's index again from the archive (PostgreSQL is the
record; the index is derived). `--catch-up` writes only the cases changed since, as queued by the database."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from determinations import engine


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", default=engine.DEFAULT, help="which index (one per web node, say)")
        parser.add_argument("--catch-up", action="store_true", help="write the queued cases only")
        parser.add_argument("--threads", type=int, default=1, help="tantivy's indexing threads")

    def handle(self, *args, name: str, catch_up: bool, threads: int, **options) -> None:
        started = time.perf_counter()
        if catch_up:
            n = engine.catch_up(name)
            self.stdout.write(f"Search index {name!r}: {n:,} queued cases written "
                              f"({time.perf_counter() - started:.1f} s).")
            return
        n = engine.rebuild(name, threads=threads)
        self.stdout.write(f"Search index {name!r} rebuilt: {n:,} cases ({time.perf_counter() - started:.1f} s).")
