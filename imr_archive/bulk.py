"""The bulk files `manage.py export_bulk` writes, served as plain downloads (404 until one is built)."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest

from determinations.management.commands.export_bulk import BULK_FILES


def bulk_file(request: HttpRequest, name: str) -> FileResponse:
    path = settings.IMR_BULK_DIR / name
    if name not in BULK_FILES or not path.is_file():
        raise Http404("No bulk file by that name yet; it is built by `manage.py export_bulk`.")
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=name,
                            content_type="application/gzip")
    response["Cache-Control"] = "public, max-age=3600"
    return response
