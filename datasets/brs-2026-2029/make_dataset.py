#!/usr/bin/env python3
"""Generate the bundled `brs-2026-2029` dataset for taplan.

Standard library only and deterministic: the only randomness comes from one
`random.Random(SEED)` instance, and only its `random()` method is used (its
output for an integer seed is stable across CPython 3 versions).  Running

    python3 make_dataset.py

from this folder rewrites plan.toml, parties.csv, themes.csv, partners.csv,
needs.csv, offers.csv and README.md byte-for-byte identically.

Input: the reference file datasets/reference/countries.csv in this repository
(override with TAPLAN_COUNTRIES=/path).

All needs and almost all offer amounts are ILLUSTRATIVE (synthesised); see
README.md for which figures are public facts.
"""

import csv
import io
import os
import random
import sys

SEED = 20260101
HERE = os.path.dirname(os.path.abspath(__file__))
PERIODS = ["2026-2027", "2028-2029"]
REGIONS = ["africa", "asia_pacific", "cee", "grulac"]
REGION_NAMES = {
    "africa": "Africa",
    "asia_pacific": "Asia-Pacific",
    "cee": "Central and Eastern Europe",
    "grulac": "Latin America and the Caribbean",
}


def countries_path():
    env = os.environ.get("TAPLAN_COUNTRIES")
    if env:
        return env
    path = os.path.join(HERE, "..", "reference", "countries.csv")
    if os.path.exists(path):
        return path
    sys.exit("datasets/reference/countries.csv not found; set TAPLAN_COUNTRIES=/path/to/countries.csv")


# ---------------------------------------------------------------------------
# 1. Party rule
# ---------------------------------------------------------------------------
# EU member states (all excluded: developed-country Parties / donors).
EU27 = {
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
    "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT",
    "ROU", "SVK", "SVN", "ESP", "SWE",
}
# Eastern European Group members that are not EU members -> region `cee`.
# Armenia, Azerbaijan and Georgia are M49 "Western Asia" but sit in this group.
CEE_NON_EU = {"ALB", "ARM", "AZE", "BLR", "BIH", "GEO", "MNE", "MKD", "MDA", "RUS", "SRB", "UKR"}
# WEOG members and WEOG-aligned states found in M49 Asia/Oceania/Americas
# (excluded: WEOG Parties are treated as donors, not recipients).
WEOG_OUTSIDE_EUROPE = {"USA", "CAN", "AUS", "NZL", "ISR", "TUR"}
# Asia-Pacific Group members treated as donor (developed) countries here:
# Japan (named as a TA donor in facts.md s3.4) and the Republic of Korea (an OECD
# DAC donor; assumption, not from facts.md).
AP_DONORS = {"JPN", "KOR"}
# Named non-Parties to the Stockholm Convention in facts.md s2 (USA, Israel,
# Malaysia, Italy). Only Malaysia is not already excluded by another rule.
NON_PARTIES = {"USA", "ISR", "MYS", "ITA"}
# Not UN member states, cannot be counted here.
NOT_UN_MEMBERS = {"TWN", "VAT"}


def region_of(row):
    iso, reg = row["iso3"], row["region"]
    if iso in EU27 or iso in WEOG_OUTSIDE_EUROPE or iso in AP_DONORS:
        return None
    if iso in NON_PARTIES or iso in NOT_UN_MEMBERS:
        return None
    if iso in CEE_NON_EU:
        return "cee"
    if reg == "Africa":
        return "africa"
    if reg == "Americas":
        return "grulac"
    if reg in ("Asia", "Oceania"):
        return "asia_pacific"
    return None  # remaining Europe = WEOG (or EU, already removed)


def exclusion_reason(row):
    iso, reg = row["iso3"], row["region"]
    if iso in NOT_UN_MEMBERS:
        return "not a UN member state"
    if iso in NON_PARTIES:
        return "named non-Party (facts.md s2)"
    if iso in EU27:
        return "EU member state"
    if iso in WEOG_OUTSIDE_EUROPE:
        return "WEOG member"
    if iso in AP_DONORS:
        return "donor country in Asia-Pacific Group"
    if reg == "Europe" and iso not in CEE_NON_EU:
        return "WEOG member"
    return None


# ---------------------------------------------------------------------------
# 2. Themes (SC-1/15 annex, facts.md s1.2; Secretariat clusters s1.3)
# ---------------------------------------------------------------------------
THEMES = [
    # id, name, weight, source
    ("nip", "National implementation plan development and update", 1,
     "SC-1/15 annex (a); also (b) review of infrastructure and institutions"),
    ("inventories", "POPs inventories", 1,
     "SC-1/15 annex (c)(v); (e) validating inventories"),
    ("legislation", "Legal and regulatory controls and incentives", 1,
     "SC-1/15 annex (c)(iv), (f); Secretariat 'legal' cluster"),
    ("laboratory", "Laboratory capacity, sampling and analysis", 1,
     "SC-1/15 annex (e)"),
    ("pcb", "PCB risk assessment, management and elimination", 1.2,
     "SC-1/15 annex (c)(vi)"),
    ("waste_disposal", "Identification and ESM disposal of POPs wastes and stockpiles", 1.2,
     "SC-1/15 annex (g)"),
    ("bat_bep", "BAT/BEP and unintentional POPs (dioxins and furans)", 1,
     "SC-1/15 annex (h); (c)(vi) dioxins and furans"),
    ("alternatives", "Alternatives to POPs and reducing the need for specific exemptions", 1,
     "SC-1/15 annex (d)(i)"),
    ("prtr", "Pollutant release and transfer registers", 1,
     "SC-1/15 annex (c)(viii)"),
    ("information_exchange", "Information exchange, coordination and reporting", 1,
     "Secretariat clusters 'coordination and cooperation' and 'information exchange' (facts.md s1.3)"),
    ("awareness", "Training of decision makers, managers, customs and personnel", 1,
     "SC-1/15 annex (c)(i)-(iii), (vii)"),
    ("research", "Research capacity and training of technical personnel", 1,
     "SC-1/15 annex (d), (d)(ii)"),
]
THEME_IDS = [t[0] for t in THEMES]
TECHNICAL = {"laboratory", "pcb", "waste_disposal", "bat_bep", "alternatives", "research"}

