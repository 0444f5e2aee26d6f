"""Vocabulary and proportions behind the generated national set of demo BLK-Ks.

Counts per year and level are the reported ones (see DOMAIN.md); the shares of host types
and vocational fields, and every name made from the word lists below, are invented to look
plausible. No generated BLK-K is a real one.
"""

# fmt: off
TOTAL_BLKKS = 3757

# New BLK-Ks per year; cumulative 50 (2017), 1,113 (2019), 2,127 (2020), 2,905 (2021) and
# 3,757 (2022) are reported. The 2018 figure was not found: 75 is a guess.
NEW_PER_YEAR = {2017: 50, 2018: 75, 2019: 988, 2020: 1014, 2021: 778, 2022: 852}

# The Feb 2023 classification; the rest (846) is not yet classified.
LEVEL_COUNTS = {"mandiri": 283, "berkembang": 876, "tumbuh": 1752}
# Of the unclassified, how many belong to the 2022 batch; the others are late 2021 ones.
UNCLASSIFIED_FROM_2022 = 820
# Older BLK-Ks had more time to grow: the weight of a year when picking the higher levels.
MATURITY_WEIGHT = {2017: 8, 2018: 6, 2019: 4, 2020: 2.5, 2021: 1.5, 2022: 1}
INCUBATOR_SIZE = 100

# Host-type weights per province; trade unions host BLK-Ks from 2020 only, and the pilot
# years 2017–2018 were pesantren only.
DEFAULT_HOST_WEIGHTS = {
    "PESANTREN": 93,
    "KEAGAMAAN": 2,
    "SERIKAT_PEKERJA": 2,
    "LAINNYA": 1.5,
    "SEMINARI": 0.8,
    "DHAMMASEKHA": 0.3,
    "SAMANERA": 0.2,
    "SHYUAN": 0.1,
    "PASRAMAN": 0.1,
}
_CHRISTIAN_EAST = {"SEMINARI": 25, "KEAGAMAAN": 32, "PESANTREN": 38, "LAINNYA": 5}
HOST_WEIGHTS_BY_PROVINCE = {
    "12": {"PESANTREN": 76, "KEAGAMAAN": 11, "SEMINARI": 5, "DHAMMASEKHA": 3, "SAMANERA": 1, "SHYUAN": 1,
           "SERIKAT_PEKERJA": 2, "LAINNYA": 1},
    "19": {"PESANTREN": 82, "DHAMMASEKHA": 6, "SHYUAN": 5, "KEAGAMAAN": 4, "LAINNYA": 3},
    "21": {"PESANTREN": 70, "SERIKAT_PEKERJA": 10, "DHAMMASEKHA": 6, "SHYUAN": 4, "KEAGAMAAN": 6, "LAINNYA": 4},
    "31": {"PESANTREN": 80, "SERIKAT_PEKERJA": 8, "KEAGAMAAN": 5, "SEMINARI": 2, "DHAMMASEKHA": 2, "LAINNYA": 3},
    "32": {"PESANTREN": 93, "SERIKAT_PEKERJA": 4, "KEAGAMAAN": 1, "LAINNYA": 1.5, "SEMINARI": 0.5},
    "36": {"PESANTREN": 91, "SERIKAT_PEKERJA": 6, "KEAGAMAAN": 1, "LAINNYA": 1.5, "DHAMMASEKHA": 0.5},
    "51": {"PASRAMAN": 55, "PESANTREN": 28, "SERIKAT_PEKERJA": 5, "KEAGAMAAN": 4, "DHAMMASEKHA": 3, "LAINNYA": 5},
    "53": {"SEMINARI": 38, "KEAGAMAAN": 25, "PESANTREN": 32, "LAINNYA": 5},
    "61": {"PESANTREN": 74, "KEAGAMAAN": 8, "SEMINARI": 7, "DHAMMASEKHA": 4, "SAMANERA": 2, "SHYUAN": 2, "LAINNYA": 3},
    "62": {"PESANTREN": 82, "KEAGAMAAN": 12, "LAINNYA": 6},
    "71": _CHRISTIAN_EAST,
    "72": {"PESANTREN": 80, "KEAGAMAAN": 14, "SEMINARI": 2, "LAINNYA": 4},
    "81": {"PESANTREN": 55, "KEAGAMAAN": 25, "SEMINARI": 15, "LAINNYA": 5},
    "91": _CHRISTIAN_EAST,
    "92": _CHRISTIAN_EAST,
    "93": _CHRISTIAN_EAST,
    "94": _CHRISTIAN_EAST,
    "95": _CHRISTIAN_EAST,
    "96": _CHRISTIAN_EAST,
}

