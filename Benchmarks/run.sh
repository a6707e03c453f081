#!/usr/bin/env bash
# Validation speed, side by side on one generated file (ratios, not absolute times):
#   wc -l (reading the bytes), etosc validate (spec interpreted at run time),
#   dids-validate (the generated DIDS module).
# Usage: Benchmarks/run.sh [RECORDS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product etosc >/dev/null
(cd Benchmarks && swift build -c release --product dids-validate >/dev/null)
etosc=.build/release/etosc
dids=Benchmarks/.build/release/dids-validate
context=(--reporting-period 2026-04 --submission-date 2026-05-10 --reference-data Spec/Samples/ReferenceData)
$etosc sample --spec Spec/DIDS-v2.0-ETOS.xml --records "$records" --invalid-rate 0.01 --seed 1 \
  --reference-data Spec/Samples/ReferenceData --output "$work/sample.csv"
size=$(du -m "$work/sample.csv" | cut -f1)
echo "file: $records records, ${size} MB (DIDS v2.0, 1% invalid, seed 1)"

measure() { # name, command...
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  local seconds rss
  seconds=$(echo "$end - $start" | bc -l)
  rss=$(( $(tail -n 1 "$work/rss") / 1024 ))
  printf '%-34s %8.2f s %10.0f records/s %6d MB peak\n' "$name" "$seconds" "$(echo "$records / $seconds" | bc -l)" "$rss"
  echo "$seconds" > "$work/$name.t"
}
measure "wc -l (floor)" wc -l "$work/sample.csv"
measure "dids-validate (generated module)" "$dids" "$work/sample.csv" Spec/Samples/ReferenceData
measure "etosc validate (interpreted)" "$etosc" validate --spec Spec/DIDS-v2.0-ETOS.xml "${context[@]}" "$work/sample.csv"
floor=$(cat "$work/wc -l (floor).t")
for name in "dids-validate (generated module)" "etosc validate (interpreted)"; do
  printf 'ratio %-34s %8.1f× wc -l\n' "$name" "$(echo "$(cat "$work/$name.t") / $floor" | bc -l)"
done
