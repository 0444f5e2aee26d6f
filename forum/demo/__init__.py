"""Demo data for the forums: FKN BLK-K and its Rakornas of Dec 2021, provincial forums with
their boards and meetings, and the mentor decrees (in `demo_decrees`).

The Rakornas (6–7 Dec 2021, Harris Hotel & Convention Bekasi, 75 BLK-Ks) and the Sulawesi
Selatan decree are the real story; board members, other meetings and other forums are
invented. Rows are found by their natural keys (forum name, meeting title, decree number)
and only missing ones are made; every random draw happens on every run, so a second run
decides exactly as the first and adds nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from accounts.roles import Role
from blkk_portal import reasons
from registry.demo import REAL_BLKK_NAMES, ensure_user
from registry.models import Blkk, Province

from ..models import BoardPosition, Forum, Meeting
from .decrees import issue_all

SEED = 2021
NO_FORUM_YET = {"93", "94", "95"}  # Papua Selatan, Tengah and Pegunungan: provinces since 2022
FKN_NAME = "Forum Koordinasi Nasional BLK Komunitas"
FKN_FOUNDED = datetime.date(2021, 12, 7)
# The founding board serves 2021–2026; the board elected to follow it starts the day after.
FKN_TERMS = [(FKN_FOUNDED, datetime.date(2026, 12, 6)), (datetime.date(2026, 12, 7), datetime.date(2031, 12, 6))]
FKN_SEATS = [
    (BoardPosition.Role.KETUA, ""),
    (BoardPosition.Role.WAKIL_KETUA, ""),
    (BoardPosition.Role.SEKRETARIS, ""),
    (BoardPosition.Role.BENDAHARA, ""),
    (BoardPosition.Role.KOORDINATOR, "Koordinator Bidang Kelembagaan dan Legalitas"),
    (BoardPosition.Role.KOORDINATOR, "Koordinator Bidang Program dan Kemitraan"),
    (BoardPosition.Role.KOORDINATOR, "Koordinator Bidang Kewirausahaan dan Alumni"),
]
PROVINCE_SEATS = [
    (BoardPosition.Role.KETUA, ""),
    (BoardPosition.Role.SEKRETARIS, ""),
    (BoardPosition.Role.BENDAHARA, ""),
]
PROVINCE_TERM_YEARS = 4  # inferred: a masa bakti of four years
SULSEL_FOUNDED = datetime.date(2021, 11, 18)
PAPUA_BARAT_DAYA_FOUNDED = datetime.date(2023, 6, 12)
BOARD_ACCOUNTS = {
    "pengurus.fkn": "Zainal Arifin",
    "pengurus.sulsel": "Abdul Rahman Tahir",
}
SULSEL_CHAIR_BLKK = "BLK-K PP Al Mubarak DDI Tobarakka"
RAKORNAS = {
    "kind": Meeting.Kind.RAKORNAS,
    "title": "Rapat Koordinasi Nasional FKN BLK-K 2021",
    "starts_on": datetime.date(2021, 12, 6),
    "ends_on": datetime.date(2021, 12, 7),
    "venue": "Harris Hotel & Convention Bekasi",
    "regency_id": "32.75",
    "minutes": (
        "Rakornas dibuka oleh Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas dan dihadiri "
        "perwakilan 75 BLK Komunitas dari seluruh Indonesia. Direktur Jenderal menyampaikan tugas FKN BLK-K: "
        "menyusun peta jalan kemandirian BLK Komunitas, melaksanakannya melalui aksi nyata, menetapkan program "
        "kerja, mengorganisasi pemangku kepentingan di tingkat daerah dan nasional, serta melakukan monitoring "
        "dan evaluasi. Peserta membahas rancangan peta jalan dan membentuk pengurus FKN BLK-K."
    ),
    "resolutions": "\n".join(
        [
            "Peluncuran Peta Jalan Kemandirian BLK Komunitas 2022–2026.",
            "Pembentukan pengurus FKN BLK-K masa bakti 2021–2026.",
            "Setiap provinsi membentuk Forum Koordinasi BLKK dengan pembina dari UPTP Kemnaker terdekat.",
            "Penyusunan program kerja FKN BLK-K tahun 2022.",
            "Monitoring dan evaluasi pelaksanaan peta jalan setiap semester.",
        ]
    ),
}
RAKORNAS_SIZE = 75
# (province, first day, venue, regency) of the provincial coordination meetings; invented.
PROVINCIAL_RAKOR = [
    ("73", datetime.date(2022, 3, 15), "Aula BBPVP Makassar", "73.71"),
    ("35", datetime.date(2022, 6, 21), "Aula BPVP Sidoarjo", "35.15"),
    ("32", datetime.date(2022, 9, 13), "Aula BBPVP Bandung", "32.73"),
    ("33", datetime.date(2023, 2, 7), "Aula BBPVP Semarang", "33.74"),
    ("52", datetime.date(2023, 5, 16), "Aula BPVP Lombok Timur", "52.03"),
    ("91", datetime.date(2023, 8, 22), "Aula Dinas Tenaga Kerja Provinsi Papua", "91.71"),
]


def load():
    """Create the forums' demo rows that are missing; returns a one-line summary."""
    from faker import Faker

    rng = random.Random(SEED)
    fake = Faker("id_ID")
    fake.seed_instance(SEED)
    admin = get_user_model().objects.get(username="admin")
    chairs = {name: ensure_user(name, full_name=full, role=Role.BOARD) for name, full in BOARD_ACCOUNTS.items()}
    fkn, new_forums = _national_forum()
    forums, new_provincial = _provincial_forums(rng)
    new_forums += new_provincial
    attendees = _rakornas_attendees(rng)
    new_meetings = _meeting(fkn, RAKORNAS, attendees, admin)
    new_seats = _fkn_board(rng, fake, fkn, attendees, chairs["pengurus.fkn"])
    new_seats += _provincial_boards(rng, fake, forums, chairs["pengurus.sulsel"])
    new_meetings += _provincial_meetings(rng, forums, admin)
    new_decrees = issue_all(rng, forums, admin)
    return (
        f"{new_forums} forums, {new_seats} board positions, {new_meetings} meetings and {new_decrees} decrees created"
    )


