"""The data contract as tables: columns, aliases, status words, sectors and groups.

Everything a loader needs to recognise a user's file lives here as data, so that adding an
alias or a sector is a one-line change (docs/data-format.md describes the same tables).
Labels are marked with ``N_`` so that Babel extracts them; they are translated where shown.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark a string for translation without translating it here."""
    return message


KINDS = ("communities", "needs", "hubs", "idp_counts")

KIND_LABELS = {
    "communities": N_("Communities"),
    "needs": N_("Needs"),
    "hubs": N_("Hubs"),
    "idp_counts": N_("IDP counts"),
    # Optional, several files at once, any columns of figures (geo.ingest.indicators): not one of KINDS.
    "indicators": N_("Indicators"),
    # Optional: a level's own boundaries (COD-AB ADM1/ADM2, geo.ingest.loaders.load_units): not one of KINDS.
    "oblasts": N_("Oblast boundaries"),
    "raions": N_("Raion boundaries"),
}


@dataclass(frozen=True)
class Column:
    """One column of the contract: its name, whether a file must have it, and its aliases."""

    name: str
    kind: str  # text | code | int | float | date | bool | status | sector | groups | hub_type
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS: dict[str, tuple[Column, ...]] = {
    "communities": (
        # COD-AB as OCHA ships it (ADM3_PCODE; in a Shapefile the older 10-character names: admin3Pcod, admin3Name
        # in English, admin3Na_1 in Ukrainian) and the KSE tables (hromada_code, hromada_name, raion_name: KATOTTH).
        Column(
            "pcode",
            "code",
            True,
            ("adm3_pcode", "katotth", "katottg", "code", "код", "код громади", "hromada_code", "admin3pcod", "admin3pcode"),
        ),
        Column(
            "name_uk",
            "text",
            True,
            ("adm3_ua", "name_ua", "назва", "назва громади", "громада", "hromada_name", "admin3na_1", "admin3name_ua"),
        ),
        Column("name_en", "text", False, ("adm3_en", "name", "name_eng", "admin3name", "admin3name_en")),
        Column("raion_pcode", "text", False, ("adm2_pcode", "raion_code", "код району", "admin2pcod", "admin2pcode")),
        Column("raion", "text", False, ("adm2_en", "raion_en", "district", "admin2name", "admin2name_en")),
        Column("raion_uk", "text", False, ("adm2_ua", "район", "raion_ua", "raion_name", "admin2na_1", "admin2name_ua")),
        Column("oblast_pcode", "text", False, ("adm1_pcode", "oblast_code", "код області", "admin1pcod", "admin1pcode")),
        Column("oblast", "text", False, ("adm1_en", "oblast_en", "region", "admin1name", "admin1name_en")),
        Column(
            "oblast_uk", "text", False, ("adm1_ua", "область", "oblast_ua", "oblast_name", "admin1na_1", "admin1name_ua")
        ),
        Column(
            "population",
            "int",
            False,
            ("population_total", "pop", "населення", "total_population", "total_population_2022", "total_population_2023"),
        ),
        Column("centre", "text", False, ("centre_uk", "center", "admin_centre", "центр", "центр громади", "адмінцентр")),
    ),
    "needs": (
        Column("need_id", "text", True, ("id", "request_id", "номер", "номер заявки", "id потреби", "_uuid")),
        Column("pcode", "code", False, ("adm3_pcode", "katotth", "katottg", "community_pcode", "код громади")),
        Column("lat", "float", False, ("latitude", "y", "широта")),
        Column("lon", "float", False, ("lng", "long", "longitude", "x", "довгота")),
        Column("sector", "sector", True, ("category", "сектор", "категорія")),
        Column("status", "status", True, ("state", "статус")),
        Column("verified", "bool", False, ("is_verified", "верифіковано", "перевірено")),
        # A KoboToolbox export's _uuid and _submission_time, when the form has no id or date of its own: the
        # aliases are tried in order (geo.ingest.contract.alias_rank), so these last ones give way to the form's.
        Column("reported_on", "date", True, ("reported", "date_reported", "created", "дата звернення", "_submission_time")),
        Column("closed_on", "date", False, ("closed", "date_closed", "дата закриття")),
        Column("provider", "text", False, ("organisation", "organization", "org", "виконавець", "організація")),
        Column("people", "int", False, ("persons", "household_size", "осіб", "кількість осіб")),
        Column("vulnerable_groups", "groups", False, ("groups", "vulnerability", "вразливі групи")),
    ),
    "hubs": (
        Column("hub_id", "text", True, ("id", "код хабу")),
        Column("name_uk", "text", True, ("name_ua", "назва")),
        Column("name_en", "text", False, ("name",)),
        Column("lat", "float", True, ("latitude", "y", "широта")),
        Column("lon", "float", True, ("lng", "long", "longitude", "x", "довгота")),
        Column("hub_type", "hub_type", True, ("type", "тип")),
        Column("pcode", "code", False, ("adm3_pcode", "katotth", "код громади")),
        Column("serves_pcode", "code", False, ("serves", "origin_pcode", "обслуговує")),
        Column("services", "text", False, ("послуги",)),
        Column("services_en", "text", False, ("services_eng", "services in english", "послуги англійською")),
        Column("hours", "text", False, ("opening_hours", "графік", "години роботи")),
        Column("hours_en", "text", False, ("opening_hours_en", "hours_eng", "hours in english", "графік англійською")),
        Column("phone", "text", False, ("телефон", "contact_phone")),
        Column("website", "text", False, ("url", "web", "сайт")),
        Column("registered_people", "int", False, ("registered", "зареєстровано")),
    ),
    "idp_counts": (
        # The finest code first: a DTM table with admin1Pcode and admin2Pcode is hosted in the raions.
        Column(
            "host_pcode",
            "unit_code",
            True,
            (
                "host",
                "pcode",
                "adm3_pcode",
                "admin3pcode",
                "hromada_code",
                "hromada pcode",
                "громада перебування",
                "adm2_pcode",
                "admin2pcode",
                "raion_code",
                "raion pcode",
                "adm1_pcode",
                "admin1pcode",
                "oblast_code",
                "oblast pcode",
            ),
        ),
        Column("origin_pcode", "unit_code", False, ("origin", "громада походження")),
        Column("people", "int", True, ("idps", "persons", "осіб", "впо", "numpresentidpind", "idp_ind")),
        Column("households", "int", False, ("families", "сімей", "домогосподарств", "numpresentidphh")),
        Column("as_of", "date", False, ("date", "станом на", "reportingdate", "reported date", "date_reported")),
    ),
}

