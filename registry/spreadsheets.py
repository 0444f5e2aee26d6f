"""Reading an uploaded spreadsheet (XLSX or CSV) into rows of cells, safely.

Nothing in the file is run: openpyxl opens workbooks read-only with `data_only=True`,
so a formula cell yields the value the spreadsheet program last saved for it (or
nothing), never the formula; macros are not loaded (`keep_vba` stays off) and a
macro-enabled workbook is refused outright; hidden sheets are skipped, the first
visible one is read. Any file that cannot be read ends as one `SpreadsheetError` with a
message a person understands.
"""

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"
# A macro-enabled workbook carries this part; the content type alone can be forged.
VBA_PART = "xl/vbaProject.bin"


class SpreadsheetError(Exception):
    """The upload is not a spreadsheet this portal can read; the message says why."""


@dataclass
class Sheet:
    """The cells of an uploaded file: headers, then data rows with their row number in the file."""

    name: str
    sha256: str
    headers: list
    rows: list  # (row number as the spreadsheet program shows it, [cell, ...])


def read_upload(upload):
    """The Sheet of an uploaded file; raises SpreadsheetError when it cannot be read."""
    if upload.size > MAX_BYTES:
        raise SpreadsheetError(_("The file is larger than 10 MB. Split it into smaller files."))
    content = b"".join(upload.chunks())
    digest = hashlib.sha256(content).hexdigest()
    name = upload.name or ""
    if content.startswith(XLSX_MAGIC):
        rows = _xlsx_rows(content)
    elif name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise SpreadsheetError(_("This file is not an Excel workbook (.xlsx). Save it as .xlsx or .csv and try again."))
    else:
        rows = _csv_rows(content)
    rows = [(number, cells) for number, cells in rows if any(cell not in (None, "") for cell in cells)]
    if not rows:
        raise SpreadsheetError(_("The file is empty: it has no heading row."))
    (_number, headers), *data = rows
    if len(data) > MAX_ROWS:
        raise SpreadsheetError(_("The file has more than 20,000 rows. Split it into smaller files."))
    return Sheet(name=name, sha256=digest, headers=[_text(cell) for cell in headers], rows=data)


def _xlsx_rows(content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if VBA_PART in archive.namelist():
                raise SpreadsheetError(_("Workbooks with macros are not accepted. Save the file as .xlsx or .csv."))
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise SpreadsheetError(_("The workbook cannot be read; it may be damaged. Save it again and retry.")) from error
    try:
        visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        if not visible:
            raise SpreadsheetError(_("The workbook has no visible sheet."))
        return [(number, list(cells)) for number, cells in enumerate(visible[0].iter_rows(values_only=True), start=1)]
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(_("The workbook cannot be read; it may be damaged. Save it again and retry.")) from error
    finally:
        workbook.close()


def _csv_rows(content):
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(_("This file is neither an Excel workbook (.xlsx) nor a CSV text file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in its ANSI code page unless told otherwise.
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    # Indonesian Excel writes CSV with semicolons, since the comma is its decimal sign.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))
    except csv.Error as error:
        raise SpreadsheetError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error


def _text(cell):
    return "" if cell is None else str(cell).strip()
