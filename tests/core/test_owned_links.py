"""OWNED_LINKS (what a delete takes along) names real reference fields."""

from __future__ import annotations

from pyapp.core.models import OWNED_LINKS, RECORD_TYPES
from pyapp.engine import fields as F


def test_every_owned_link_is_a_reference_field():
    for tname, fname in OWNED_LINKS:
        assert fname in RECORD_TYPES[tname].model_fields, (tname, fname)
        assert fname in F.REFS[tname], (tname, fname)


def test_a_teacher_or_a_room_is_never_deleted_along_with_what_uses_it():
    # Deleting a rombel must not delete its wali kelas, nor a pembelajaran its guru.
    assert ("rombel", "ptk_id") not in OWNED_LINKS
    assert ("pembelajaran", "ptk_id") not in OWNED_LINKS
    assert ("rombel", "ruang_id") not in OWNED_LINKS
