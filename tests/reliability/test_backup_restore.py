"""`make backup` then `make restore` into a fresh database gives back every row and every file.

The scripts run as `make` runs them, against the test database (its rows committed by
transactional_db) and a MEDIA_ROOT holding a signed decree and report evidence. The
restore goes into a new database and another folder; then the row count and content of
every table, and the SHA-256 of every file, must match.
"""

import datetime
import shutil
import subprocess

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from psycopg2 import sql

from forum.services import sign_decree
from roadmap.services import submit_report
from tests.factories import (
    BlkkFactory,
    DecreeFactory,
    ImplementationFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    UserFactory,
)

from .conftest import ROOT, database_url, files_under, portal_environment, postgres_only

pytestmark = postgres_only

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BASH = shutil.which("bash")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def run_script(name, *arguments, **environment):
    completed = subprocess.run(  # noqa: S603 - the project's own scripts
        [BASH, f"scripts/{name}", *arguments],
        cwd=ROOT,
        env=portal_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return completed


@pytest.fixture
def restored_name():
    """The name of a database that does not exist yet; dropped after the test."""
    name = f"{connection.settings_dict['NAME']}_restored"
    drop_database(name)
    yield name
    drop_database(name)


def admin_connection(dbname="postgres"):
    settings = connection.settings_dict
    link = psycopg2.connect(
        dbname=dbname,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
    )
    link.autocommit = True
    return link


def drop_database(name):
    link = admin_connection()
    with link.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    link.close()


def table_fingerprints(dbname):
    """{table: (row count, MD5 of all its rows in a fixed order)} for every table of the public schema."""
    link = admin_connection(dbname)
    fingerprints = {}
    with link.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        for (table,) in cursor.fetchall():
            query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, %s ORDER BY t::text), %s)) FROM {} t")
            cursor.execute(query.format(sql.Identifier(table)), ["\n", ""])
            fingerprints[table] = cursor.fetchone()
    link.close()
    return fingerprints


@pytest.fixture
def portal_with_uploads(transactional_db, settings, tmp_path):
    """Rows in most tables, and files under MEDIA_ROOT: a signed decree and report evidence."""
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = UserFactory(username="admin-cadangan", is_staff=True, is_superuser=True)
    manager = UserFactory(username="pengelola-cadangan", roles=["blkk_manager"])
    blkk = BlkkFactory(managers=[manager])
    decree = DecreeFactory()
    decree.annex_blkks.set([blkk])
    sign_decree(
        decree, SimpleUploadedFile("sk.pdf", PDF), user=admin, signed_on=datetime.date(2022, 1, 3), accept_unsigned=True
    )
    roadmap = RoadmapFactory()
    period = ReportingPeriodFactory(roadmap=roadmap)
    implementation = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=blkk)
    submit_report(
        implementation,
        user=manager,
        period=period,
        status="in_progress",
        progress=30,
        narrative="Foto kegiatan pelatihan.",
        evidence=SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
        expected_version=0,
    )
    return settings.MEDIA_ROOT


def test_a_backup_restored_into_a_fresh_database_gives_back_every_row_and_file(
    portal_with_uploads, restored_name, tmp_path
):
    media = portal_with_uploads
    backup = tmp_path / "backup"

    made = run_script("backup.sh", str(backup), DATABASE_URL=database_url(), MEDIA_ROOT=media)
    assert made.returncode == 0, made.stderr
    restored_media = tmp_path / "restored-media"
    restored = run_script(
        "restore.sh", str(backup), DATABASE_URL=database_url(restored_name), MEDIA_ROOT=restored_media
    )
    assert restored.returncode == 0, restored.stderr

    original, copy = table_fingerprints(connection.settings_dict["NAME"]), table_fingerprints(restored_name)
    assert copy == original
    assert original["forum_decree"][0] == 1
    assert original["roadmap_statusreport"][0] == 1
    assert len(files_under(media)) == 2
    assert files_under(restored_media) == files_under(media)


def test_a_damaged_backup_is_refused_before_anything_is_touched(portal_with_uploads, restored_name, tmp_path):
    backup = tmp_path / "backup"
    made = run_script("backup.sh", str(backup), DATABASE_URL=database_url(), MEDIA_ROOT=portal_with_uploads)
    assert made.returncode == 0, made.stderr
    archive = backup / "media.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))

    restored_media = tmp_path / "restored-media"
    restored = run_script(
        "restore.sh", str(backup), DATABASE_URL=database_url(restored_name), MEDIA_ROOT=restored_media
    )

    assert restored.returncode != 0
    assert "damaged" in restored.stderr
    assert not restored_media.exists()
    link = admin_connection()
    with link.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [restored_name])
        assert cursor.fetchone()[0] == 0
    link.close()


def test_a_backup_refuses_to_overwrite_an_earlier_one(portal_with_uploads, tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"an earlier backup")

    made = run_script("backup.sh", str(backup), DATABASE_URL=database_url(), MEDIA_ROOT=portal_with_uploads)

    assert made.returncode != 0
    assert (backup / "database.dump").read_bytes() == b"an earlier backup"
