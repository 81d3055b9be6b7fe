"""Indonesian given names by gender and family/second names, for the demo generator.

A mix of Javanese, Sundanese, Malay/Muslim, Batak, Minahasa and Balinese naming habits; first
names are chosen by the person's gender, second names are shared (many are family names).
"""

from __future__ import annotations

import random

LAKI = (
    "Agus Ahmad Andi Arif Bambang Budi Dedi Dimas Eko Fajar Farhan Gilang Hadi Hendra Ilham "
    "Imam Irfan Joko Kevin Lukman Muhammad Nanda Nugroho Omar Pandu Rafi Rizky Raka Satria "
    "Slamet Surya Taufik Teguh Wahyu Yoga Yusuf Zaki Bagus Danu Galih Haris Indra Putu Made "
    "Ketut Komang Wayan Hotman Martin Yohanes Stefanus Daniel Michael Aditya Arya Bayu Dafa "
    "Fikri Hafiz Naufal Reza Akbar Rendra Asep Ujang Cecep Dadang"
).split()
PEREMPUAN = (
    "Aisyah Anisa Ayu Bunga Citra Dewi Dian Eka Fitri Galuh Hana Indah Intan Kartika Lestari "
    "Maya Nabila Nadia Nur Putri Rahma Ratna Rini Salsabila Sari Siti Sri Tiara Utami Wulan "
    "Yuni Zahra Amelia Anggun Aulia Dinda Fadhila Kirana Laras Mega Melati Nayla Puspita Rara "
    "Riska Yulia Desak Ayuningtyas Kadek Maria Theresia Veronika Grace Elisabeth Agnes Cut Neneng "
    "Euis Iis Tuti Wati Nurul Khofifah Zaskia Keisha"
).split()
KEDUA = (
    "Santoso Wijaya Pratama Saputra Putra Hidayat Setiawan Kurniawan Nugraha Rahman Ramadhan "
    "Firmansyah Hakim Maulana Syahputra Gunawan Susanto Wibowo Permana Hermawan Purnomo Siregar "
    "Nasution Lubis Harahap Simanjuntak Sitompul Manurung Pasaribu Sinaga Tambunan Panjaitan "
    "Wenas Pangemanan Lumban Sembiring Ginting Tarigan Suryadi Mulyadi Sulistyo Handayani "
    "Rahayu Anggraini Lestari Kusuma Wardani Maharani Puspitasari Safitri Permatasari Ningsih"
).split()
# Second names that read as female; used only for women.
_FEMININE = {"Handayani", "Rahayu", "Anggraini", "Lestari", "Wardani", "Maharani", "Puspitasari",
             "Safitri", "Permatasari", "Ningsih"}
_KEDUA_L = tuple(n for n in KEDUA if n not in _FEMININE)

JALAN = (
    "Merdeka Sudirman Diponegoro Ahmad Yani Gatot Subroto Pahlawan Veteran Kenanga Melati Mawar "
    "Cempaka Flamboyan Anggrek Raya Pendidikan Pramuka Siliwangi Pemuda Kartini Cendana"
).split()


def nama_orang(rng: random.Random, jk: str) -> str:
    """A full name of 2 (sometimes 1 or 3) words for gender 'L' or 'P'."""
    first = rng.choice(LAKI if jk == "L" else PEREMPUAN)
    roll = rng.random()
    if roll < 0.08:
        return first
    second = rng.choice(_KEDUA_L if jk == "L" else KEDUA)
    if roll > 0.85:
        middle = rng.choice(LAKI if jk == "L" else PEREMPUAN)
        if middle != first:
            return f"{first} {middle} {second}"
    return f"{first} {second}"


def alamat_jalan(rng: random.Random) -> str:
    return f"Jl. {rng.choice(JALAN)} No. {rng.randint(1, 180)}"