FIELD_WEIGHTS = {
    "TKSM": 14, "TIK": 14, "GAR": 12, "LAS": 8, "PHP": 7, "KUL": 6, "DGR": 5, "LIS": 5, "AGR": 4, "TPL": 4, "PHI": 3,
    "KAYU": 3, "IKR": 3, "BHS": 3, "PRH": 2, "BAR": 2, "KFM": 2, "ANI": 1, "SPA": 1, "LAIN": 1,
}
# Tourism in Bali, fisheries along the coasts of the east.
FIELD_BOOSTS = {
    "51": {"PRH": 12, "SPA": 8, "KUL": 8, "BHS": 6},
    "52": {"PRH": 4, "PHI": 4},
    "53": {"PHI": 6, "PHP": 4},
    "71": {"PHI": 6},
    "74": {"PHI": 6},
    "81": {"PHI": 8},
    "82": {"PHI": 8},
}
SECOND_FIELD_SHARE = 0.35

PESANTREN_NAMES = [
    "Darul Ulum", "Nurul Huda", "Al-Ikhlas", "Miftahul Jannah", "Hidayatullah", "Darussalam", "Al-Falah", "Nurul Iman",
    "Raudhatul Jannah", "Babussalam", "Al-Amin", "Mambaul Ulum", "Sabilul Muttaqin", "Al-Hikmah", "Darul Falah",
    "Bustanul Ulum", "Al-Muhajirin", "Nurul Jadid", "Darul Muttaqin", "Ihyaul Ulum", "Al-Ittihad", "Tarbiyatul Islam",
    "Manbaul Hikam", "Al-Furqon", "Al-Anwar", "Al-Istiqomah", "Baitul Hikmah", "Riyadhus Shalihin", "Al-Mubarok",
    "Miftahul Ulum", "Nurul Falah", "Hidayatul Mubtadiin", "Darul Hikmah", "Al-Munawwarah", "Salafiyah Syafiiyah",
    "Roudlotul Mubtadiin", "Nurul Islam", "Darul Quran", "Al-Barokah", "Baitul Quran", "Al-Mukhlishin", "Darul Aman",
    "Al-Kautsar", "Nurul Hikmah", "Darul Ihsan", "Al-Hidayah", "Riyadlul Jannah", "Darul Arqam", "Al-Muttaqien",
    "Darunnajah", "Al-Azhar", "Nurussalam", "Daarul Fikri", "Al-Khairiyah", "Mathlaul Anwar", "Al-Ma'arif",
    "Sirojul Huda", "Annur", "Al-Ihsan", "Minhajut Thullab",
]
PESANTREN_QUALIFIERS = ["Modern", "Terpadu", "Salafiyah", "Al-Islamiyah", "Putri", "Tahfidz", "Entrepreneur"]
# Regional networks of pesantren, used now and then in their provinces.
PESANTREN_NETWORKS = {
    "73": ["DDI", "As'adiyah"], "76": ["DDI"], "52": ["NW"], "72": ["Alkhairaat"], "75": ["Alkhairaat"],
    "82": ["Alkhairaat"], "32": ["Persis"], "12": ["Al-Washliyah"], "13": ["Perti"],
}
PESANTREN_AFFILIATIONS = ["Muhammadiyah", "Muhammadiyah", "Al-Irsyad"]