def _national_forum():
    forum, created = Forum.objects.get_or_create(
        kind=Forum.Kind.NATIONAL,
        defaults={
            "name": FKN_NAME,
            "short_name": "FKN BLK-K",
            "established_on": FKN_FOUNDED,
            "description": "Forum koordinasi BLK Komunitas tingkat nasional, dibentuk pada Rakornas Desember 2021.",
        },
    )
    return forum, int(created)


def _provincial_forums(rng):
    """One forum per province but the newest three; most were formed after the Rakornas urged it."""
    forums, created = {}, 0
    for province in Province.objects.exclude(code__in=NO_FORUM_YET).order_by("code"):
        founded = _founding_date(rng, province.code)
        forum, is_new = Forum.objects.get_or_create(
            kind=Forum.Kind.PROVINCIAL,
            province=province,
            defaults={"name": f"Forum Koordinasi BLKK {province.name}", "established_on": founded},
        )
        forums[province.code] = forum
        created += is_new
    return forums, created


def _founding_date(rng, code):
    drawn = datetime.date(2021, 12, 10) + datetime.timedelta(days=rng.randint(0, 110))
    return {"73": SULSEL_FOUNDED, "96": PAPUA_BARAT_DAYA_FOUNDED}.get(code, drawn)


def _rakornas_attendees(rng):
    """75 BLK-Ks founded by 2021: the three of Sulawesi Selatan, one per other province, the rest at random."""
    eligible = list(
        Blkk.objects.filter(year_established__lte=2021)
        .exclude(name__in=REAL_BLKK_NAMES)
        .order_by("registry_number")
        .values_list("pk", "regency__province_id")
    )
    chosen = list(Blkk.objects.filter(name__in=REAL_BLKK_NAMES).order_by("pk").values_list("pk", flat=True))
    by_province = {}
    for pk, province in eligible:
        by_province.setdefault(province, []).append(pk)
    for province in sorted(by_province):
        if province != "73":
            chosen.append(rng.choice(by_province[province]))
    taken = set(chosen)
    rest = [pk for pk, _province in eligible if pk not in taken]
    chosen += rng.sample(rest, RAKORNAS_SIZE - len(chosen))
    return chosen


def _meeting(forum, values, attendees, recorded_by):
    """Create the meeting and its attendance unless a meeting of that title exists; 1 if created."""
    if Meeting.objects.filter(forum=forum, title=values["title"]).exists():
        return 0
    meeting = Meeting.objects.create(forum=forum, recorded_by=recorded_by, **values)
    meeting.attendees.set(attendees)
    return 1


