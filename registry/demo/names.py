"""Names for generated demo BLK-Ks and their host institutions, by host type.

Each function returns (BLK-K name, host institution name). Place names come from the
regency, so a name tells where the BLK-K is; `NameBook` keeps every BLK-K name unique.
"""

from . import data


def place_of(regency):
    """The regency's name without 'Kabupaten' / 'Kota': the place a name mentions."""
    return regency.name.removeprefix("Kabupaten ").removeprefix("Kota ").removeprefix("Administrasi ")


def pesantren(rng, regency):
    name = rng.choice(data.PESANTREN_NAMES)
    networks = data.PESANTREN_NETWORKS.get(regency.province_id, [])
    roll = rng.random()
    if networks and roll < 0.25:
        name = f"{name} {rng.choice(networks)}"
    elif roll < 0.32:
        name = f"{name} {rng.choice(data.PESANTREN_AFFILIATIONS)}"
    elif roll < 0.6:
        name = f"{name} {rng.choice(data.PESANTREN_QUALIFIERS)}"
    name = f"{name} {place_of(regency)}"
    return f"BLK-K PP {name}", f"Pondok Pesantren {name}"


def seminari(rng, regency):
    level = rng.choice(["Menengah", "Menengah", "Tinggi"])
    host = f"Seminari {level} {rng.choice(data.SAINTS)} {place_of(regency)}"
    return f"BLK-K {host}", host


def pasraman(rng, regency):
    host = f"Pasraman {rng.choice(data.PASRAMAN_NAMES)} {place_of(regency)}"
    return f"BLK-K {host}", host


def dhammasekha(rng, regency):
    host = f"Dhammasekha {rng.choice(data.BUDDHIST_NAMES)} {place_of(regency)}"
    return f"BLK-K {host}", host


def samanera(rng, regency):
    vihara = f"Vihara {rng.choice(data.BUDDHIST_NAMES)} {place_of(regency)}"
    return f"BLK-K Pabbajja Samanera {vihara}", f"Pabbajja Samanera {vihara}"


def shyuan(rng, regency):
    host = f"Shyuan {rng.choice(data.SHYUAN_NAMES)} {place_of(regency)}"
    return f"BLK-K {host}", host


def other_religious(rng, regency):
    churches = data.CHURCHES.get(regency.province_id)
    if churches and rng.random() < 0.7:
        host = f"Yayasan Pendidikan {rng.choice(churches)} {place_of(regency)}"
    else:
        host = f"{rng.choice(data.OTHER_RELIGIOUS)} {place_of(regency)}"
    return f"BLK-K {host}", host


def trade_union(rng, regency):
    short, long = rng.choice(data.UNIONS)
    return f"BLK-K {short} {place_of(regency)}", f"DPC {long} {regency.name}"


def other(rng, regency):
    words = rng.sample(data.FOUNDATION_WORDS, 2)
    host = f"Yayasan {' '.join(words)} {place_of(regency)}"
    return f"BLK-K {host}", host


BY_HOST_TYPE = {
    "PESANTREN": pesantren,
    "SEMINARI": seminari,
    "PASRAMAN": pasraman,
    "DHAMMASEKHA": dhammasekha,
    "SAMANERA": samanera,
    "SHYUAN": shyuan,
    "KEAGAMAAN": other_religious,
    "SERIKAT_PEKERJA": trade_union,
    "LAINNYA": other,
}


class NameBook:
    """Draws names for a host type and keeps them unique, numbering a repeat as a branch."""

    def __init__(self, taken=()):
        self.taken = set(taken)

    def draw(self, rng, host_type, regency):
        make = BY_HOST_TYPE[host_type]
        for _attempt in range(5):
            name, host = make(rng, regency)
            if name not in self.taken:
                break
        branch = 2
        base_name, base_host = name, host
        while name in self.taken:
            name, host = f"{base_name} {branch}", f"{base_host} {branch}"
            branch += 1
        self.taken.add(name)
        return name, host
