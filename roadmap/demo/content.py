"""The content of the demo roadmap: pillars, indicators with targets, programmes, and the words
managers and mentors write in reports.

The roadmap's real pillars were never published; these six follow the classification
criteria and funding guidelines (DOMAIN.md). Indicators, targets and programmes are
invented but plausible for 3,757 BLK-Ks over 2022–2026.
"""

import datetime

TITLE = "Peta Jalan Kemandirian BLK Komunitas 2022–2026"
DESCRIPTION = (
    "Peta jalan yang disusun FKN BLK-K atas arahan Direktur Jenderal Binalavotas dan diluncurkan pada Rakornas "
    "6–7 Desember 2021. Peta jalan memuat enam pilar kemandirian, indikator dengan target tahunan, dan program "
    "kerja yang dilaksanakan seluruh BLK Komunitas anggota forum, dipantau melalui laporan triwulanan."
)
START_YEAR, END_YEAR = 2022, 2026
YEARS = range(START_YEAR, END_YEAR + 1)

# (number, name, weight, description)
PILLARS = [
    (1, "Kelembagaan dan Legalitas", 20, "Izin operasional LPK, VIN, akreditasi LA-LPK, dan tata kelola lembaga."),
    (2, "Program Pelatihan", 20, "Program pelatihan berbasis kompetensi, jumlah peserta, dan sertifikasi lulusan."),
    (3, "Instruktur dan Pengelola", 15, "Kompetensi instruktur dan kapasitas manajemen pengelola BLK Komunitas."),
    (
        4,
        "Kemitraan dan Jejaring",
        15,
        "Kerja sama dengan industri, perguruan tinggi, perbankan, dan pemerintah daerah.",
    ),
    (5, "Pendanaan dan Kewirausahaan", 20, "Unit produksi atau jasa, inkubasi bisnis, dan pendanaan di luar APBN."),
    (6, "Alumni", 10, "Penempatan kerja, wirausaha alumni, dan penelusuran alumni (tracer study)."),
]

# pillar number → [(code, name, unit, baseline, targets 2022–2026)]
INDICATORS = {
    1: [
        ("I1.1", "BLK Komunitas yang memiliki izin operasional LPK", "%", 38, (50, 65, 80, 90, 100)),
        ("I1.2", "BLK Komunitas yang terdaftar dengan VIN", "%", 25, (40, 60, 75, 85, 95)),
        ("I1.3", "BLK Komunitas terakreditasi LA-LPK", "lembaga", 60, (120, 250, 400, 550, 700)),
    ],
    2: [
        ("I2.1", "Peserta pelatihan per tahun", "orang", 45000, (60000, 70000, 80000, 90000, 100000)),
        ("I2.2", "Lulusan yang mengikuti uji kompetensi", "%", 20, (30, 40, 50, 60, 70)),
        ("I2.3", "Rata-rata angkatan pelatihan per BLK Komunitas per tahun", "angkatan", 2, (2, 3, 3, 4, 4)),
    ],
    3: [
        ("I3.1", "Instruktur bersertifikat kompetensi", "%", 35, (45, 55, 65, 75, 85)),
        ("I3.2", "Pengelola yang mengikuti pelatihan manajemen lembaga", "orang", 800, (1500, 2500, 3500, 4500, 5500)),
    ],
    4: [
        ("I4.1", "BLK Komunitas dengan sedikitnya satu mitra industri", "%", 22, (30, 40, 50, 60, 70)),
        (
            "I4.2",
            "Perjanjian kerja sama dengan industri, kampus, bank, atau pemda",
            "dokumen",
            150,
            (300, 500, 750, 1000, 1300),
        ),
    ],
    5: [
        ("I5.1", "BLK Komunitas dengan unit produksi atau jasa berjalan", "lembaga", 180, (283, 400, 550, 700, 900)),
        ("I5.2", "Pendanaan pelatihan di luar APBN", "% biaya pelatihan", 5, (8, 12, 16, 20, 25)),
        ("I5.3", "BLK Komunitas peserta inkubasi bisnis", "lembaga", 0, (100, 150, 200, 250, 300)),
    ],
    6: [
        ("I6.1", "Alumni yang bekerja atau berwirausaha dalam enam bulan", "%", 40, (45, 50, 55, 60, 65)),
        ("I6.2", "BLK Komunitas yang melaksanakan tracer study", "%", 10, (20, 35, 50, 65, 80)),
    ],
}

INCUBATOR_PROGRAMME = "P5.02"


def _span(first_year, last_year, first_month=1):
    return datetime.date(first_year, first_month, 1), datetime.date(last_year, 12, 31)


