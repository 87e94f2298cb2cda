"""Files the app hands over (exports, manifests, badges, calendars): one response shape,
the type read from the file's name."""

from pathlib import PurePath

from flask import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    ".xlsx": XLSX,
    ".pdf": "application/pdf",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".ics": "text/calendar; charset=utf-8",
}


def download(data: bytes | str, filename: str, inline: bool = False, cache: str | None = None) -> Response:
    """`data` as `filename`: saved by the browser, or shown in it when `inline`; `cache`
    is the Cache-Control header, when the file may (or must not) be kept."""
    disposition = "inline" if inline else "attachment"
    response = Response(data, content_type=CONTENT_TYPES[PurePath(filename).suffix])
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if cache:
        response.headers["Cache-Control"] = cache
    return response
