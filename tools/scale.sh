#!/bin/sh
# Single-run, side-by-side timings at the M and L presets that are too slow for criterion's
# ten samples: coverage and fair, structured vs flat, and every policy at L with its peak
# memory. Prints a markdown table; docs/performance.md records one run of it.
# Usage: sh tools/scale.sh [outdir]   (needs /usr/bin/time; builds taplan in release mode;
# LIMIT=seconds caps each run, default 900; ONLY=side stops after the first table, the whole
# `plan` and `whatif` commands beside the flat solve)
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
# A whole taplan command on a dataset beside the flat LP's bare HiGHS solve of that dataset
# (every eligible pair a column, loaded into HiGHS as one LP; the `backends` example's
# highs-flat), one after the other.
side() { # label, dataset, then the taplan arguments
  label=$1; ds=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$out/time.txt" timeout "${LIMIT:-900}" $T "$@" >/dev/null 2>"$out/err.txt" || { echo "| $label | failed: $(tail -1 "$out/err.txt") | | | |"; return 0; }
  read secs kb < "$out/time.txt"
  flat=$(timeout "${LIMIT:-900}" target/release/examples/backends "$ds" highs-flat | awk '{print $2}')
  echo "| $label | $secs | $((kb / 1024)) | $flat | $(echo "$secs $flat" | awk '{printf "%.2f", $1 / $2}') |"
}
# The 100-scenario sweep of the whatif_end_to_end bench (financial mechanism 0.50 to 1.49).
sweep="$out/sweep100.toml"
printf '[[scenario]]\nname = "gef"\n[[scenario.edit]]\nkind = "scale_offers"\npartner_kind = "financial_mechanism"\nsweep = [0.5, 1.49, 0.01]\n' > "$sweep"
echo "| command and dataset | taplan, wall s | peak MiB | flat LP, bare HiGHS solve, s | ratio |"
echo "|---|---:|---:|---:|---:|"
side "plan (default), dense M (generate --scale M-dense --seed 1)" "$out/D" plan "$out/D" --out "$out/p"
side "plan (default), L (generate --scale L --seed 1)" "$out/L" plan "$out/L" --out "$out/p"
side "whatif, 100 scenarios, dense M" "$out/D" whatif "$out/D" --scenarios "$sweep" --out "$out/w"
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