# (code, title, description, (starts_on, ends_on)); pillar = the digit after "P".
PROGRAMMES = [
    (
        "P1.01",
        "Pengurusan izin operasional LPK",
        "Mengurus izin operasional lembaga pelatihan kerja ke dinas tenaga kerja kabupaten/kota.",
        _span(2022, 2023),
    ),
    (
        "P1.02",
        "Registrasi VIN lembaga pelatihan",
        "Mendaftarkan BLK Komunitas pada sistem informasi lembaga pelatihan hingga memperoleh VIN.",
        _span(2022, 2024),
    ),
    (
        "P1.03",
        "Persiapan akreditasi LA-LPK",
        "Menyiapkan dokumen mutu, sarana, dan program untuk akreditasi oleh LA-LPK.",
        _span(2023, 2026),
    ),
    (
        "P1.04",
        "Struktur organisasi dan SOP pengelolaan",
        "Menetapkan struktur pengelola, pembagian tugas, dan prosedur operasional baku BLK Komunitas.",
        _span(2022, 2022),
    ),
    (
        "P1.05",
        "Pemutakhiran data kelembagaan",
        "Memperbarui profil, kejuruan, sarana, dan kontak lembaga setiap semester.",
        _span(2024, 2026),
    ),
    (
        "P2.01",
        "Program pelatihan berbasis kompetensi",
        "Menyusun kurikulum dan silabus pelatihan yang mengacu pada SKKNI kejuruan.",
        _span(2022, 2023),
    ),
    (
        "P2.02",
        "Pelatihan minimal dua angkatan per tahun",
        "Melaksanakan sedikitnya dua angkatan pelatihan berbasis kompetensi setiap tahun.",
        _span(2022, 2026),
    ),
    (
        "P2.03",
        "Uji kompetensi lulusan bersama LSP",
        "Mengikutsertakan lulusan pelatihan dalam uji kompetensi oleh lembaga sertifikasi profesi.",
        _span(2023, 2026),
    ),
    (
        "P2.04",
        "Kejuruan baru sesuai pasar kerja lokal",
        "Membuka kejuruan tambahan berdasarkan analisis kebutuhan tenaga kerja di sekitar lembaga.",
        _span(2024, 2026),
    ),
    (
        "P2.05",
        "Pemeliharaan dan pemanfaatan peralatan workshop",
        "Merawat peralatan bantuan pemerintah dan mencatat pemakaiannya untuk pelatihan.",
        _span(2022, 2026),
    ),
    (
        "P2.06",
        "Pelatihan daring dan hibrida",
        "Menyelenggarakan sebagian materi pelatihan secara daring untuk menjangkau peserta di luar pesantren.",
        _span(2025, 2026),
    ),
    (
        "P3.01",
        "Sertifikasi kompetensi instruktur",
        "Mengikutsertakan instruktur dalam uji kompetensi teknis dan metodologi.",
        _span(2022, 2026),
    ),
    (
        "P3.02",
        "Pelatihan metodologi pelatihan bagi instruktur",
        "Mengirim instruktur ke pelatihan metodologi di BBPVP/BPVP pembina.",
        _span(2022, 2024),
    ),
    (
        "P3.03",
        "Pelatihan manajemen lembaga bagi pengelola",
        "Meningkatkan kemampuan pengelola dalam perencanaan, keuangan, dan pelaporan lembaga.",
        _span(2022, 2026),
    ),
    (
        "P3.04",
        "Magang instruktur di industri",
        "Menempatkan instruktur magang di perusahaan mitra untuk memperbarui keterampilan.",
        _span(2024, 2026),
    ),
    (
        "P3.05",
        "Regenerasi instruktur dari alumni terbaik",
        "Menyiapkan alumni berprestasi menjadi asisten dan calon instruktur.",
        _span(2025, 2026),
    ),
    (
        "P4.01",
        "Pemetaan calon mitra industri",
        "Mendata perusahaan, asosiasi, dan UMKM di sekitar lembaga yang dapat menjadi mitra.",
        _span(2022, 2022),
    ),
    (
        "P4.02",
        "Kerja sama dengan industri dan asosiasi usaha",
        "Menandatangani dan menjalankan perjanjian kerja sama pelatihan, magang, dan penempatan.",
        _span(2022, 2026),
    ),
    (
        "P4.03",
        "Kerja sama dengan perguruan tinggi dan lembaga keuangan",
        "Menjalin kemitraan dengan kampus dan bank untuk pendampingan dan pembiayaan.",
        _span(2023, 2026),
    ),
    (
        "P4.04",
        "Aktif dalam forum koordinasi BLK Komunitas",
        "Mengikuti rapat dan kegiatan forum koordinasi provinsi serta FKN BLK-K.",
        _span(2022, 2026),
    ),
    (
        "P4.05",
        "Kolaborasi perencanaan pelatihan dengan pemda",
        "Menyelaraskan program pelatihan dengan rencana kerja dinas tenaga kerja setempat.",
        _span(2024, 2026),
    ),
    (
        "P5.01",
        "Pembentukan unit produksi atau jasa",
        "Mendirikan dan menjalankan unit usaha yang memanfaatkan peralatan dan keterampilan pelatihan.",
        _span(2022, 2026),
    ),
    (
        INCUBATOR_PROGRAMME,
        "Inkubasi bisnis BLK Komunitas",
        "Pendampingan usaha bagi 100 BLK Komunitas terpilih dalam program inkubasi kewirausahaan 2022.",
        _span(2022, 2026, first_month=4),
    ),
    (
        "P5.03",
        "Rencana bisnis dan laporan keuangan lembaga",
        "Menyusun rencana bisnis tahunan dan laporan keuangan unit usaha yang tertib.",
        _span(2023, 2026),
    ),
    (
        "P5.04",
        "Pendanaan pelatihan di luar APBN",
        "Menggalang dana pelatihan dari CSR, zakat dan wakaf produktif, serta kemitraan.",
        _span(2024, 2026),
    ),
    (
        "P5.05",
        "Pemasaran produk melalui pasar daring",
        "Memasarkan produk dan jasa BLK Komunitas melalui lokapasar dan media sosial.",
        _span(2025, 2026),
    ),
    (
        "P6.01",
        "Pendataan alumni dan ikatan alumni",
        "Mendata seluruh alumni pelatihan dan membentuk ikatan alumni BLK Komunitas.",
        _span(2022, 2023),
    ),
    (
        "P6.02",
        "Penelusuran alumni (tracer study) tahunan",
        "Menelusuri status kerja dan usaha alumni setiap tahun dengan kuesioner baku.",
        _span(2023, 2026),
    ),
    (
        "P6.03",
        "Fasilitasi penempatan kerja alumni",
        "Menghubungkan alumni dengan lowongan di perusahaan mitra dan bursa kerja.",
        _span(2022, 2026),
    ),
    (
        "P6.04",
        "Pendampingan alumni berwirausaha",
        "Mendampingi alumni memulai usaha, termasuk akses permodalan dan pemasaran.",
        _span(2024, 2026),
    ),
]

