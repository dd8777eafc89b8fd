"""A finished document as the bytes the API sends (JSON, or one table as CSV), and their media types.

Free of the web framework, so that a projection worker process renders its answer without
importing FastAPI, Starlette or Jinja2 (each worker stays small: issue 15).
"""

from __future__ import annotations

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
JSON_MEDIA_TYPE = "application/json"


def render_document(doc, fmt: str, table: str | None) -> tuple[bytes, str, dict[str, str]]:
    """Body, media type and headers of a finished document in ``fmt`` (json, csv).

    Raises:
        Nato3Error: naming ``table`` when the document has no such table.
    """
    if table is not None:  # an unknown table is refused whatever the format
        from nato3.render.csvout import pick

        pick(doc, table)
    if fmt == "csv":
        from nato3.render.csvout import to_csv

        name = table or doc.main.name
        headers = {"content-disposition": f'attachment; filename="nato3-{doc.kind}-{name}.csv"'}
        return to_csv(doc, table).encode("utf-8"), CSV_MEDIA_TYPE, headers
    from nato3.plain import dumps

    return dumps(doc.to_dict()), JSON_MEDIA_TYPE, {}
