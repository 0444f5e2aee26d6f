"""CSV and XLSX downloads of any list, in constant memory whatever the number of rows.

`export_response(rows, columns, filename, fmt)` takes an iterable of row tuples (usually
`values_list(...).iterator(chunk_size=2000)` of the same queryset the page shows, so the
export has the page's filters and access scope) and a list of `Column`s:

- CSV streams: a generator writes one chunk of lines at a time into a
  StreamingHttpResponse, so nothing holds more than a chunk;
- XLSX is a zip that cannot be streamed before it is complete: openpyxl's write-only
  workbook writes rows to a temporary file as they come, and the finished file is
  sent from disk.
"""

import csv
import tempfile
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

CHUNK = 2000
FORMATS = ("csv", "xlsx")
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A column: its heading and an optional function turning the stored value into the shown one."""

    heading: Any
    show: Any = None

    def value(self, raw):
        return self.show(raw) if self.show else raw


def labels_of(choices):
    """A `show` function that turns a TextChoices value into its label."""
    names = {value: str(label) for value, label in choices.choices}
    return lambda value: names.get(value, value)


def _safe(value):
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value):
        return value


def _csv_lines(rows, columns):
    writer = csv.writer(_Echo())
    # A byte-order mark lets Excel read the file as UTF-8 (names carry accents and quotes).
    yield "\ufeff" + writer.writerow([str(column.heading) for column in columns])
    batch = []
    for row in rows:
        batch.append(writer.writerow([_safe(column.value(raw)) for column, raw in zip(columns, row, strict=True)]))
        if len(batch) >= CHUNK:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _xlsx_file(rows, columns, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(column.heading) for column in columns])
    for row in rows:
        sheet.append([_safe(column.value(raw)) for column, raw in zip(columns, row, strict=True)])
    # Deleted once closed, which FileResponse does after sending the last byte.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    workbook.save(file)
    file.seek(0)
    return file


def export_response(rows, columns, filename, fmt):
    """A download of `rows` as `<filename>-<date>.<fmt>`; an unknown format answers 404."""
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    name = f"{filename}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(rows, columns), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(
            _xlsx_file(rows, columns, filename),
            as_attachment=True,
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def queryset_rows(queryset, fields):
    """The queryset's values for `fields`, fetched in chunks (a server-side cursor on PostgreSQL)."""
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)
