"""Indonesian names for the demo generator, consistent with religion and region.

- Muslim families: Arabic-origin and Javanese/Sundanese/Malay given names.
- Christian (Kristen, Katolik) families: biblical and Western given names.
- Balinese Hindu families: "I" (men) / "Ni" (women), a birth-order name (Wayan/Putu/Gede,
  Made/Kadek, Nyoman/Komang, Ketut) and a Sanskrit-derived given name.
- Buddhist and Khonghucu families: Chinese-Indonesian given and family names.
- Batak families (North Sumatra): the father's marga is the children's last name; a mother
  keeps her own marga.

Religion shares per province are rounded figures of the 2010 census (BPS, agama per
provinsi): Bali mostly Hindu, NTT mostly Katolik/Kristen, Papua and North Sulawesi mostly
Kristen, North Sumatra about a third Christian, elsewhere mostly Muslim.
"""

from __future__ import annotations

import random
from typing import Any

_ISLAM_L = (
    "Agus Ahmad Andi Arif Bambang Budi Dedi Dimas Eko Fajar Farhan Gilang Hadi Hendra Ilham Imam Irfan "
    "Joko Lukman Muhammad Nanda Nugroho Pandu Rafi Rizky Raka Satria Slamet Surya Taufik Teguh Wahyu "
    "Yoga Yusuf Zaki Bagus Danu Galih Haris Indra Aditya Arya Bayu Dafa Fikri Hafiz Naufal Reza Akbar "
    "Rendra Asep Ujang Cecep Dadang"
).split()
_ISLAM_P = (
    "Aisyah Anisa Ayu Bunga Citra Dewi Dian Eka Fitri Galuh Hana Indah Intan Kartika Lestari Maya Nabila "
    "Nadia Nur Putri Rahma Ratna Rini Salsabila Sari Siti Sri Tiara Utami Wulan Yuni Zahra Amelia Anggun "
    "Aulia Dinda Fadhila Kirana Laras Mega Melati Nayla Puspita Rara Riska Yulia Cut Neneng Euis Iis "
    "Tuti Wati Nurul Khofifah Zaskia Keisha"
).split()
_ISLAM_2 = (
    "Santoso Wijaya Pratama Saputra Putra Hidayat Setiawan Kurniawan Nugraha Rahman Ramadhan Firmansyah "
    "Hakim Maulana Syahputra Gunawan Susanto Wibowo Permana Hermawan Purnomo Suryadi Mulyadi Sulistyo"
).split()
_ISLAM_2P = "Handayani Rahayu Anggraini Lestari Wardani Maharani Puspitasari Safitri Permatasari Ningsih".split()

_KRISTEN_L = ("Yohanes Stefanus Daniel Michael Martin Paulus Petrus Yosef Markus Lukas Andreas Samuel Timotius "
              "Fransiskus Agustinus Yakobus Christian Bernardus Ignatius").split()
_KRISTEN_P = ("Maria Theresia Veronika Grace Elisabeth Agnes Yohana Magdalena Debora Ester Ruth Febiola "
              "Christina Natalia Priskila Angelina Monika Fransiska Yuliana Margaretha").split()
_KRISTEN_2 = ("Wenas Pangemanan Lumentut Rumengan Kaunang Tumbelaka Mandagi Nahak Seran Tefa Bria Kewa "
              "Kambu Wonda Rumbiak Mambor Sirait Manuhutu Latuheru Pattinama").split()

_BALI_URUT = {1: ("Wayan", "Putu", "Gede"), 2: ("Made", "Kadek"), 3: ("Nyoman", "Komang"), 4: ("Ketut",)}
_BALI_L = "Artawan Suarjana Sudarsana Widiana Budiarta Mahendra Darmawan Suardika Antara Wirawan".split()
_BALI_P = "Ayu Sri Wahyuni Lestari Suartini Ariani Purnami Sukmawati Widiastuti Candra".split()

_TIONGHOA_L = "Kevin Hendra Budi Andi Wilson Jason Steven Hansen Felix Edwin".split()
_TIONGHOA_P = "Jessica Cindy Melinda Stefani Vivian Angela Michelle Lily Caroline Fenny".split()
_TIONGHOA_2 = "Wijaya Halim Tanoto Gunadi Salim Lim Tan Kurniadi Santoso Hartono".split()

MARGA = ("Siregar Nasution Lubis Harahap Simanjuntak Sitompul Manurung Pasaribu Sinaga Tambunan Panjaitan "
         "Sembiring Ginting Tarigan Hutapea Simatupang Situmorang Napitupulu").split()

