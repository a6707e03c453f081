#!/usr/bin/env bash
# Compile speed against the floor of reading the XML, at 1×, 4× and 16× a large ETOS
# (Benchmarks/make-large-spec.py: 2,000 items, 100 code lists, 6,000 rules per 1×).
# Usage: Benchmarks/compile.sh [SCALES…]   (default 1 4 16)
set -euo pipefail
cd "$(dirname "$0")/.."
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 4 16)
command -v xmllint >/dev/null || { echo "needs xmllint (apt-get install libxml2-utils)" >&2; exit 1; }
swift build -c release --product etosc >/dev/null
etosc=.build/release/etosc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
printf '%-6s %8s %12s %12s %12s %10s %10s\n' scale MB xmllint check generate check/xml gen/xml
for scale in "${scales[@]}"; do
  spec="$work/large-$scale.xml"
  python3 Benchmarks/make-large-spec.py "$scale" "$spec"
  mb=$(du -m "$spec" | cut -f1)
  floor=$(seconds xmllint --stream --noout "$spec")
  check=$(seconds "$etosc" check --quiet "$spec")
  generate=$(seconds "$etosc" generate "$spec" --output "$work/out-$scale")
  printf '%-6s %8s %10.2f s %10.2f s %10.2f s %9.1f× %9.1f×\n' "$scale" "$mb" "$floor" "$check" "$generate" \
    "$(echo "$check / $floor" | bc -l)" "$(echo "$generate / $floor" | bc -l)"
done
