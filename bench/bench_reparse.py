"""An archive of generated letters read by an older parser, for timing `manage.py reparse --all` on it.

    DATABASE_URL=postgresql://postgres@/postgres?host=/path/to/socket \\
        .venv/bin/python bench/bench_reparse.py --letters 100000 --db imr_reparse_letters [--before f863b23]

1. writes N generated text letters (`make_letters`, every core; cached under the work folder);
2. checks out the parser of commit `--before` (`git archive`) and, with that checkout's own code, migrates a
   fresh database `--db` on DATABASE_URL's server and ingests the letters into it (files under the work folder),
   in a virtualenv of its own made from its requirements.txt;
3. migrates the database to this checkout's schema, and prints the command that re-reads it:
   `reparse --all`, whose summary (documents, time, letters/s, cases whose guidelines changed) is the figure.

So every case was written by the old parser from a real (generated) letter file, as a deployed archive's
cases were, and `reparse` finds what the current parser reads differently. It reports; it never asserts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def database_url(database: str) -> str:
    """DATABASE_URL with its database name replaced."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + database))


def run(command: list[str], cwd: Path, env: dict[str, str], what: str, *, check: bool = True) -> None:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=check)
    print(f"{what}: {time.perf_counter() - started:.0f} s", flush=True)


def old_python(checkout: Path) -> str:
    """A Python for the old checkout: its own virtualenv from its own requirements.txt (made once, kept in the
    work folder), since its dependencies are not this checkout's (it still needs django-filter, for one)."""
    python = checkout / ".venv" / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(checkout / ".venv")], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r",
                        str(checkout / "requirements.txt")], check=True)
    return str(python)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--db", default="imr_reparse_letters", help="database to (re)create on DATABASE_URL's server")
    parser.add_argument("--before", default="f863b23", help="commit whose parser writes the archive first")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench" / "reparse",
                        help="letters, the old checkout and the stored files go here")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        parser.error("set DATABASE_URL to any database on the server (only its server is used)")

    letters = args.work / f"letters-{args.letters}-seed{args.seed}"
    before = args.work / f"src-{args.before}"
    media = args.work / f"media-{args.db}"
    env = {**os.environ, "DATABASE_URL": database_url(args.db), "MEDIA_ROOT": str(media),
           "PYTHONDONTWRITEBYTECODE": "1"}
    if not (letters / ".complete").exists():
        run([sys.executable, "manage.py", "make_letters", str(args.letters), "--out", str(letters),
             "--seed", str(args.seed)], ROOT, env, "make_letters")
        (letters / ".complete").touch()
    if not before.exists():
        before.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", args.before], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)

    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{args.db}"')
    python = old_python(before)
    run([python, "manage.py", "migrate", "--noinput", "-v", "0"], before, env, f"migrate ({args.before})")
    run([python, "manage.py", "ingest", str(letters), "--no-progress"], before, env,
        f"ingest with the parser of {args.before}", check=False)  # the generator's empty non-letters fail
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], ROOT, env, "migrate (this checkout)")
    print("Now re-read it with this checkout's parser:\n"
          f"  DATABASE_URL='{env['DATABASE_URL']}' MEDIA_ROOT={media} {sys.executable} manage.py reparse --all")


if __name__ == "__main__":
    main()
