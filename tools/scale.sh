#!/bin/sh
# Single-run, side-by-side timings at the M and L presets that are too slow for criterion's
# ten samples: coverage and fair, structured vs flat, and every policy at L with its peak
# memory. Prints a markdown table; docs/performance.md records one run of it.
# Usage: sh tools/scale.sh [outdir]   (needs /usr/bin/time; builds taplan in release mode;
# LIMIT=seconds caps each run, default 900; ONLY=side stops after the first table)
set -e
out=${1:-target/scale}
mkdir -p "$out"
cargo build --release --quiet
T=target/release/taplan
[ -f "$out/M/offers.csv" ] || $T generate --scale M --seed 1 --out "$out/M" >/dev/null
[ -f "$out/L/offers.csv" ] || $T generate --scale L --seed 1 --out "$out/L" >/dev/null
[ -f "$out/D/offers.csv" ] || $T generate --scale M-dense --seed 1 --out "$out/D" >/dev/null
cargo build --release --quiet --example backends
run() { # label, then the taplan arguments
  label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" timeout "${LIMIT:-900}" $T "$@" >/dev/null 2>"$out/err.txt" || { echo "| $label | did not finish (limit ${LIMIT:-900} s) or failed: $(tail -1 "$out/err.txt") | |"; return 0; }
  read secs kb < "$out/time.txt"
  echo "| $label | $secs | $((kb / 1024)) |"
}
# The whole default `taplan plan` beside the flat LP's bare HiGHS solve (every eligible pair a
# column, loaded into HiGHS as one LP; the `backends` example's highs-flat), one after the other.
side() { # label, dataset
  /usr/bin/time -f "%e %M" -o "$out/time.txt" timeout "${LIMIT:-900}" $T plan "$2" --out "$out/p" >/dev/null 2>"$out/err.txt" || { echo "| $1 | failed: $(tail -1 "$out/err.txt") | | | |"; return 0; }
  read secs kb < "$out/time.txt"
  flat=$(timeout "${LIMIT:-900}" target/release/examples/backends "$2" highs-flat | awk '{print $2}')
  echo "| $1 | $secs | $((kb / 1024)) | $flat | $(echo "$secs $flat" | awk '{printf "%.2f", $1 / $2}') |"
}
echo "| dataset | taplan plan (default), wall s | peak MiB | flat LP, bare HiGHS solve, s | ratio |"
echo "|---|---:|---:|---:|---:|"
side "dense M (generate --scale M-dense --seed 1)" "$out/D"
side "L (generate --scale L --seed 1)" "$out/L"
[ "${ONLY:-}" = side ] && exit 0 # ONLY=side: just this table
echo
echo "| run | wall seconds | peak MiB |"
echo "|---|---:|---:|"
run "coverage M, structured (highs)" plan "$out/M" --out "$out/p" --no-budget-curve --solver highs
run "coverage M, flat (highs-good-lp)" plan "$out/M" --out "$out/p" --no-budget-curve --solver highs-good-lp
run "coverage M, plan with budget curve" plan "$out/M" --out "$out/p"
run "coverage L, structured" plan "$out/L" --out "$out/p" --no-budget-curve
for p in models/*.toml; do
  run "$(basename "$p" .toml) M" plan "$out/M" --out "$out/p" --policy "$p"
done
for p in models/*.toml; do
  run "$(basename "$p" .toml) L" plan "$out/L" --out "$out/p" --policy "$p"
done
