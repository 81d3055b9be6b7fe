# What the UI remembers between views (never business data: that lives in the engine).
TAB_SLUGS = [
    ("Sekolah", "sekolah"),
    ("Sarpras", "sarpras"),
    ("GTK", "gtk"),
    ("Peserta Didik", "peserta-didik"),
    ("Rombongan Belajar", "rombel"),
    ("Pembelajaran", "pembelajaran"),
    ("Nilai", "nilai"),
]
SLUG_OF = {tab: slug for tab, slug in TAB_SLUGS}
TAB_OF_SLUG = {slug: tab for tab, slug in TAB_SLUGS}

app = {
    "record_types": [],  # [{"type","tab","label"}]
    "meta": {},  # type -> form meta (cached)
    "school": None,
    "ready": False,
}


def types_of_tab(tab):
    return [rt for rt in app["record_types"] if rt["tab"] == tab]


def type_info(record_type):
    for rt in app["record_types"]:
        if rt["type"] == record_type:
            return rt
    return {"type": record_type, "tab": "", "label": record_type}