#: every given name that can open a man's / woman's name (for tests)
LAKI = frozenset(_ISLAM_L + _KRISTEN_L + _TIONGHOA_L + ["I"])
PEREMPUAN = frozenset(_ISLAM_P + _KRISTEN_P + _TIONGHOA_P + ["Ni"])

# province (Kemendagri code) -> weights over agama 1..7 (Islam, Kristen, Katolik, Hindu, Buddha,
# Khonghucu, Kepercayaan); default: mostly Muslim
_AGAMA_PROV: dict[str, tuple[int, ...]] = {
    "51": (10, 3, 1, 85, 1, 0, 0),    # Bali
    "53": (9, 35, 54, 1, 0, 0, 1),    # Nusa Tenggara Timur
    "71": (31, 63, 4, 1, 1, 0, 0),    # Sulawesi Utara
    "12": (66, 27, 5, 0, 2, 0, 0),    # Sumatera Utara
    "81": (51, 42, 6, 0, 0, 0, 1),    # Maluku
    "61": (59, 12, 22, 0, 6, 1, 0),   # Kalimantan Barat
    "21": (78, 6, 2, 0, 13, 1, 0),    # Kepulauan Riau
    "19": (90, 1, 1, 0, 7, 1, 0),     # Kepulauan Bangka Belitung
}
_AGAMA_PAPUA = (25, 65, 10, 0, 0, 0, 0)
_AGAMA_DEFAULT = (90, 5, 2, 1, 1, 0, 1)


def agama_weights(prov: str) -> tuple[int, ...]:
    if prov in _AGAMA_PROV:
        return _AGAMA_PROV[prov]
    if prov.startswith("9"):
        return _AGAMA_PAPUA
    return _AGAMA_DEFAULT


def pilih_agama(rng: random.Random, prov: str) -> int:
    return rng.choices((1, 2, 3, 4, 5, 6, 7), weights=agama_weights(prov))[0]


def keluarga(rng: random.Random, agama: int, prov: str) -> dict[str, Any]:
    """A family's naming: its religion, region and (North Sumatra, Christian or Muslim) marga."""
    batak = prov == "12" and agama in (1, 2, 3) and rng.random() < (0.7 if agama in (2, 3) else 0.25)
    return {"agama": agama, "bali": agama == 4 and (prov == "51" or rng.random() < 0.7),
            "marga": rng.choice(MARGA) if batak else None}


def nama_orang(rng: random.Random, jk: str, fam: dict[str, Any] | None = None, anak_ke: int = 1,
               marga: str | None = None) -> str:
    """A full name for gender 'L' or 'P' in a family (`keluarga`); `marga` overrides the family's
    (a Batak mother keeps her own)."""
    fam = fam or {"agama": 1, "bali": False, "marga": None}
    agama = fam["agama"]
    marga = marga if marga is not None else fam.get("marga")
    if fam.get("bali"):
        urut = rng.choice(_BALI_URUT[(anak_ke - 1) % 4 + 1])
        given = rng.choice(_BALI_L if jk == "L" else _BALI_P)
        return f"{'I' if jk == 'L' else 'Ni'} {urut} {given}"
    if agama in (5, 6):
        return f"{rng.choice(_TIONGHOA_L if jk == 'L' else _TIONGHOA_P)} {rng.choice(_TIONGHOA_2)}"
    if agama in (2, 3):
        first = rng.choice(_KRISTEN_L if jk == "L" else _KRISTEN_P)
        return f"{first} {marga or rng.choice(_KRISTEN_2)}"
    first = rng.choice(_ISLAM_L if jk == "L" else _ISLAM_P)
    if marga:
        return f"{first} {marga}"
    roll = rng.random()
    if roll < 0.08:
        return first
    second = rng.choice(_ISLAM_2 if jk == "L" else _ISLAM_2 + _ISLAM_2P)
    if roll > 0.85:
        middle = rng.choice(_ISLAM_L if jk == "L" else _ISLAM_P)
        if middle != first:
            return f"{first} {middle} {second}"
    return f"{first} {second}"


JALAN = (
    "Merdeka Sudirman Diponegoro Ahmad Yani Gatot Subroto Pahlawan Veteran Kenanga Melati Mawar "
    "Cempaka Flamboyan Anggrek Raya Pendidikan Pramuka Siliwangi Pemuda Kartini Cendana"
).split()


def alamat_jalan(rng: random.Random) -> str:
    return f"Jl. {rng.choice(JALAN)} No. {rng.randint(1, 180)}"