# Columns that identify a person. A loader drops them on reading, so no later step can show them;
# the internal view keeps these four under their names here. Headers are compared by header_key.
PERSONAL_COLUMNS = {
    "contact_name": (
        "name_contact", "full_name", "full name", "contact name", "contact person", "beneficiary name",
        "піб", "п.і.б.", "п. і. б.", "прізвище, ім'я, по батькові", "прізвище ім'я по батькові",
        "контактна особа", "ім'я", "прізвище", "отримувач", "заявник",
    ),
    "phone": (
        "phone_number", "phone number", "tel", "telephone", "mobile", "телефон", "контактний телефон",
        "номер телефону", "мобільний",
    ),
    "address": ("адреса", "street_address", "address", "home address", "адреса проживання", "місце проживання"),
    "notes": ("comment", "comments", "примітки", "примітка", "коментар", "коментарі"),
}  # fmt: skip

# Words that make a needs file's header personal wherever they stand in it ("ПІБ отримувача",
# "Телефон заявника", "E-mail"), including what the internal view does not show either.
PERSONAL_WORDS = (
    "піб", "прізвище", "по батькові", "телефон", "тел", "phone", "mobile", "email", "e-mail", "ел. пошта",
    "електронна пошта", "адреса", "address", "паспорт", "passport", "рнокпп", "іпн", "унзр", "tax id",
    "surname", "first name", "last name", "full name", "date of birth", "дата народження", "birth",
    "контактна особа", "contact", "контакт", "примітки", "коментар", "comment", "notes",
)  # fmt: skip
# HXL tags that describe a person (in a needs file a #contact is the household's, not a hub's).
PERSONAL_TAGS = ("#contact", "#respondee", "#indiv", "#person")


def header_key(header: object) -> str:
    """A header as the loaders compare it: lower case, one space, one apostrophe, no leading #.

    A leading underscore stays: KoboToolbox's own ``_id`` is not the form's ``id``.
    """
    text = str(header).strip().lstrip("\ufeff")
    meta = "_" if text.startswith("_") else ""
    text = text.replace("’", "'").replace("ʼ", "'").replace("`", "'").replace("_", " ")
    return meta + " ".join(text.strip().lstrip("#").lower().split())


