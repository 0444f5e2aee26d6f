"""Demo mentor decrees, issued through the decree workflow so every state shows somewhere.

The Sulawesi Selatan decree of Dec 2021 tells the real story (its number, signatory and
NIP are made up). The other provinces get invented decrees from a nearby ministry
centre: most in force, a few expiring within weeks of today, one expired, one
superseded, one revoked and replaced, one still a draft, and a few forums with none.
A decree whose number exists is left as it is, so a second run changes nothing.
Signed decrees carry a PAdES signature by their signatory's certificate from the demo CA.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from registry.models import Blkk, TrainingCentre

from ..documents import clause_ordinal, lines_of
from ..models import Decree
from ..pades import sign_pdf
from ..services import revoke_decree, sign_decree
from .ca import demo_signer
from .pdf import text_pdf

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
RENAMING = datetime.date(2022, 2, 1)  # BLK/BBPLK became BPVP/BBPVP; older decrees use the former names
TITLE = "Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas"
# Invented signatories: plausible names and 18-digit NIPs (birth date, appointment, sex, serial).
SIGNATORIES = [
    (datetime.date(2023, 6, 30), "Dr. Bambang Satriyo Wibowo, M.M.", "196708141993031002"),
    (datetime.date(2099, 12, 31), "Dr. Hendra Kusumawardana, S.T., M.Si.", "197203191998031001"),
]

SULSEL_NUMBER = "2/3612/LP.03.02/XII/2021"
SULSEL_DATE = datetime.date(2021, 12, 20)

# Each provincial forum's nearest ministry centre: in the province where there is one.
# fmt: off
CENTRE_OF_PROVINCE = {
    "11": "BPVP Banda Aceh", "12": "BBPVP Medan", "13": "BPVP Padang", "14": "BPVP Padang", "15": "BPVP Padang",
    "16": "BPVP Belitung", "17": "BPVP Padang", "18": "BBPVP Serang", "19": "BPVP Belitung", "21": "BBPVP Medan",
    "31": "BBPVP Bekasi", "32": "BBPVP Bandung", "33": "BBPVP Semarang", "34": "BPVP Surakarta",
    "35": "BPVP Sidoarjo", "36": "BBPVP Serang", "51": "BPVP Lombok Timur", "52": "BPVP Lombok Timur",
    "53": "BPVP Lombok Timur", "61": "BPVP Samarinda", "62": "BPVP Samarinda", "63": "BPVP Samarinda",
    "64": "BPVP Samarinda", "65": "BPVP Samarinda", "71": "BPVP Ternate", "72": "BPVP Pangkep",
    "73": "BBPVP Makassar", "74": "BPVP Kendari", "75": "BPVP Ternate", "76": "BPVP Pangkep", "81": "BPVP Ambon",
    "82": "BPVP Ternate", "91": "BPVP Sorong", "92": "BPVP Sorong", "93": "BPVP Sorong", "94": "BPVP Sorong",
    "95": "BPVP Sorong", "96": "BPVP Sorong",
}
# fmt: on
# Fixed dates stay in the past on any machine; signing refuses future dates.
LAST_DECREE_DATE = datetime.date(2025, 9, 30)
WITHOUT_DECREE = {"75", "92"}
DRAFT_ONLY = {"96"}
EXPIRING_SOON = {"15", "62", "82"}
EXPIRED = {"65": (datetime.date(2022, 6, 8), datetime.date(2024, 12, 31))}
# Sulawesi Barat was first given to BBPVP Makassar, then to BPVP Pangkep in a decree that superseded it.
SUPERSEDED = {"76": ("BBPVP Makassar", datetime.date(2022, 4, 11), datetime.date(2024, 7, 22))}
# Maluku was first given to BPVP Ternate by mistake; that decree was revoked and BPVP Ambon appointed.
REVOKED = {
    "81": ("BPVP Ternate", datetime.date(2022, 5, 17), datetime.date(2023, 2, 14), datetime.date(2023, 3, 6)),
}
REVOCATION_REASON = (
    "Provinsi Maluku termasuk wilayah kerja BPVP Ambon, bukan BPVP Ternate; penunjukan pembina "
    "ditetapkan kembali dengan keputusan baru."
)


def issue_all(rng, forums, admin):
    """Issue the demo decrees for the forums (province code → forum); returns how many were new."""
    numbers = _Numbers(rng)
    created = 0
    sulsel = forums["73"]
    created += _issue(_sulsel_plan(sulsel), admin)
    for code, forum in sorted(forums.items()):
        if code == "73" or code in WITHOUT_DECREE:
            continue
        created += _issue_for_province(rng, numbers, code, forum, admin)
    return created


def _issue_for_province(rng, numbers, code, forum, admin):
    annex = _annex(rng, code)
    centre = CENTRE_OF_PROVINCE[code]
    if code in SUPERSEDED:
        first_centre, first_date, second_date = SUPERSEDED[code]
        first = _plan(numbers, forum, first_centre, first_date, annex, until=_five_years(first_date))
        second = _plan(
            numbers, forum, centre, second_date, annex, until=_five_years(second_date), supersedes=first["number"]
        )
        return _issue(first, admin) + _issue(second, admin)
    if code in REVOKED:
        first_centre, first_date, revoked_on, second_date = REVOKED[code]
        first = _plan(numbers, forum, first_centre, first_date, annex, until=_five_years(first_date))
        revoking_number = numbers.next(revoked_on)
        second = _plan(numbers, forum, centre, second_date, annex, until=_five_years(second_date))
        count = _issue(first, admin)
        _revoke(first["number"], revoking_number, revoked_on, admin)
        return count + _issue(second, admin)
    earliest = max(datetime.date(2022, 3, 1), forum.established_on + datetime.timedelta(days=14))
    decree_date = _random_date(rng, earliest, LAST_DECREE_DATE)
    until = _five_years(decree_date)
    if code in EXPIRING_SOON:
        until = timezone.localdate() + datetime.timedelta(days=rng.randint(20, 50))
    if code in EXPIRED:
        decree_date, until = EXPIRED[code]
    plan = _plan(numbers, forum, centre, decree_date, annex, until=until)
    return _issue(plan, admin, sign=code not in DRAFT_ONLY)


def _sulsel_plan(forum):
    annex = list(
        Blkk.objects.filter(
            name__in=[
                "BLK-K PP Ittihadiyah Tanre Assona",
                "BLK-K PP Multidimensi Al-Fakhriyah",
                "BLK-K PP Al Mubarak DDI Tobarakka",
            ]
        ).values_list("pk", flat=True)
    )
    # Open-ended, "until a new decree": a fixed end would soon take the demo mentor's scope away.
    return _plan(None, forum, "BBPVP Makassar", SULSEL_DATE, annex, number=SULSEL_NUMBER, until=None)


def _annex(rng, province_code):
    """3–10 of the province's BLK-Ks, in registry order so the draw does not depend on row ids."""
    pks = list(
        Blkk.objects.filter(regency__province_id=province_code).order_by("registry_number").values_list("pk", flat=True)
    )
    return sorted(rng.sample(pks, min(len(pks), rng.randint(3, 10))))


