"""Generator: which mata pelajaran a rombel gets, from the official kurikulum structure.

Every compulsory mapel of the rombel's kurikulum at its tingkat with hours > 0, except the
class-teacher and counselling entries and the project themes; one arts subject, one Pancasila
subject, no foreign-language options; a religion lesson only for the religions of the rombel's
own members (each pupil takes the lesson of their own agama); SMA Merdeka kelas 11-12 add one
package of four electives.
"""

from __future__ import annotations

from pyapp.core import rujukan

WAJIB = {1, 2, 3, 4, 5, 6, 8}  # status_di_kurikulum that a school must teach
PJOK = 500010000
_SKIP = {200040000, 400200000, 500050000, 300312900}  # P5 projek, Guru Kelas, BK, mulok potensi
_SENI = (700121000, 843020100, 600011000, 700109000, 700110000, 700122000)
_PANCASILA = (200010300, 200010000, 200010200)
_PILIHAN = ((401121000, 401130100, 401110200, 401002000), (401250100, 401241000, 401220000, 300230000))


def agama_of(mapel: int) -> int | None:
    item = rujukan.item("mata_pelajaran", mapel)
    return item.get("agama") if item else None


def _asing(mapel: int) -> bool:
    return 300310000 <= mapel < 300311900


def mapel_rombel(kurikulum: int, tingkat: int, agama: set[int], paket: int = 0) -> list[tuple[int, int]]:
    """[(mapel id, hours per week)] for one rombel, in mapel id order."""
    st = rujukan.struktur(kurikulum, tingkat)
    out: dict[int, int] = {}
    for mapel, (jam, status) in st.items():
        if jam <= 0 or mapel in _SKIP or _asing(mapel) or mapel in _SENI or mapel in _PANCASILA:
            continue
        ag = agama_of(mapel)
        if status in WAJIB and (ag is None or ag in agama):
            out[mapel] = jam
    for group in (_SENI, _PANCASILA):
        for mapel in group:
            if mapel in st and st[mapel][0] > 0 and st[mapel][1] in WAJIB:
                out[mapel] = st[mapel][0]
                break
    elektif = [m for m in _PILIHAN[paket % 2] if m in st and st[m][1] == 11]
    for mapel in elektif:
        out[mapel] = st[mapel][0]
    return sorted(out.items())
