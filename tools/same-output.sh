#!/bin/sh
# Byte-identity check for refactors: run `plan`, `whatif` (bundled scenarios) and `compare` on the
# bundled datasets and the M preset (seed 1), and print one line per output file: its digest and
# path. Run it before and after a change and diff the two listings:
#
#   sh tools/same-output.sh > before.txt   # on the old commit
#   sh tools/same-output.sh > after.txt    # on the new one
#   diff before.txt after.txt
#
# The outputs go to a fresh temporary folder, or to `runs/` under the folder given as the first
# argument; an existing `runs/` there is replaced only if this script made it (its marker file).
#
# Expected differences, masked here so that they do not show:
#   1. summary.json times (`times` block): wall clock, different on every run;
#   2. workbook timestamps (docProps/core.xml in .xlsx files), until workbooks became
#      deterministic (now a fixed creation time, and plan.xlsx leaves summary.json's times out):
#      the .xlsx files are listed by the digest of their unzipped sheets, not their bytes;
#   (and the .taplan-output markers, whose format changed once: names, then names with digests)
#   3. plans whose back end changes because a command now honours `--solver`: `compare`'s
#      `coverage` policy was solved by highs-whole whatever the command said and now uses the
#      command's back end (default highs). The same optimum, another vertex: compare-*/coverage/,
#      the coverage row of metrics.csv, prices measured against it (ldc-sids at M moves from
#      8.2e-16 to 0), and compare.md/.html/.xlsx. Every other file is the same bytes.
#   4. last digits of group sums: funding and need by Party, region and theme are now summed in
#      one place (analysis::stats::GroupSums, in need order) where metrics.csv, deltas.csv and
#      the plan tables used three different orders. Differences are at rounding level (below 1e-12
#      relative; 7e-19 absolute on a Theil index of 1.2e-9) in metrics.csv, deltas.csv and the
#      workbooks and pages that show them.
set -eu
cd "$(dirname "$0")/.."
bin=${TAPLAN_BIN:-target/release/taplan}
out=${1:-$(mktemp -d)}
if [ -e "$out/runs" ]; then
  if [ ! -f "$out/runs/.same-output" ]; then
    echo "same-output.sh: $out/runs exists and was not made by this script; choose another folder" >&2
    exit 2
  fi
  rm -rf "$out/runs"
fi
mkdir -p "$out/runs"
: > "$out/runs/.same-output"
r="$out/runs"
"$bin" generate --scale M --seed 1 --out "$r/m" >/dev/null
for ds in tiny brs-2026-2029; do
  "$bin" plan "datasets/$ds" --out "$r/plan-$ds" --xlsx >/dev/null 2>&1
  "$bin" whatif "datasets/$ds" --scenarios "datasets/$ds/scenarios.toml" --out "$r/whatif-$ds" --xlsx >/dev/null 2>&1
  "$bin" compare "datasets/$ds" --out "$r/compare-$ds" --xlsx >/dev/null 2>&1
done
"$bin" compare datasets/tiny --scenarios datasets/tiny/scenarios.toml --out "$r/compare-scenarios-tiny" --xlsx >/dev/null 2>&1
"$bin" plan "$r/m" --out "$r/plan-m" >/dev/null 2>&1
"$bin" compare "$r/m" --out "$r/compare-m" --policies models/coverage.toml models/ldc-sids.toml models/proportional.toml >/dev/null 2>&1
cd "$r"
find . -type f ! -name .same-output | LC_ALL=C sort | while read -r f; do
  case "$f" in
    */summary.json) sum=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("times",None); print(json.dumps(d,sort_keys=True))' "$f" | sha256sum) ;;
    *.xlsx) sum=$(python3 - "$f" <<'PY'
import hashlib, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); h = hashlib.sha256()
names = z.namelist()
strings = re.findall(r"<si><t[^>]*>(.*?)</t></si>", z.read("xl/sharedStrings.xml").decode()) if "xl/sharedStrings.xml" in names else []
def cells(xml):
    # every cell with shared strings resolved; summary rows labelled "times..." are left out
    out = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", xml):
        row_cells = []
        for ref, attrs, value in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(?:<v>(.*?)</v>)?</c>)', row):
            if 't="s"' in attrs and value:
                value = "s:" + strings[int(value)]
            row_cells.append((ref, re.sub(r'\s*t="s"', "", attrs), value))
        if row_cells and row_cells[0][2].startswith("s:times"):
            continue
        out.extend(row_cells)
    return repr(out) + re.sub(r"<sheetData>.*</sheetData>", "", xml, flags=re.S)
for n in sorted(names):
    if n in ("docProps/core.xml", "xl/sharedStrings.xml"):
        continue
    data = z.read(n)
    if n.startswith("xl/worksheets/"):
        data = cells(data.decode()).encode()
    h.update(n.encode()); h.update(data)
print(h.hexdigest())
PY
) ;;
    *) sum=$(sha256sum < "$f") ;;
  esac
  echo "${sum%% *} $f"
done