SAINTS = [
    "Santo Yohanes Berkhmans", "Santo Petrus", "Santo Paulus", "Santa Maria", "Santo Fransiskus Xaverius",
    "Santo Yosef", "Santo Mikael", "Santo Dominikus", "Santo Agustinus", "Santo Pius X", "Santo Aloysius",
    "Santa Theresia", "Santo Fransiskus Asisi", "Santo Antonius", "Santo Yohanes Paulus II", "Santo Kristoforus",
]
PASRAMAN_NAMES = [
    "Widya Dharma", "Saraswati", "Gurukula", "Dharma Sastra", "Kerthi Yasa", "Siwa Murti", "Widya Sastra",
    "Dharma Widya", "Taman Sari", "Giri Natha", "Sanatana Dharma", "Jnana Widya",
]
BUDDHIST_NAMES = [
    "Dharma Ratna", "Maitreya Wira", "Sariputta", "Buddha Dharma", "Metta Karuna", "Dhamma Sakkaca", "Vidya Sasana",
    "Avalokitesvara", "Dhammadipa", "Bodhi Sattva",
]
SHYUAN_NAMES = ["Boen Bio", "Kong Miao", "Li Tang", "Hok Tek Bio", "Ru Jiao"]
# Churches by region, for "other religious institutions" in Christian areas.
CHURCHES = {
    "12": ["HKBP", "GBKP", "GKPS"], "53": ["GMIT"], "71": ["GMIM"], "72": ["GKST"], "81": ["GPM"], "62": ["GKE"],
    "73": ["Gereja Toraja"], "33": ["GKJ"], "91": ["GKI di Tanah Papua"], "92": ["GKI di Tanah Papua"],
    "93": ["GKI di Tanah Papua"], "94": ["GKI di Tanah Papua", "Gereja Kingmi"], "95": ["Gereja Kingmi", "GIDI"],
    "96": ["GKI di Tanah Papua"],
}
OTHER_RELIGIOUS = [
    "Yayasan Pendidikan Kristen", "Majelis Taklim Al-Hikmah", "Yayasan Katolik Bina Karya", "Persekutuan Injili",
    "Yayasan Dakwah Islamiyah",
]
UNIONS = [
    ("SPSI", "Serikat Pekerja Seluruh Indonesia"),
    ("KSPSI", "Konfederasi Serikat Pekerja Seluruh Indonesia"),
    ("KSPI", "Konfederasi Serikat Pekerja Indonesia"),
    ("KSBSI", "Konfederasi Serikat Buruh Sejahtera Indonesia"),
    ("FSPMI", "Federasi Serikat Pekerja Metal Indonesia"),
    ("SPN", "Serikat Pekerja Nasional"),
]
# Streets; "{place}" is the regency's name.
STREETS = [
    "Jl. Pendidikan", "Jl. Pesantren", "Jl. Poros {place}", "Jl. Raya {place}", "Jl. Lintas {place}",
    "Jl. KH. Ahmad Dahlan", "Jl. KH. Hasyim Asy'ari", "Jl. Jenderal Sudirman", "Jl. Diponegoro", "Jl. Masjid Raya",
    "Jl. Veteran", "Jl. Pahlawan", "Jl. Merdeka", "Jl. Perintis Kemerdekaan", "Jl. Sultan Hasanuddin",
    "Jl. Gatot Subroto", "Jl. Imam Bonjol", "Jl. Kartini", "Jl. Pramuka",
]
MOBILE_PREFIXES = ["0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0877", "0878", "0896"]
FOUNDATION_WORDS = [
    "Bina", "Insan", "Karya", "Mandiri", "Cendekia", "Harapan", "Bangsa", "Sejahtera", "Nusantara", "Madani", "Berkah",
    "Amanah", "Prestasi", "Mulia", "Lestari",
]
# fmt: on