def _fkn_board(rng, fake, fkn, attendees, chair):
    """Both FKN terms; the chair, the demo account, was re-elected for the second."""
    pool = list(Blkk.objects.filter(pk__in=attendees).order_by("registry_number").select_related("regency"))
    chair_blkk = next(b for b in pool if b.regency.province_id == "35")
    seats = []
    for start, end in FKN_TERMS:
        members = rng.sample([b for b in pool if b != chair_blkk], len(FKN_SEATS) - 1)
        seats += _seats(fake, fkn, FKN_SEATS, [chair_blkk, *members], start, end, chair)
    return _create_board(fkn, seats)


def _provincial_boards(rng, fake, forums, sulsel_chair):
    """Two terms of four years per forum, the second one current; Papua Barat Daya has its first."""
    created = 0
    for code, forum in sorted(forums.items()):
        members = list(
            Blkk.objects.filter(regency__province_id=code, year_established__lte=forum.established_on.year).order_by(
                "registry_number"
            )
        ) or list(Blkk.objects.filter(regency__province_id=code).order_by("registry_number"))
        chair_blkk = Blkk.objects.get(name=SULSEL_CHAIR_BLKK) if code == "73" else None
        seats, start = [], forum.established_on
        for _term in range(1 if code == "96" else 2):
            end = _add_years(start, PROVINCE_TERM_YEARS) - datetime.timedelta(days=1)
            picked = _pick(rng, members, len(PROVINCE_SEATS), first=chair_blkk)
            seats += _seats(fake, forum, PROVINCE_SEATS, picked, start, end, sulsel_chair if chair_blkk else None)
            start = end + datetime.timedelta(days=1)
        created += _create_board(forum, seats)
    return created


def _pick(rng, members, count, first=None):
    """`count` BLK-Ks for the seats, `first` in the chair; None fills seats a small province lacks."""
    others = [b for b in members if b != first]
    picked = ([first] if first else []) + rng.sample(others, min(len(others), count - (1 if first else 0)))
    return picked + [None] * (count - len(picked))


def _seats(fake, forum, layout, blkks, start, end, chair=None):
    """Unsaved positions for one term; the chair's seat goes to the given account when there is one."""
    seats = []
    for (role, title), blkk in zip(layout, blkks, strict=True):
        person = f"{fake.first_name()} {fake.last_name()}"
        user = chair if chair is not None and role == BoardPosition.Role.KETUA else None
        seats.append(
            BoardPosition(
                forum=forum,
                role=role,
                title=title,
                person_name=user.full_name if user else person,
                user=user,
                blkk=blkk,
                term_start=start,
                term_end=end,
            )
        )
    return seats


def _create_board(forum, seats):
    if forum.board.exists():
        return 0
    bulk_create_with_history(seats, BoardPosition, default_change_reason=reasons.encode("demo"))
    return len(seats)


def _provincial_meetings(rng, forums, recorded_by):
    created = 0
    for code, first_day, venue, regency in PROVINCIAL_RAKOR:
        forum = forums[code]
        members = list(
            Blkk.objects.filter(regency__province_id=code, year_established__lte=first_day.year)
            .order_by("registry_number")
            .values_list("pk", flat=True)
        )
        attendees = rng.sample(members, min(len(members), rng.randint(8, 15)))
        if code == "73":
            real = Blkk.objects.filter(name__in=REAL_BLKK_NAMES).values_list("pk", flat=True)
            attendees = sorted({*attendees, *real})
        values = {
            "kind": Meeting.Kind.RAKOR,
            "title": f"Rapat Koordinasi {forum.name} {first_day.year}",
            "starts_on": first_day,
            "ends_on": first_day + datetime.timedelta(days=1),
            "venue": venue,
            "regency_id": regency,
            "minutes": f"Rapat koordinasi tahunan {forum.name}: capaian peta jalan kemandirian, "
            "kendala perizinan dan sertifikasi, serta rencana kemitraan dengan industri di daerah.",
            "resolutions": "Pemutakhiran data BLK Komunitas anggota forum.\n"
            "Pendampingan pengurusan izin operasional dan VIN bagi anggota yang belum memilikinya.\n"
            "Penjajakan kemitraan pelatihan dengan industri dan perguruan tinggi setempat.",
        }
        created += _meeting(forum, values, attendees, recorded_by)
    return created


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
