from pathlib import Path

from django.db.backends.postgresql import base

from imr_archive.embedded_db import ensure_started


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        ensure_started(Path(self.settings_dict["EMBEDDED_DATA_DIR"]))
        return super().get_connection_params()
