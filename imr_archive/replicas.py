"""Public reads from streaming replicas; the admin, the worker and every write on the primary.

Only a request's reads can go to a replica: the middleware marks the requests that may (anonymous GETs
outside the admin), and everything else (the worker, commands, migrations, staff) never leaves "default".
A replica lags the primary by its replay delay, so a visitor may see a letter a moment after staff do;
nobody ever writes through a replica (docs/deployment.md).
"""

from __future__ import annotations

import contextvars
import random

from django.conf import settings

_public_read: contextvars.ContextVar[bool] = contextvars.ContextVar("public_read", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if not _public_read.get():
            return "default"
        aliases = replica_aliases()
        return random.choice(aliases) if aliases else "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replicas hold the same rows

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"


def public_reads(enabled: bool) -> contextvars.Token:
    """Let this context's reads go to a replica (the limits middleware calls it for anonymous GETs)."""
    return _public_read.set(enabled)


def end_public_reads(token: contextvars.Token) -> None:
    _public_read.reset(token)