def _five_years(decree_date):
    return datetime.date(decree_date.year + 5, 12, 31)


def _plan(numbers, forum, centre_name, decree_date, annex, *, until, supersedes=None, number=None):
    """Everything a decree row needs, and the annex BLK-Ks' ids apart."""
    centre = TrainingCentre.objects.get(name=centre_name)
    centre_text = centre.former_name if decree_date < RENAMING and centre.former_name else centre.name
    province = forum.province.name
    signatory_name, signatory_nip = next((name, nip) for last_day, name, nip in SIGNATORIES if decree_date <= last_day)
    return {
        "number": number or numbers.next(decree_date),
        "subject": f"Penunjukan {_long_name(centre_text)} sebagai Pembina Forum Koordinasi "
        f"Balai Latihan Kerja Komunitas Provinsi {province}",
        "kind": Decree.Kind.MENTOR,
        "forum": forum,
        "centre": centre,
        "considerations": _considerations(centre_text, province),
        "legal_bases": _legal_bases(decree_date),
        "clauses": _clauses(centre_text, province, until),
        "place": "Jakarta",
        "decree_date": decree_date,
        "signatory_name": signatory_name,
        "signatory_title": TITLE,
        "signatory_nip": signatory_nip,
        "effective_from": decree_date,
        "effective_until": until,
        "supersedes": supersedes,
        "annex": annex,
    }


def _long_name(centre_text):
    """BLK Makassar → Balai Latihan Kerja Makassar; BPVP Ambon → Balai Pelatihan Vokasi dan Produktivitas Ambon."""
    prefixes = {
        "BBPVP ": "Balai Besar Pelatihan Vokasi dan Produktivitas ",
        "BPVP ": "Balai Pelatihan Vokasi dan Produktivitas ",
        "BBPLK ": "Balai Besar Pengembangan Latihan Kerja ",
        "BLK ": "Balai Latihan Kerja ",
    }
    for short, long in prefixes.items():
        if centre_text.startswith(short):
            return long + centre_text.removeprefix(short)
    return centre_text


def _considerations(centre_text, province):
    return "\n".join(
        [
            "bahwa dalam rangka mewujudkan kemandirian Balai Latihan Kerja Komunitas, perlu dilakukan pembinaan "
            "dan pendampingan secara berkelanjutan melalui forum koordinasi di tingkat provinsi;",
            f"bahwa {_long_name(centre_text)} dinilai mampu melaksanakan pembinaan dan pendampingan Balai Latihan "
            f"Kerja Komunitas di Provinsi {province};",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan "
            "Keputusan Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas tentang penunjukan pembina "
            f"Forum Koordinasi Balai Latihan Kerja Komunitas Provinsi {province};",
        ]
    )


