#!/usr/bin/env python
"""Django's command-line utility for the IMR archive."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")
    from django.core.management import execute_from_command_line

    from imr_archive.embedded_db import EmbeddedDatabaseError

    try:
        execute_from_command_line(sys.argv)
    except EmbeddedDatabaseError as error:  # a data directory the server cannot use: what to do, no traceback
        sys.exit(f"Error: {error}")


if __name__ == "__main__":
    main()
