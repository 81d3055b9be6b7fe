"""Keeping Python's cyclic garbage collector out of the way of whole-school work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle() -> None:
    """After loading a whole school: move the long-lived objects out of the collector's way
    (gc.freeze), so later collections do not rescan ~50k records on every save or list."""
    freeze = getattr(gc, "freeze", None)
    if freeze is not None:
        freeze()


@contextmanager
def paused() -> Iterator[None]:
    """Tens of thousands of new objects trigger the cyclic GC over and over, for nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
