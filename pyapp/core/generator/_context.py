"""Shared state of one generation run: the rng, the clock, the school's region, the records
(as plain dicts, validated once at the end) and the identity-number makers."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from pyapp.core.generator.ekonomi import setting
from pyapp.core.rujukan.wilayah import Wilayah

BASE_DATE = dt.date(2025, 7, 14)  # first day of 2025/2026 ganjil
BASE_TIME = "2025-07-14T01:00:00Z"
SEMESTER_ID = "20251"
# uuid.UUID(version=4): variant bits 10xx at bit 62-63, version nibble 4 at bits 76-79
_UUID_CLEAR = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)
_UUID_SET = (0x8000 << 48) | (4 << 76)
TAHUN_AJARAN_ID = "2025"


class FastRandom(random.Random):
    """random.Random with cheaper randint/choice (one float draw each): the generator calls them
    ~150,000 times for the large preset. Deterministic for a seed like its base."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]


class Context:
    def __init__(self, rng: random.Random, wilayah: Wilayah, desa_code: str) -> None:
        self.rng = rng
        self.wilayah = wilayah
        self.desa_code = desa_code
        self.kecamatan = desa_code[:8]
        self.kabupaten = desa_code[:5]
        #: "kota" or "desa" (generator/ekonomi.py): parents' jobs and incomes follow it
        self.setting = setting(desa_code, wilayah.name(self.kabupaten) or "")
        self.kecamatan_sekitar = [
            c for c in wilayah.children(self.kabupaten) if c != self.kecamatan
        ] or [self.kecamatan]
        self.desa_sekitar = wilayah.children(self.kecamatan)
        self.records: dict[str, list[dict[str, Any]]] = {}
        #: nilai the error injection asks for (made by make_nilai with these ids)
        self.extra_nilai: list[dict[str, Any]] = []
        #: mistakes to inject after every record is made (errors.inject_late)
        self.late_errors: list[str] = []
        #: official lembaga pengangkat / sumber gaji of the government running the school (3 Kab/Kota)
        self.pemda = 3
        self._niks: set[str] = set()
        self._numbers: set[str] = set()

    # -- records ---------------------------------------------------------------
    def uid(self) -> str:
        """str(uuid.UUID(int=<128 random bits>, version=4)), without the UUID object (hot path)."""
        n = (self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET
        h = "%032x" % n
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def add(self, type_name: str, **fields: Any) -> dict[str, Any]:
        rec = {"id": self.uid(), "version": 1, "created_at": BASE_TIME, "updated_at": BASE_TIME,
               "deleted": False, **fields}
        self.records.setdefault(type_name, []).append(rec)
        return rec

    # -- people ----------------------------------------------------------------
    def tanggal_lahir_usia(self, usia: int) -> dt.date:
        """A birth date giving exactly `usia` completed years on BASE_DATE."""
        start = dt.date(BASE_DATE.year - usia - 1, BASE_DATE.month, BASE_DATE.day) + dt.timedelta(days=1)
        return start + dt.timedelta(days=self.rng.randint(0, 364))

    def tanggal_lahir_tahun(self, tahun: int) -> dt.date:
        return dt.date(tahun, 1, 1) + dt.timedelta(days=self.rng.randint(0, 364))

    def kecamatan_asal(self) -> str:
        """Where a person's NIK was issued: mostly the school's kecamatan, else a neighbour."""
        return self.kecamatan if self.rng.random() < 0.7 else self.rng.choice(self.kecamatan_sekitar)

    def nik(self, lahir: dt.date, jk: str, kecamatan: str | None = None) -> str:
        kec = (kecamatan or self.kecamatan_asal()).replace(".", "")
        day = lahir.day + (40 if jk == "P" else 0)
        while True:
            value = f"{kec}{day:02d}{lahir.month:02d}{lahir.year % 100:02d}{self.rng.randint(1, 9999):04d}"
            if value not in self._niks:
                self._niks.add(value)
                return value

    def no_kk(self, nik: str) -> str:
        """KK: the same region digits + the KK's issue date + serial; never equal to the NIK."""
        terbit = BASE_DATE - dt.timedelta(days=self.rng.randint(200, 6000))
        while True:
            value = f"{nik[:6]}{terbit:%d%m%y}{self.rng.randint(1, 9999):04d}"
            if value != nik:
                return value

    def unique_digits(self, n: int, prefix: str = "") -> str:
        while True:
            k = n - len(prefix)
            value = prefix + str(self.rng.randrange(10 ** k)).zfill(k)
            if value not in self._numbers:
                self._numbers.add(value)
                return value

    def nip(self, lahir: dt.date, tmt: dt.date, jk: str) -> str:
        serial = f"{self.rng.randint(1, 999):03d}"
        return f"{lahir:%Y%m%d}{tmt:%Y%m}{1 if jk == 'L' else 2}{serial}"

    def tempat_lahir(self, kecamatan: str) -> str:
        name = self.wilayah.name(kecamatan[:5]) or "Jakarta"
        for prefix in ("Kabupaten ", "Kab. ", "Kota Administrasi ", "Kota "):
            if name.startswith(prefix):
                return name[len(prefix):][:32]
        return name[:32]

    def alamat(self) -> dict[str, Any]:
        """An address in a real desa of the school's kecamatan, with its real kode pos."""
        desa = self.rng.choice(self.desa_sekitar)
        return {
            "rt": self.rng.randint(1, 12), "rw": self.rng.randint(1, 9),
            "desa_kelurahan": (self.wilayah.name(desa) or "")[:60],
            "kode_wilayah": desa, "kode_wilayah_kemendikbud": self.wilayah.kode_kemendikbud(desa),
            "kode_pos": self.wilayah.kode_pos(desa),
        }
