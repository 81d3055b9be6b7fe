# How the UI writes times for people: one date format ("2 Desember 2026"), in the browser's
# own time zone.
import js

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")


def _date(value=None):
    args = js.Array.of(str(value)) if value else js.Array.of()
    return js.Reflect.construct(js.Date, args)


def tanggal(value=None, with_time=False):
    """An ISO time (or now) as "2 Desember 2026" (", pukul 09.41" with `with_time`)."""
    if value is not None and not str(value):
        return "-"
    d = _date(value)
    if str(d.getTime()) == "NaN":
        return str(value)
    text = "%d %s %d" % (int(d.getDate()), BULAN[int(d.getMonth())], int(d.getFullYear()))
    if with_time:
        text += ", pukul %02d.%02d" % (int(d.getHours()), int(d.getMinutes()))
    return text
