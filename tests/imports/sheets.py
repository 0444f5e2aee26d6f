"""Spreadsheets for the import tests, written the way people's files come: CSV or XLSX bytes."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADINGS_ID = ["Nomor registrasi", "Nama", "Lembaga induk", "Jenis lembaga induk", "Kabupaten/Kota"]


def csv_bytes(rows, delimiter=","):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode("utf-8")


def xlsx_bytes(rows, hidden=None):
    workbook = Workbook()
    if hidden is not None:
        secret = workbook.active
        secret.title = "rahasia"
        for row in hidden:
            secret.append(row)
        secret.sheet_state = "hidden"
        sheet = workbook.create_sheet("data")
    else:
        sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="blkk.csv"):
    return SimpleUploadedFile(name, content)