def _legal_bases(decree_date):
    labour_law = "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan"
    if decree_date >= datetime.date(2023, 4, 1):
        labour_law += (
            " sebagaimana telah diubah dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan "
            "Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang"
        )
    bases = [
        labour_law + ";",
        "Peraturan Pemerintah Nomor 31 Tahun 2006 tentang Sistem Pelatihan Kerja Nasional;",
        "Peraturan Presiden Nomor 95 Tahun 2020 tentang Kementerian Ketenagakerjaan;",
    ]
    if decree_date >= datetime.date(2022, 5, 1):
        bases.append(
            "Peraturan Presiden Nomor 68 Tahun 2022 tentang Revitalisasi Pendidikan Vokasi dan Pelatihan Vokasi;"
        )
    bases.append(
        "Peraturan Menteri Ketenagakerjaan Nomor 1 Tahun 2021 tentang Organisasi dan Tata Kerja "
        "Kementerian Ketenagakerjaan;"
    )
    return "\n".join(bases)


def _clauses(centre_text, province, until):
    centre_long = _long_name(centre_text)
    return "\n".join(
        [
            f"Menunjuk {centre_long} sebagai Pembina Forum Koordinasi Balai Latihan Kerja Komunitas Provinsi "
            f"{province}.",
            "Pembina sebagaimana dimaksud dalam Diktum KESATU bertugas: mendampingi penyusunan dan pelaksanaan "
            "program kerja forum; membina Balai Latihan Kerja Komunitas menuju kemandirian sesuai peta jalan "
            "kemandirian; serta melaksanakan monitoring dan evaluasi.",
            f"Balai Latihan Kerja Komunitas yang didampingi langsung oleh {centre_long} tercantum dalam Lampiran "
            "yang merupakan bagian tidak terpisahkan dari Keputusan ini.",
            "Pembina melaporkan pelaksanaan tugasnya kepada Direktur Jenderal Pembinaan Pelatihan Vokasi dan "
            "Produktivitas setiap semester.",
            f"Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan tanggal {tanggal(until)}."
            if until
            else "Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan ditetapkannya keputusan baru.",
        ]
    )


def tanggal(day):
    """A date as Indonesian documents write it: 20 Desember 2021."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


class _Numbers:
    """Decree numbers in the post-2020 format, with running numbers that never repeat."""

    def __init__(self, rng):
        self.rng = rng
        self.used = {int(SULSEL_NUMBER.split("/")[1])}

    def next(self, on):
        running = self.rng.randint(100, 4999)
        while running in self.used:
            running += 1
        self.used.add(running)
        return f"2/{running}/LP.03.02/{ROMAN[on.month - 1]}/{on.year}"


def _issue(plan, admin, *, sign=True):
    """Create the draft and sign it, unless a decree with its number exists; 1 if created."""
    if Decree.objects.filter(number=plan["number"]).exists():
        return 0
    values = {key: value for key, value in plan.items() if key not in ("annex", "supersedes")}
    if plan["supersedes"]:
        values["supersedes"] = Decree.objects.get(number=plan["supersedes"])
    decree = Decree(**values)
    decree.full_clean()
    decree.save()
    decree.annex_blkks.set(plan["annex"])
    if sign:
        pdf = text_pdf(_document_lines(decree))
        if settings.DECREE_DEMO_CA:
            signer = demo_signer(decree.signatory_name, decree.signatory_nip, in_house=_is_current(decree))
            pdf = sign_pdf(pdf, signer, reason=decree.subject[:200], location=decree.place)
        upload = ContentFile(pdf, name="signed.pdf")
        sign_decree(decree, upload, user=admin, signed_on=decree.decree_date, accept_unsigned=True)
    return 1


def _is_current(decree):
    """Whether the decree's signatory is the one in office now, whose certificate the portal signs with."""
    return decree.signatory_nip == SIGNATORIES[-1][2]


def _revoke(number, revoking_number, revoked_on, admin):
    decree = Decree.objects.get(number=number)
    if decree.status == Decree.Status.SIGNED:
        revoke_decree(
            decree, user=admin, reason=REVOCATION_REASON, revoking_number=revoking_number, revoked_on=revoked_on
        )


def _document_lines(decree):
    """The decree's text, as the stand-in for its signed scan."""
    lines = [
        "KEMENTERIAN KETENAGAKERJAAN REPUBLIK INDONESIA",
        f"KEPUTUSAN {TITLE.upper()}",
        f"NOMOR {decree.number}",
        "TENTANG",
        decree.subject.upper(),
        "",
        "Menimbang:",
        *(f"{'abcdefghij'[i]}. {text}" for i, text in enumerate(lines_of(decree.considerations))),
        "Mengingat:",
        *(f"{i}. {text}" for i, text in enumerate(lines_of(decree.legal_bases), start=1)),
        "MEMUTUSKAN:",
        *(f"{clause_ordinal(i)}: {text}" for i, text in enumerate(lines_of(decree.clauses), start=1)),
        "",
        f"Ditetapkan di {decree.place} pada tanggal {tanggal(decree.decree_date)}",
        decree.signatory_title,
        decree.signatory_name,
        f"NIP {decree.signatory_nip}",
        "",
        "LAMPIRAN: BLK Komunitas yang didampingi",
    ]
    annex = decree.annex_blkks.select_related("regency").order_by("name")
    lines += [f"{i}. {blkk.name}, {blkk.regency.name}" for i, blkk in enumerate(annex, start=1)]
    return lines