# ---------------------------------------------------------------------------
# 3. Partners (facts.md s3)
# ---------------------------------------------------------------------------
PARTNERS = [
    # id, name, kind, description
    ("gef", "Global Environment Facility", "financial_mechanism",
     "Principal entity of the financial mechanism (Art. 13); GEF-8 Jul 2022-Jun 2026, GEF-9 Jul 2026-Jun 2030"),
    ("special_programme", "UNEP Special Programme (institutional strengthening)", "special_programme",
     "UNEA res. 1/5 (2014); grants usually up to USD 250,000 over 3 years"),
    ("eu", "European Union", "bilateral",
     "Funded the BRS needs database and the PCB working group; Special Programme donor"),
    ("japan", "Japan", "bilateral", "Funded the PCB working group"),
    ("norway", "Norway", "bilateral",
     "Funded the PCB working group and small grants to regional centres; Special Programme donor"),
    ("sweden", "Sweden", "bilateral", "Special Programme donor"),
    ("switzerland", "Switzerland", "bilateral",
     "Host country; contributes CHF 4 million per biennium to the Secretariat (SC-8/27)"),
    ("germany", "Germany", "bilateral", "Special Programme donor"),
    ("scrc_kenya", "SCRC Africa (icipe) - Nairobi Kenya", "regional_centre",
     "International Centre of Insect Physiology and Ecology; endorsed COP-5; serves mainly all of Africa"),
    ("scrc_senegal", "BCRC-SCRC French-speaking Africa - Dakar Senegal", "regional_centre",
     "Serves 29 French-speaking African countries"),
    ("scrc_south_africa", "SCRC Africa Institute - Pretoria South Africa", "regional_centre",
     "Africa Institute for the ESM of Hazardous and other Wastes; nominated Jul 2010"),
    ("scrc_china", "SCRC Asia-Pacific (Tsinghua University) - Beijing China", "regional_centre",
     "SCRCAP on BCRC China; endorsed COP-4"),
    ("scrc_india", "SCRC CSIR-NEERI - Nagpur India", "regional_centre",
     "Endorsed COP-5; serves 10 countries"),
    ("scrc_indonesia", "BCRC-SEA/SCRC Indonesia - Jakarta Indonesia", "regional_centre",
     "Ministry of Environment and Forestry; South-East Asia"),
    ("scrc_iran", "BCRC-SCRC Iran - Tehran Iran", "regional_centre",
     "Department of Environment; endorsed COP-5, re-endorsed COP-7"),
    ("scrc_kuwait", "SCRC Kuwait (KISR) - Kuwait City Kuwait", "regional_centre",
     "Kuwait Institute for Scientific Research; endorsed 2009; serves 10-12 West Asian countries"),
    ("scrc_czechia", "SCRC RECETOX Masaryk University - Brno Czechia", "regional_centre",
     "Endorsed SC-4/23; serves 23 CEE countries; funded long-term by the Czech Ministry of Environment"),
    ("scrc_russia", "SCRC Russian Federation - Novosibirsk/Moscow", "regional_centre",
     "Novosibirsk Institute of Organic Chemistry SB RAS (nominated 2017); serves 11 countries"),
    ("scrc_brazil", "SCRC CETESB - Sao Paulo Brazil", "regional_centre", "CETESB, GRULAC"),
    ("scrc_mexico", "SCRC INECC (formerly CENICA) - Mexico City Mexico", "regional_centre", "GRULAC"),
    ("scrc_panama", "BCRC-SCRC Panama (CIIMET University of Panama) - Panama City", "regional_centre",
     "GRULAC"),
    ("scrc_uruguay", "BCCC-SCRC LATU - Montevideo Uruguay", "regional_centre",
     "Endorsed COP-4, COP-7, COP-9; serves 30 GRULAC Parties"),
    ("unep", "United Nations Environment Programme", "igo", "GEF agency; own programmes"),
    ("unido", "United Nations Industrial Development Organization", "igo", "GEF agency; own programmes"),
    ("undp", "United Nations Development Programme", "igo", "GEF agency; own programmes"),
    ("fao", "Food and Agriculture Organization of the United Nations", "igo",
     "16 regional/subregional offices with plant-protection officers"),
    ("who", "World Health Organization", "igo", "Own programmes"),
    ("unitar", "United Nations Institute for Training and Research", "igo", "Own programmes"),
    ("brs_secretariat", "BRS Secretariat technical assistance programme", "secretariat",
     "Art. 20(2)(b),(c); programme of work activity 13 (joint BC/RC/SC TA and capacity-building)"),
]
PARTNER_KIND = {p[0]: p[2] for p in PARTNERS}
KIND_ORDER = ["financial_mechanism", "special_programme", "bilateral", "regional_centre", "igo", "secretariat"]

# Party tiers used only to shape the synthetic needs (ILLUSTRATIVE).
LARGE = {
    "CHN", "IND", "BRA", "MEX", "RUS", "IDN", "ZAF", "EGY", "NGA", "ARG", "IRN",
    "PAK", "THA", "VNM", "UKR", "SAU", "COL", "PHL", "KAZ", "DZA", "CHL", "PER", "VEN",
}
SELF_RELIANT = {"ARE", "BHR", "BRN", "KWT", "OMN", "QAT", "SGP"}

# Regional-centre coverage lists (assumptions; see README).
FRANCOPHONE_AFRICA = [
    "BEN", "BFA", "BDI", "CMR", "CAF", "TCD", "COM", "COG", "COD", "CIV", "DJI",
    "GNQ", "GAB", "GIN", "MDG", "MLI", "NER", "RWA", "SEN", "SYC", "TGO", "MRT",
    "DZA", "MAR", "TUN", "MUS", "GNB", "CPV", "STP",
]
SADC = ["AGO", "BWA", "COM", "COD", "SWZ", "LSO", "MDG", "MWI", "MUS", "MOZ", "NAM",
        "SYC", "ZAF", "TZA", "ZMB", "ZWE"]
