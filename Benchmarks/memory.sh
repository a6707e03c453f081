#!/usr/bin/env bash
# Peak memory on large inputs (test-only measurement, not run by CI):
#   etosc check on a ~200 MB synthetic ETOS (XML Spreadsheet 2003) whose bulk is the model
#   (long rule notes), on a 1x spec padded to ~200 MB with a sheet the model does not keep,
#   and etosc validate on a ~1 GB DIDS v2.0 submission.
# Usage: Benchmarks/memory.sh [SPEC-SCALE] [RECORDS]   (defaults 13 and 5000000)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-13}
records=${2:-5000000}
swift build -c release --product etosc >/dev/null
etosc=.build/release/etosc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
peak() { /usr/bin/time -f "%M %e" -o "$work/time" "$@" >/dev/null 2>&1 || true; read -r kb seconds < <(tail -n 1 "$work/time"); echo "$((kb / 1024)) MB peak, ${seconds} s"; }
python3 Benchmarks/make-large-spec.py "$scale" "$work/spec.xml"
echo "etosc check, $(du -m "$work/spec.xml" | cut -f1) MB spec: $(peak "$etosc" check --quiet "$work/spec.xml")"
rm "$work/spec.xml"
python3 Benchmarks/make-large-spec.py 1 "$work/spec.xml"
echo "etosc check, $(du -m "$work/spec.xml" | cut -f1) MB spec (1x): $(peak "$etosc" check --quiet "$work/spec.xml")"
python3 Benchmarks/make-large-spec.py 1 "$work/spec.xml" 190
echo "etosc check, $(du -m "$work/spec.xml" | cut -f1) MB spec (1x + 190 MB Guidance sheet): $(peak "$etosc" check --quiet "$work/spec.xml")"
rm "$work/spec.xml"
"$etosc" sample --spec Spec/DIDS-v2.0-ETOS.xml --records "$records" --reference-data Spec/Samples/ReferenceData --output "$work/submission.csv"
echo "etosc validate, $(du -m "$work/submission.csv" | cut -f1) MB submission: $(peak "$etosc" validate --spec Spec/DIDS-v2.0-ETOS.xml \
  --reporting-period 2026-04 --submission-date 2026-05-10 --reference-data Spec/Samples/ReferenceData "$work/submission.csv")"