_PERSONAL_HEADERS = {header_key(w) for name, words in PERSONAL_COLUMNS.items() for w in (name, *words)}


def is_personal_header(key: str) -> bool:
    """Whether a needs file's header (``header_key``) names a person's details."""
    if key in _PERSONAL_HEADERS:
        return True
    padded = f" {key.replace(':', ' ').replace(',', ' ')} "
    return any(f" {word} " in padded for word in PERSONAL_WORDS)


def is_personal_tag(tag: object) -> bool:
    """Whether an HXL hashtag (``#contact+phone``) describes a person."""
    text = str(tag or "").strip().lower()
    return any(text == t or text.startswith((t + "+", t + " ")) for t in PERSONAL_TAGS)


# Canonical values with the words users write for them (English and Ukrainian), lower case.
STATUSES = {
    "open": (N_("open"), ("open", "new", "відкрита", "відкрито", "нова", "відкритий")),
    "in_progress": (N_("in progress"), ("in_progress", "in progress", "in-progress", "в роботі", "у роботі")),
    "closed": (N_("closed"), ("closed", "done", "resolved", "закрита", "закрито", "виконано", "виконана")),
}

SECTORS = {
    "food": (N_("food"), ("food", "продукти харчування", "продукти", "харчування")),
    "shelter_nfi": (N_("shelter/NFI"), ("shelter/nfi", "shelter", "nfi", "житло та непродовольчі товари", "житло")),
    "heating_utilities": (
        N_("heating/utilities"),
        ("heating/utilities", "heating", "utilities", "опалення та комунальні послуги", "опалення"),
    ),
    "wash": (N_("WASH"), ("wash", "water", "вода, санітарія та гігієна", "вода")),
    "health": (N_("health"), ("health", "health care", "здоров'я", "здоровʼя", "медицина")),
    "protection": (N_("protection"), ("protection", "захист")),
    "legal_aid": (N_("legal aid"), ("legal aid", "legal", "правова допомога")),
    "psychosocial": (
        N_("psychosocial support"),
        ("psychosocial support", "psychosocial", "mhpss", "психосоціальна підтримка"),
    ),
    "education": (N_("education"), ("education", "освіта")),
    "livelihoods": (N_("livelihoods"), ("livelihoods", "засоби до існування", "працевлаштування")),
    "other": (N_("other"), ("other", "інше")),
}

VULNERABLE_GROUPS = {
    "disability": (N_("disability"), ("disability", "інвалідність", "особи з інвалідністю")),
    "large_family": (N_("large family"), ("large family", "large_family", "багатодітна сім'я", "багатодітні")),
    "elderly": (N_("elderly"), ("elderly", "older people", "люди похилого віку", "літні люди")),
    "children": (N_("children"), ("children", "діти")),
    "single_parent": (N_("single parent"), ("single parent", "single_parent", "одинокі батьки")),
    "chronic_illness": (N_("chronic illness"), ("chronic illness", "chronic_illness", "хронічна хвороба")),
}

HUB_TYPES = {
    "idp_hub": (N_("IDP hub"), ("idp hub", "idp_hub", "хаб", "хаб для впо")),
    "support_centre": (N_("support centre"), ("support centre", "support center", "центр підтримки")),
    "aid_point": (N_("aid point"), ("aid point", "пункт допомоги", "пункт видачі")),
    "veteran_hub": (N_("veteran hub"), ("veteran hub", "ветеранський хаб", "ветеранський простір")),
    "child_friendly_space": (N_("child-friendly space"), ("child-friendly space", "дитячий простір")),
    "other": (N_("other"), ("other", "інше")),
}

TRUE_WORDS = ("true", "yes", "y", "1", "так", "т", "+", "верифіковано", "verified")
FALSE_WORDS = ("false", "no", "n", "0", "ні", "н", "-", "")

# The vocabulary each enumerated column kind reads from.
VOCABULARIES = {
    "status": STATUSES,
    "sector": SECTORS,
    "groups": VULNERABLE_GROUPS,
    "hub_type": HUB_TYPES,
}

OPEN_STATUSES = ("open", "in_progress")