SOUTH_ASIA_NEERI = ["AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK", "MMR", "MNG"]
SOUTH_EAST_ASIA = ["BRN", "KHM", "IDN", "LAO", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"]
IRAN_CENTRAL_ASIA = ["IRN", "AFG", "PAK", "IRQ", "KAZ", "KGZ", "TJK", "TKM", "UZB"]
WEST_ASIA = ["ARE", "BHR", "IRQ", "JOR", "KWT", "LBN", "OMN", "QAT", "SAU", "SYR", "YEM"]
CEE_CIS = ["ARM", "AZE", "BLR", "MDA", "RUS"]
SOUTH_AMERICA = ["ARG", "BOL", "BRA", "CHL", "COL", "ECU", "GUY", "PRY", "PER", "SUR", "URY", "VEN"]
MESOAMERICA = ["BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "NIC", "PAN", "CUB", "DOM"]
CARIBBEAN_CENTRAL = ["ATG", "BHS", "BRB", "BLZ", "CRI", "CUB", "DMA", "DOM", "GRD", "GTM", "HND",
                     "HTI", "JAM", "KNA", "LCA", "NIC", "PAN", "SLV", "TTO", "VCT"]

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
RNG = random.Random(SEED)


def uni(lo, hi):
    return lo + (hi - lo) * RNG.random()


def irange(lo, hi):
    """Integer in [lo, hi] using only random()."""
    return lo + int(RNG.random() * (hi - lo + 1))


def weighted_pick(weights, k, exclude=()):
    """Pick k distinct keys by weight (without replacement), in a stable order."""
    pool = [(t, w) for t, w in weights.items() if t not in exclude and w > 0]
    out = []
    for _ in range(min(k, len(pool))):
        total = sum(w for _, w in pool)
        x = RNG.random() * total
        acc = 0.0
        for i, (t, w) in enumerate(pool):
            acc += w
            if x < acc or i == len(pool) - 1:
                out.append(t)
                pool.pop(i)
                break
    return out


def fmt(x):
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float):
        if abs(x - round(x)) < 1e-9:
            return str(int(round(x)))
        return ("%.2f" % x).rstrip("0").rstrip(".")
    return str(x)


def money(x):
    """Thousands of USD -> 'USD 1,234.5k' style string for README."""
    return "{:,.1f}".format(x)


def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([fmt(v) for v in r])
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------------------
# build parties
# ---------------------------------------------------------------------------
def load_parties():
    with open(countries_path(), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    parties, excluded = [], []
    for r in rows:
        reg = region_of(r)
        if reg is None:
            excluded.append((r["iso3"], r["name"], exclusion_reason(r)))
            continue
        parties.append({
            "party": r["iso3"], "name": r["name"], "region": reg,
            "ldc": r["ldc"] == "true", "sids": r["sids"] == "true",
        })
    parties.sort(key=lambda p: p["party"])
    return parties, excluded


def tier(p):
    if p["party"] in LARGE:
        return "large"
    if p["party"] in SELF_RELIANT:
        return "self_reliant"
    if p["ldc"] or p["sids"]:
        return "weak"
    return "middle"


# Relative propensity of a Party of each tier to request each theme (ILLUSTRATIVE).
PROPENSITY = {
    "weak": dict(nip=3.0, inventories=2.5, legislation=3.0, laboratory=1.0, pcb=1.2,
                 waste_disposal=1.5, bat_bep=0.5, alternatives=1.0, prtr=0.4,
                 information_exchange=1.5, awareness=2.5, research=0.4),
    "middle": dict(nip=1.8, inventories=1.8, legislation=1.5, laboratory=1.8, pcb=2.0,
                   waste_disposal=2.0, bat_bep=1.5, alternatives=1.5, prtr=1.0,
                   information_exchange=1.0, awareness=1.2, research=0.8),
    "large": dict(nip=1.0, inventories=1.2, legislation=0.8, laboratory=2.2, pcb=2.8,
                  waste_disposal=2.8, bat_bep=2.8, alternatives=2.0, prtr=1.5,
                  information_exchange=0.6, awareness=0.6, research=1.5),
    "self_reliant": dict(nip=1.0, inventories=1.0, legislation=0.8, laboratory=1.5, pcb=1.2,
                         waste_disposal=1.5, bat_bep=1.5, alternatives=1.0, prtr=1.5,
                         information_exchange=0.8, awareness=0.6, research=1.2),
}
N_THEMES = {"weak": (3, 6), "middle": (3, 6), "large": (5, 8), "self_reliant": (2, 4)}
# Per-biennium need range per theme for a middle-tier Party, thousands USD (ILLUSTRATIVE).
BASE_RANGE = dict(nip=(150, 400), inventories=(80, 300), legislation=(60, 250),
                  laboratory=(200, 900), pcb=(250, 1800), waste_disposal=(300, 2000),
                  bat_bep=(150, 1000), alternatives=(150, 900), prtr=(100, 400),
                  information_exchange=(30, 150), awareness=(40, 200), research=(80, 400))
TIER_MULT = {  # (technical, enabling)
    "weak": (0.5, 0.9), "middle": (1.0, 1.0), "large": (2.0, 1.4), "self_reliant": (0.6, 0.6),
}


def priority(p, theme):
    if p["ldc"] and theme in ("nip", "legislation", "inventories"):
        return 1.5
    if p["sids"] and theme in ("nip", "legislation"):
        return 1.25
    return 1


def build_needs(parties):
    needs = []
    for p in parties:
        t = tier(p)
        size = uni(0.7, 1.4)  # party-specific scale, shared by both periods
        lo, hi = N_THEMES[t]
        prev = []
        for pi, period in enumerate(PERIODS):
            k = irange(lo, hi)
            if pi == 0:
                chosen = weighted_pick(PROPENSITY[t], k)
            else:
                kept = [th for th in prev if RNG.random() < 0.7][:k]
                chosen = kept + weighted_pick(PROPENSITY[t], k - len(kept), exclude=set(kept))
            prev = chosen
            drift = 1.0 if pi == 0 else uni(0.95, 1.15)
            for th in sorted(chosen, key=THEME_IDS.index):
                blo, bhi = BASE_RANGE[th]
                mult = TIER_MULT[t][0] if th in TECHNICAL else TIER_MULT[t][1]
                amt = uni(blo, bhi) * mult * size * drift
                amt = max(10, int(round(amt / 5.0)) * 5)
                needs.append((p["party"], th, period, amt, priority(p, th)))
    return needs


# ---------------------------------------------------------------------------
# offers (ILLUSTRATIVE except where README says otherwise)
# ---------------------------------------------------------------------------
def J(xs):
    return ";".join(xs)


def build_offers(parties):
    ids = {p["party"] for p in parties}
    # High-income SIDS (Singapore) are left out of the LDC/SIDS-targeted windows.
    ldc_sids = [p["party"] for p in parties
                if (p["ldc"] or p["sids"]) and p["party"] not in SELF_RELIANT]
    sids = [p["party"] for p in parties if p["sids"] and p["party"] not in SELF_RELIANT]
    by_region = {r: {p["party"] for p in parties if p["region"] == r} for r in REGIONS}

    def plist(xs, region=None):
        out = [x for x in xs if x in ids and (region is None or x in by_region[region])]
        return out

    offers = []

    def add(oid, partner, pi, amount, themes, regions, parties_="", mpp="", eff=""):
        period = PERIODS[pi]
        suffix = period[:4]
        if isinstance(amount, float) and partner != "brs_secretariat":
            amount = int(round(amount / 10.0)) * 10
        offers.append((oid + "_" + suffix, partner, period, amount, themes, regions,
                       parties_, mpp, eff))

    for pi in range(2):
        g = 1.0 if pi == 0 else 1.06  # GEF-9 assumed slightly larger (ILLUSTRATIVE)
        b = 1.0 if pi == 0 else uni(0.92, 1.08)
        # --- GEF (financial mechanism) --------------------------------------
        add("gef_pops_core", "gef", pi, 72000.0 * g,
            J(["pcb", "waste_disposal", "bat_bep", "alternatives", "laboratory"]), "*", "", 6000, "")
        add("gef_enabling", "gef", pi, 26000.0 * g,
            J(["nip", "inventories", "legislation", "prtr", "laboratory", "awareness"]), "*", "", 1200, "")
        add("gef_ldc_sids", "gef", pi, 16000.0 * g,
            J(["nip", "inventories", "legislation", "pcb", "waste_disposal", "awareness"]), "*",
            J(ldc_sids), 1500, "")
        add("gef_nip_update", "gef", pi, 6000.0 * g, "nip", "*", "", 250, "")
        # --- Special Programme ---------------------------------------------
        add("sp_institutional", "special_programme", pi, 4500.0 * b,
            J(["nip", "legislation", "information_exchange", "awareness"]), "*", "", 250, "")
        # --- Bilateral -----------------------------------------------------
        add("eu_africa_waste", "eu", pi, 9000.0 * b,
            J(["waste_disposal", "pcb", "legislation"]), "africa", "", 800, 1)
        add("eu_cee_acquis", "eu", pi, 4000.0 * b,
            J(["legislation", "pcb", "waste_disposal", "prtr"]), "cee", "", 700, 1)
        add("eu_grulac_chemicals", "eu", pi, 3000.0 * b,
            J(["waste_disposal", "pcb", "bat_bep"]), "grulac", "", 500, 1)
        add("eu_info_exchange", "eu", pi, 2500.0 * b,
            J(["information_exchange", "awareness"]), "*", "", 60, 1)
        add("japan_asia_pcb", "japan", pi, 7000.0 * b,
            J(["pcb", "waste_disposal", "bat_bep"]), "asia_pacific", "", 1000, 1)
        add("japan_monitoring", "japan", pi, 2500.0 * b,
            J(["laboratory", "research"]), "asia_pacific", "", 300, 1)
        add("japan_ap_sids", "japan", pi, 1200.0 * b,
            J(["waste_disposal", "inventories"]), "asia_pacific", J(plist(sids, "asia_pacific")), 120, 1)
        add("norway_pcb_global", "norway", pi, 5000.0 * b,
            J(["pcb", "waste_disposal"]), "*", "", 600, 1)
        add("norway_sids", "norway", pi, 2000.0 * b,
            J(["waste_disposal", "inventories", "awareness"]), "*", J(sids), 150, 1)
        add("sweden_legal", "sweden", pi, 4000.0 * b,
            J(["legislation", "nip", "prtr", "awareness"]), J(["africa", "asia_pacific"]), "", 200, 1)
        add("switzerland_prtr_lab", "switzerland", pi, 3000.0 * b,
            J(["prtr", "laboratory", "information_exchange"]), J(["cee", "grulac", "africa"]), "", 250, 1)
        add("germany_alternatives", "germany", pi, 4500.0 * b,
            J(["alternatives", "bat_bep", "waste_disposal"]), J(["africa", "grulac"]), "", 500, 1)
        add("germany_research", "germany", pi, 1500.0 * b, "research", "*", "", 150, 0.95)
        # --- IGOs (own programme resources, not GEF money they implement) ---
        add("unep_enabling", "unep", pi, 5000.0 * b,
            J(["nip", "inventories", "information_exchange"]), "*", "", 200, 1)
        add("unep_ldc_sids", "unep", pi, 2000.0 * b,
            J(["nip", "inventories", "awareness"]), "*", J(ldc_sids), 100, 1.05)
        add("unido_industry", "unido", pi, 7000.0 * b,
            J(["bat_bep", "pcb"]), "*", "", 900, 1)
        add("undp_pcb_waste", "undp", pi, 7000.0 * b,
            J(["pcb", "waste_disposal"]), "*", "", 900, 1)
        add("undp_ldc_governance", "undp", pi, 2000.0 * b,
            J(["legislation", "nip"]), "*", J(ldc_sids), 120, 1)
        add("fao_obsolete_pesticides", "fao", pi, 2500.0 * b,
            J(["waste_disposal", "inventories"]), J(["africa", "asia_pacific", "grulac"]), "", 300, 1)
        add("fao_pesticides", "fao", pi, 4000.0 * b,
            J(["alternatives", "legislation"]), "*", "", 350, 1)
        add("who_vector_control", "who", pi, 1500.0 * b,
            J(["alternatives", "laboratory"]), J(["africa", "asia_pacific"]), "", 200, 0.95)
        add("unitar_training", "unitar", pi, 1800.0 * b,
            J(["prtr", "awareness"]), "*", "", 120, 1)
        # --- Regional centres (serve their own region only) ------------------
        add("scrc_kenya_africa", "scrc_kenya", pi, 1200.0 * b,
            J(["alternatives", "research", "awareness", "inventories", "laboratory"]), "africa", "", 100, 1.1)
        add("scrc_senegal_francophone", "scrc_senegal", pi, 1100.0 * b,
            J(["nip", "legislation", "inventories", "awareness", "waste_disposal"]), "africa",
            J(plist(FRANCOPHONE_AFRICA, "africa")), 90, 1.1)
        add("scrc_south_africa_sadc", "scrc_south_africa", pi, 900.0 * b,
            J(["waste_disposal", "pcb", "legislation", "awareness"]), "africa",
            J(plist(SADC, "africa")), 100, 1.05)
        add("scrc_china_ap", "scrc_china", pi, 1500.0 * b,
            J(["bat_bep", "pcb", "laboratory", "research", "inventories"]), "asia_pacific", "", 150, 1.05)
        add("scrc_india_south_asia", "scrc_india", pi, 800.0 * b,
            J(["laboratory", "research", "bat_bep", "inventories"]), "asia_pacific",
            J(plist(SOUTH_ASIA_NEERI, "asia_pacific")), 120, 1.05)
        add("scrc_indonesia_sea", "scrc_indonesia", pi, 700.0 * b,
            J(["waste_disposal", "inventories", "awareness", "information_exchange"]), "asia_pacific",
            J(plist(SOUTH_EAST_ASIA, "asia_pacific")), 100, 1.05)
        add("scrc_iran_region", "scrc_iran", pi, 600.0 * b,
            J(["pcb", "laboratory", "inventories", "awareness"]), "asia_pacific",
            J(plist(IRAN_CENTRAL_ASIA, "asia_pacific")), 100, 1.05)
        add("scrc_kuwait_west_asia", "scrc_kuwait", pi, 900.0 * b,
            J(["laboratory", "research", "pcb", "inventories"]), "asia_pacific",
            J(plist(WEST_ASIA, "asia_pacific")), 120, 1.05)
        add("scrc_czechia_cee", "scrc_czechia", pi, 900.0 * b,
            J(["laboratory", "research", "inventories", "information_exchange"]), "cee", "", 120, 1.1)
        add("scrc_russia_cis", "scrc_russia", pi, 500.0 * b,
            J(["laboratory", "pcb", "alternatives", "research"]), "cee",
            J(plist(CEE_CIS, "cee")), 120, 1.0)
        add("scrc_brazil_south_america", "scrc_brazil", pi, 900.0 * b,
            J(["laboratory", "waste_disposal", "bat_bep", "pcb"]), "grulac",
            J(plist(SOUTH_AMERICA, "grulac")), 120, 1.05)
        add("scrc_mexico_mesoamerica", "scrc_mexico", pi, 700.0 * b,
            J(["laboratory", "research", "inventories", "bat_bep"]), "grulac",
            J(plist(MESOAMERICA, "grulac")), 100, 1.05)
        add("scrc_panama_caribbean", "scrc_panama", pi, 600.0 * b,
            J(["inventories", "awareness", "legislation", "laboratory"]), "grulac",
            J(plist(CARIBBEAN_CENTRAL, "grulac")), 60, 1.05)
        add("scrc_uruguay_grulac", "scrc_uruguay", pi, 900.0 * b,
            J(["nip", "legislation", "inventories", "pcb", "awareness"]), "grulac", "", 80, 1.1)
        # --- Secretariat ---------------------------------------------------
        # 2026-2027: public figure, activity 13 (joint BC/RC/SC), USD 2,292,657.
        # 2028-2029: not published -> same amount carried forward (ILLUSTRATIVE).
        add("brs_ta_programme", "brs_secretariat", pi, 2292.7,
            J(["nip", "legislation", "inventories", "information_exchange", "awareness"]), "*", "", 60, 1.1)
    return offers


# ---------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------
def readme(parties, excluded, needs, offers):
    L = []
    a = L.append
    n_by_reg = {r: [p for p in parties if p["region"] == r] for r in REGIONS}
    need_tot = {per: sum(n[3] for n in needs if n[2] == per) for per in PERIODS}
    cap_tot = {per: sum(o[3] for o in offers if o[2] == per) for per in PERIODS}
    cap_kind = {(k, per): sum(o[3] for o in offers if o[2] == per and PARTNER_KIND[o[1]] == k)
                for k in KIND_ORDER for per in PERIODS}
    need_reg = {(r, per): sum(n[3] for n in needs if n[2] == per and n[0] in {p["party"] for p in n_by_reg[r]})
                for r in REGIONS for per in PERIODS}
    need_theme = {(t, per): sum(n[3] for n in needs if n[2] == per and n[1] == t)
                  for t in THEME_IDS for per in PERIODS}
    rows_theme = {t: sum(1 for n in needs if n[1] == t) for t in THEME_IDS}

    a("# brs-2026-2029: illustrative Stockholm Convention technical-assistance planning dataset")
    a("")
    a("This folder is a bundled, **largely synthetic** dataset for `taplan`. It models planning technical")
    a("assistance (TA) under Article 12 of the Stockholm Convention for the two bienniums 2026-2027 and")
    a("2028-2029 (the span of a BRS four-year TA plan). It has Parties, TA themes, partners (sources of")
    a("assistance), Party needs, and partner offers. The structure (who the partners are, which themes exist,")
    a("which regional centre serves which region) follows public sources in `docs/domain-facts.md`.")
    a("**All need amounts and nearly all offer amounts are ILLUSTRATIVE.** They are not official figures and")
    a("must not be cited as such. Use the dataset to exercise and demonstrate the optimiser, not to draw policy")
    a("conclusions.")
    a("")
    a("All amounts are in **thousands of USD** (`unit = 1000` in `plan.toml`) per biennium.")
    a("")
    a("## Files")
    a("")
    a("| File | Rows | Content |")
    a("|---|---:|---|")
    a("| `plan.toml` | - | name, currency, unit, periods, regions, region_names |")
    a("| `parties.csv` | %d | recipient Parties (developing-country and EIT Parties, by the rule below) |" % len(parties))
    a("| `themes.csv` | %d | TA themes |" % len(THEMES))
    a("| `partners.csv` | %d | sources of assistance |" % len(PARTNERS))
    a("| `needs.csv` | %d | (party, theme, period) needs |" % len(needs))
    a("| `offers.csv` | %d | partner offers per period |" % len(offers))
    a("| `make_dataset.py` | - | generator (Python 3 standard library, fixed seed %d) |" % SEED)
    a("")
    a("## Regenerating")
    a("")
    a("```sh")
    a("cd datasets/brs-2026-2029")
    a("python3 make_dataset.py")
    a("```")
    a("")
    a("The script reads the reference file `datasets/reference/countries.csv` in this repository")
    a("(override with `TAPLAN_COUNTRIES=/path`). It")
    a("uses one `random.Random(%d)` and only its `random()` method, so the output, including this README," % SEED)
    a("is byte-identical on every run.")
    a("")
    a("## Columns")
    a("")
    a("All CSV files are UTF-8, comma-separated, with a header row. In list cells, items are separated by `;`,")
    a("and `*` means \"all\".")
    a("")
    a("- `parties.csv`: `party` ISO 3166-1 alpha-3 code; `name` from countries.csv; `region` UN regional group id")
    a("  (`africa`, `asia_pacific`, `cee`, `grulac`); `ldc`, `sids` UN flags from countries.csv (`true`/`false`);")
    a("  `weight` 1 for every Party (priority is left to the policies and to `needs.priority`).")
    a("- `themes.csv`: `theme` id; `name`; `weight` (relative value of one unit of need met in that theme).")
    a("- `partners.csv`: `partner` id; `name`; `kind` one of `financial_mechanism`, `special_programme`,")
    a("  `bilateral`, `regional_centre`, `igo`, `secretariat`.")
    a("- `needs.csv`: `party`, `theme`, `period`, `amount` (> 0, thousands USD), `priority` (> 0; 1 by default).")
    a("  (party, theme, period) is unique.")
    a("- `offers.csv`: `offer` unique id; `partner`; `period`; `amount` (> 0, thousands USD); `themes` (list or `*`);")
    a("  `regions` (list or `*`); `parties` (list; empty = every Party in the listed regions); `max_per_party`")
    a("  (empty = no cap; cap on what one Party can receive from this offer in the period); `effectiveness`")
    a("  (empty = 1; value of one unit delivered through this offer relative to 1). Every Party in a `parties`")
    a("  list belongs to one of the offer's `regions`.")
    a("")
    a("## Party rule")
    a("")
    a("The Convention publishes no list of developing-country Parties and Parties with economies in transition")
    a("(EIT) (facts.md s2: NOT FOUND). This dataset uses the following documented rule on the 195 states in")
    a("`countries.csv`:")
    a("")
    a("1. Assign the UN regional group from the M49 geography: Africa -> `africa`; Americas -> `grulac`; Asia and")
    a("   Oceania -> `asia_pacific`; Europe -> WEOG, except the Eastern European Group members, which go to `cee`.")
    a("   Armenia, Azerbaijan and Georgia (M49 Western Asia) are placed in `cee` (Eastern European Group).")
    a("   Kiribati (in no group in the 2014 list) is placed in `asia_pacific`.")
    a("2. Exclude WEOG members and WEOG-seated states outside Europe: Canada, USA, Australia, New Zealand, Israel,")
    a("   Turkiye (Turkiye takes part in WEOG and Asia-Pacific but counts as WEOG for elections, facts.md s2).")
    a("   WEOG Parties are treated as donors, not recipients.")
    a("3. Exclude all 27 EU member states (including the Eastern European Group's EU members and Cyprus, which is")
    a("   in the Asia-Pacific Group).")
    a("4. Exclude Japan and the Republic of Korea as donor countries in the Asia-Pacific Group. Japan is named as")
    a("   a TA funder in facts.md s3.4. The Republic of Korea is excluded as an OECD DAC donor (assumption, not")
    a("   in facts.md).")
    a("5. Exclude the non-Parties named in facts.md s2 (USA, Israel, Malaysia, Italy). Of these only Malaysia is")
    a("   not already excluded.")
    a("6. Exclude Taiwan and the Holy See (not UN member states).")
    a("7. Everything else is kept. This includes the Russian Federation (EIT), high-income developing countries")
    a("   (Gulf states, Brunei Darussalam, Singapore) and states whose Party status the facts do not settle.")
    a("   Party status should be checked against the pops.int Status of ratifications. Non-UN Parties that are")
    a("   not in countries.csv (e.g. Cook Islands, Niue, State of Palestine) are not included.")
    a("")
    a("Result: **%d Parties**." % len(parties))
    a("")
    a("| Region | Parties | of which LDC | of which SIDS |")
    a("|---|---:|---:|---:|")
    for r in REGIONS:
        ps = n_by_reg[r]
        a("| `%s` (%s) | %d | %d | %d |" % (r, REGION_NAMES[r], len(ps), sum(p["ldc"] for p in ps),
                                         sum(p["sids"] for p in ps)))
    a("| **total** | **%d** | **%d** | **%d** |" % (len(parties), sum(p["ldc"] for p in parties),
                                                 sum(p["sids"] for p in parties)))
    a("")
    a("LDC and SIDS flags are copied from countries.csv. Its known staleness applies: Sao Tome and Principe")
    a("left the LDC category in December 2024 and is still flagged.")
    a("")
    a("Excluded states (%d): " % len(excluded) + ", ".join("%s (%s)" % (e[0], e[2]) for e in excluded) + ".")
    a("")
    a("## Themes")
    a("")
    a("The themes follow the items that get \"priority consideration\" in the annex to decision SC-1/15 (facts.md")
    a("s1.2; items (i) onward NOT FOUND) and the Secretariat's need clusters (facts.md s1.3).")
    a("")
    a("| Theme | Name | Weight | Source |")
    a("|---|---|---:|---|")
    for t, name, w, src in THEMES:
        a("| `%s` | %s | %s | %s |" % (t, name, fmt(float(w)), src))
    a("")
    a("Theme weights are 1 except `pcb` and `waste_disposal` at 1.2. Those two weights are **ILLUSTRATIVE**:")
    a("they only demonstrate the mechanism, and no public source sets theme weights.")
    a("")
    a("## Partners")
    a("")
    a("| Partner | Kind | Name | What it is (facts.md s3) |")
    a("|---|---|---|---|")
    for pid, name, kind, desc in PARTNERS:
        a("| `%s` | %s | %s | %s |" % (pid, kind, name, desc))
    a("")
    a("Notes:")
    a("")
    a("- The regional centres are the SCRCs in facts.md s3.5. The unconfirmed Algeria centre is left out, and so is")
    a("  SCP/RAC Barcelona (Spain), which serves WEOG/Mediterranean; its Africa coverage is not documented.")
    a("- Each regional centre serves only its own region. The coverage lists are **assumptions**. facts.md gives")
    a("  only counts or general scope:")
    a("  - `scrc_senegal`: 29 French-speaking African Parties (French official or widely used, or OIF members). This")
    a("    matches the \"29 countries\" count, but crcbsaf.org's own list was not consulted.")
    a("  - `scrc_south_africa`: SADC members.")
    a("  - `scrc_india`: 10 South Asian and nearby Parties (\"serves 10 countries\").")
    a("  - `scrc_indonesia`: South-East Asia.")
    a("  - `scrc_iran`: Iran, its neighbours and Central Asia.")
    a("  - `scrc_kuwait`: 11 West Asian Parties (\"10-12\").")
    a("  - `scrc_czechia`: all `cee` Parties.")
    a("  - `scrc_russia`: the CIS members of `cee`. facts.md says it serves 11 countries, and the rest are probably")
    a("    Central Asian (`asia_pacific`), which this dataset does not let it serve.")
    a("  - `scrc_brazil`: South America.")
    a("  - `scrc_mexico`: Mesoamerica plus Cuba and the Dominican Republic.")
    a("  - `scrc_panama`: Central America and the Caribbean.")
    a("  - `scrc_kenya` and `scrc_uruguay`: their whole region.")
    a("  - `scrc_china`: the whole `asia_pacific` region.")
    a("- IGO offers are meant as the organisations' **own** programme resources. GEF money they implement as GEF")
    a("  agencies is inside the `gef` offers, so it is not counted twice.")
    a("- The EU is given kind `bilateral` for simplicity. It is a regional economic integration organisation.")
    a("")
    a("## Which figures are public facts and which are illustrative")
    a("")
    a("| Figure used | Value | Status | Source (facts.md) |")
    a("|---|---|---|---|")
    a("| BRS programme of work activity 13 (TA and capacity-building, joint BC/RC/SC), 2026-2027 | USD 2,292,657 -> `brs_ta_programme_2026` = 2292.7 | PUBLIC (used in full; the Stockholm share is not published, so this overstates Stockholm-only TA) | s2, brsmeas tabid/10442 |")
    a("| Secretariat TA 2028-2029 | 2292.7 | ILLUSTRATIVE (2026-2027 figure carried forward) | not published |")
    a("| Special Programme grant ceiling | usually up to USD 250,000 (over 3 years) -> `max_per_party` = 250 per biennium | PUBLIC ceiling; per-biennium use ILLUSTRATIVE | s3.3 |")
    a("| Special Programme 6th round (8th Executive Board) | 9 projects, USD 2,207,875 | PUBLIC, used only to calibrate the order of magnitude of `sp_institutional` | s3.3 |")
    a("| GEF-5 NIP update ceiling | up to USD 250k -> `gef_nip_update` `max_per_party` = 250 | PUBLIC (GEF-5), applied to 2026-2029 as an ILLUSTRATIVE assumption | s3.2 |")
    a("| GEF-8 size and chemicals-and-waste share | USD 5.25bn; 15% -> about USD 0.79bn over 4 years (derived arithmetic, not published) | PUBLIC inputs; the product is DERIVED | s3.2 |")
    a("| GEF offers (all 4 lines per period) | see totals below | ILLUSTRATIVE: about %.0f%% of the derived 0.79bn over the two bienniums, on the assumption that only part of chemicals-and-waste goes to Stockholm TA in developing/EIT Parties. GEF-9 (from Jul 2026) is NOT FOUND; the 2028-2029 lines are scaled x1.06 | s3.2 |" % (100.0 * (cap_kind[("financial_mechanism", PERIODS[0])] + cap_kind[("financial_mechanism", PERIODS[1])]) / 787500.0))
    a("| GEF historical POPs commitments | USD 568.8m 2001-2012 | PUBLIC, context only | s3.2 |")
    a("| Regional centres, donors, IGOs named | names and hosts | PUBLIC | s3.1, s3.3-s3.5 |")
    a("| UN regional groups and LDC/SIDS flags | from countries.csv and the regional-group rules | PUBLIC inputs, rule above is ours | s2, s6.3 |")
    a("| Every `needs.csv` amount and priority | - | **ILLUSTRATIVE** | none |")
    a("| Every offer amount except `brs_ta_programme_2026` | - | **ILLUSTRATIVE** | none |")
    a("| Offer theme/region/party targeting, `max_per_party`, `effectiveness` | - | **ILLUSTRATIVE** (inspired by each partner's public role) | s3 |")
    a("| Theme weights (`pcb`, `waste_disposal` = 1.2) | - | **ILLUSTRATIVE** | none |")
    a("| Party tiers used to shape needs | - | **ILLUSTRATIVE** | none |")
    a("")
    a("### How the illustrative needs were synthesised")
    a("")
    a("Each Party is given a tier:")
    a("")
    a("- `large`: a hand-picked list of %d large or industrial economies." % len(LARGE))
    a("- `self_reliant`: high-income Gulf states, Brunei and Singapore. Singapore is also left out of the")
    a("  offers aimed at LDCs and SIDS (`gef_ldc_sids`, `unep_ldc_sids`, `undp_ldc_governance`, `norway_sids`,")
    a("  `japan_ap_sids`), although countries.csv flags it as SIDS.")
    a("- `weak`: any other LDC or SIDS.")
    a("- `middle`: the rest.")
    a("")
    a("facts.md s1.3 says Parties with weak infrastructure focus on building the national system, and Parties with")
    a("strong infrastructure on specific chemicals. Following that:")
    a("")
    a("- `weak` Parties lean towards nip, legislation, inventories and awareness.")
    a("- `large` Parties lean towards pcb, waste_disposal, bat_bep and laboratory.")
    a("")
    a("Each Party requests 3-6 themes per biennium (large: 5-8; self_reliant: 2-4). About 70% of its")
    a("2026-2027 themes carry over to 2028-2029.")
    a("")
    a("Amounts are drawn from per-theme ranges (e.g. nip 150-400, waste_disposal 300-2000, in thousands USD). They")
    a("are then scaled by tier and by a Party-specific size factor, and rounded to 5.")
    a("")
    a("Priority is 1.5 for nip, legislation and inventories in LDCs, and 1.25 for nip and legislation in non-LDC")
    a("SIDS. The direction follows Article 12(5) (\"full account of the specific needs and special situation of LDCs")
    a("and SIDS\", facts.md s1.1); the values are ILLUSTRATIVE.")
    a("")
    a("## Totals (computed by make_dataset.py)")
    a("")
    a("Thousands of USD.")
    a("")
    a("| | %s | %s | total |" % tuple(PERIODS))
    a("|---|---:|---:|---:|")
    tn = sum(need_tot.values())
    tc = sum(cap_tot.values())
    a("| **Total need** | %s | %s | %s |" % (money(need_tot[PERIODS[0]]), money(need_tot[PERIODS[1]]), money(tn)))
    a("| **Total offered capacity** | %s | %s | %s |" % (money(cap_tot[PERIODS[0]]), money(cap_tot[PERIODS[1]]), money(tc)))
    a("| capacity / need | %.1f%% | %.1f%% | %.1f%% |" % (100 * cap_tot[PERIODS[0]] / need_tot[PERIODS[0]],
                                                        100 * cap_tot[PERIODS[1]] / need_tot[PERIODS[1]], 100 * tc / tn))
    a("")
    a("Capacity by partner kind:")
    a("")
    a("| Partner kind | Offers | %s | %s | total |" % tuple(PERIODS))
    a("|---|---:|---:|---:|---:|")
    for k in KIND_ORDER:
        no = sum(1 for o in offers if PARTNER_KIND[o[1]] == k)
        a("| %s | %d | %s | %s | %s |" % (k, no, money(cap_kind[(k, PERIODS[0])]), money(cap_kind[(k, PERIODS[1])]),
                                          money(cap_kind[(k, PERIODS[0])] + cap_kind[(k, PERIODS[1])])))
    a("")
    a("Need by region:")
    a("")
    a("| Region | %s | %s | total |" % tuple(PERIODS))
    a("|---|---:|---:|---:|")
    for r in REGIONS:
        a("| %s | %s | %s | %s |" % (r, money(need_reg[(r, PERIODS[0])]), money(need_reg[(r, PERIODS[1])]),
                                     money(need_reg[(r, PERIODS[0])] + need_reg[(r, PERIODS[1])])))
    a("")
    a("Need by theme:")
    a("")
    a("| Theme | rows | %s | %s | total |" % tuple(PERIODS))
    a("|---|---:|---:|---:|---:|")
    for t in THEME_IDS:
        a("| %s | %d | %s | %s | %s |" % (t, rows_theme[t], money(need_theme[(t, PERIODS[0])]),
                                          money(need_theme[(t, PERIODS[1])]),
                                          money(need_theme[(t, PERIODS[0])] + need_theme[(t, PERIODS[1])])))
    a("")
    a("Capacity is below need on purpose, so that the allocation matters. Because of theme, region, Party and")
    a("`max_per_party` restrictions, not all offered capacity can be used, and some needs cannot be reached at all.")
    a("")
    return "\n".join(L)


def main():
    parties, excluded = load_parties()
    needs = build_needs(parties)
    offers = build_offers(parties)

    with open(os.path.join(HERE, "plan.toml"), "w", encoding="utf-8", newline="") as f:
        f.write("# Generated by make_dataset.py. Amounts are ILLUSTRATIVE; see README.md.\n")
        f.write('name = "BRS Stockholm Convention technical assistance 2026-2029 (illustrative)"\n')
        f.write('currency = "USD"\n')
        f.write("unit = 1000\n")
        f.write("periods = [%s]\n" % ", ".join('"%s"' % p for p in PERIODS))
        f.write("regions = [%s]\n" % ", ".join('"%s"' % r for r in REGIONS))
        f.write("region_names = [%s]\n" % ", ".join('"%s"' % REGION_NAMES[r] for r in REGIONS))

    write_csv("parties.csv", ["party", "name", "region", "ldc", "sids", "weight"],
              [(p["party"], p["name"], p["region"], p["ldc"], p["sids"], 1) for p in parties])
    write_csv("themes.csv", ["theme", "name", "weight"], [(t[0], t[1], float(t[2])) for t in THEMES])
    write_csv("partners.csv", ["partner", "name", "kind"], [(p[0], p[1], p[2]) for p in PARTNERS])
    write_csv("needs.csv", ["party", "theme", "period", "amount", "priority"],
              [(n[0], n[1], n[2], n[3], float(n[4])) for n in needs])
    write_csv("offers.csv", ["offer", "partner", "period", "amount", "themes", "regions", "parties",
                             "max_per_party", "effectiveness"],
              [tuple(float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in o)
               for o in offers])
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8", newline="") as f:
        f.write(readme(parties, excluded, needs, offers))


if __name__ == "__main__":
    main()