NARRATIVES = {
    "not_started": [
        "Kegiatan belum dimulai; menunggu penetapan jadwal oleh pengelola.",
        "Belum ada kegiatan pada periode ini. Rencana kerja sedang disusun.",
    ],
    "in_progress": [
        "Kegiatan berjalan sesuai rencana kerja triwulan.",
        "Sebagian tahapan telah selesai; dokumentasi dan daftar hadir tersimpan di sekretariat.",
        "Kegiatan dilaksanakan bersama pembina; tindak lanjut dijadwalkan pada triwulan berikutnya.",
        "Progres bertambah setelah koordinasi dengan dinas tenaga kerja setempat.",
    ],
    "done": [
        "Seluruh tahapan selesai; bukti kegiatan telah diunggah ke arsip lembaga.",
        "Program tuntas dilaksanakan dan dilaporkan kepada pengurus yayasan.",
    ],
    "blocked": [
        "Terkendala anggaran operasional yang belum cair.",
        "Terhenti karena instruktur utama mengundurkan diri; sedang mencari pengganti.",
        "Menunggu jadwal dan persetujuan dari dinas tenaga kerja kabupaten/kota.",
        "Peralatan workshop rusak dan menunggu perbaikan.",
    ],
    "not_applicable": [
        "Program ini tidak relevan dengan kejuruan dan kondisi lembaga kami.",
    ],
}

RETURN_NOTES = [
    "Mohon lampirkan daftar hadir dan foto kegiatan sebagai bukti.",
    "Persentase progres belum sesuai dengan uraian kegiatan; mohon diperbaiki.",
    "Uraian terlalu singkat. Jelaskan kegiatan apa saja yang sudah dilakukan.",
    "Status selesai belum didukung dokumen hasil; mohon unggah bukti.",
]

CLASSIFICATION_EVIDENCE = (
    "Penilaian kemandirian BLK Komunitas oleh Direktorat Jenderal Binalavotas, Februari 2023: "
    "verifikasi dokumen izin, program pelatihan, kemitraan, dan unit usaha."
)
CLASSIFICATION_NOTES = {
    "tumbuh": "Memiliki izin operasional dan menyelenggarakan pelatihan dengan baik.",
    "berkembang": "Memiliki kemitraan yang mendanai pelatihan dan memberdayakan alumni.",
    "mandiri": "Menghasilkan barang atau jasa dan mampu membiayai operasional secara mandiri.",
}
