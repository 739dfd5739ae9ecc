from pathlib import Path

from django.db.backends.postgresql import base

from imr_archive.embedded_db import ensure_started, postmaster_pid


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        ensure_started(Path(self.settings_dict["EMBEDDED_DATA_DIR"]))
        return super().get_connection_params()

    def get_new_connection(self, conn_params: dict):
        """If the server died under a running process (killed, stopped), start it again, as a service would
        be restarted, rather than fail every request until someone notices."""
        try:
            return super().get_new_connection(conn_params)
        except base.Database.OperationalError:
            data_dir = Path(self.settings_dict["EMBEDDED_DATA_DIR"])
            if postmaster_pid(data_dir) is not None:
                raise
            ensure_started(data_dir, recheck=True)
            return super().get_new_connection(conn_params)
