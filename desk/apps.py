from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The attorney's desk: saved searches with e-mail alerts, folders, tables of authorities."""

    name = "desk"
    default_auto_field = "django.db.models.BigAutoField"
