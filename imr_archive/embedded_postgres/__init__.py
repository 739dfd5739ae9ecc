"""A PostgreSQL backend that starts the embedded server on first connection, not at import.

So commands that never touch the database (parse_letter, make_letters) start nothing, and the ones that
do pay the half-second start once per process.
"""