def lookup_table(vocabulary: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """Map every accepted word (key, label or alias, lower case) to its canonical key."""
    table: dict[str, str] = {}
    for key, (label, aliases) in vocabulary.items():
        for word in (key, label, *aliases):
            table[" ".join(word.strip().lower().replace("’", "'").split())] = key
    return table


def alias_rank(kind: str, header: object) -> int:
    """Where a header stands among its column's name and aliases (0: the name itself); past the end when none.

    When two columns of a file have aliases of the same contract column, the one with the earlier alias wins.
    """
    key = header_key(header)
    for column in COLUMNS.get(kind, ()):
        keys = [header_key(word) for word in (column.name, *column.aliases)]
        if key in keys:
            return keys.index(key)
    return 1_000


def column_aliases(kind: str) -> dict[str, str]:
    """Map every accepted header (lower case) of one input kind to its contract name."""
    table: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for word in (column.name, *column.aliases):
            table[header_key(word)] = column.name
    return table


# HXL hashtags (the row of #tags under a header, as exported from HDX and many platforms), per
# input. Matching follows libhxl: a column matches a pattern when it has the pattern's tag and
# at least its attributes; the most specific pattern wins. Language attributes are +i_uk/+i_en.
HXL_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "communities": (
        ("#adm3+code", "pcode"),
        ("#adm3+name+i_uk", "name_uk"),
        ("#adm3+name+i_en", "name_en"),
        ("#adm3+name", "name_uk"),
        ("#adm2+code", "raion_pcode"),
        ("#adm2+name+i_uk", "raion_uk"),
        ("#adm2+name", "raion"),
        ("#adm1+code", "oblast_pcode"),
        ("#adm1+name+i_uk", "oblast_uk"),
        ("#adm1+name", "oblast"),
        ("#population", "population"),
    ),
    "needs": (
        ("#meta+id", "need_id"),
        ("#activity+id", "need_id"),
        ("#adm3+code", "pcode"),
        ("#geo+lat", "lat"),
        ("#geo+lon", "lon"),
        ("#sector", "sector"),
        ("#status", "status"),
        ("#status+verified", "verified"),
        ("#meta+verified", "verified"),
        ("#date+reported", "reported_on"),
        ("#date+closed", "closed_on"),
        ("#org", "provider"),
        ("#affected", "people"),
        ("#affected+type", "vulnerable_groups"),
        ("#group", "vulnerable_groups"),
    ),
    "hubs": (
        ("#loc+id", "hub_id"),
        ("#loc+name+i_uk", "name_uk"),
        ("#loc+name+i_en", "name_en"),
        ("#loc+name", "name_uk"),
        ("#geo+lat", "lat"),
        ("#geo+lon", "lon"),
        ("#loc+type", "hub_type"),
        ("#adm3+code", "pcode"),
        ("#adm3+code+served", "serves_pcode"),
        ("#adm3+code+origin", "serves_pcode"),
        ("#service", "services"),
        ("#service+i_en", "services_en"),
        ("#meta+hours", "hours"),
        ("#meta+hours+i_en", "hours_en"),
        ("#contact+phone", "phone"),
        ("#contact+url", "website"),
        ("#affected+idps", "registered_people"),
    ),
    # IDPs are +idp or +idps only: #affected+ind alone is anyone affected (DTM's returnees are
    # #affected+returnees+ind), and a column tagged +returnees never maps (HXL_EXCLUDED).
    # Codes of any level, the finest first (patterns of the same weight are tried in order).
    "idp_counts": (
        ("#adm3+code", "host_pcode"),
        ("#adm2+code", "host_pcode"),
        ("#adm1+code", "host_pcode"),
        ("#adm3+code+host", "host_pcode"),
        ("#adm3+code+origin", "origin_pcode"),
        ("#adm2+code+origin", "origin_pcode"),
        ("#adm1+code+origin", "origin_pcode"),
        ("#affected+idps", "people"),
        ("#affected+idp", "people"),
        ("#affected+hh+idps", "households"),
        ("#affected+hh+idp", "households"),
        ("#affected+hh", "households"),
        ("#date", "as_of"),
    ),
}

# HXL attributes that keep a column out of an input whatever its tag: returnees are not IDPs.
HXL_EXCLUDED: dict[str, frozenset[str]] = {
    "idp_counts": frozenset({"returnees", "returnee", "returned"}),
}
