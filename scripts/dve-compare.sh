#!/usr/bin/env bash
# Runs etosc's DVE export of a spec through NHS England's data-validation-engine (from
# PyPI, in a virtual environment) on a submission, and compares its error codes per record
# with `etosc validate`. Result recorded in docs/INTEROP.md.
#
# usage: [DVE_ENGINE=spark] scripts/dve-compare.sh [SPEC] [CSV] [REPORTING-PERIOD] [SUBMISSION-DATE]
# DVE_ENGINE=spark runs the engine's Spark pipeline (PySpark local[2], Java needed) on the
# dischema exported with --dialect spark; the default is its DuckDB pipeline.
# With CSV "generated" (the default), compares on the bundled sample and then on a
# 5,000-record file from `etosc sample` with 30% seeded violations (rows seeded with a wrong
# field count are left out of it: DVE's reader refuses such a file as a whole).
set -euo pipefail
cd "$(dirname "$0")/.."
SPEC=${1:-Spec/DIDS-v2.0-ETOS.xml}
CSV=${2:-generated}
PERIOD=${3:-2026-04}
SUBMITTED=${4:-2026-05-20}
VENV=${DVE_VENV:-.build/dve-venv}
ENGINE=${DVE_ENGINE:-duckdb}
WORK=.build/dve-compare

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import dve" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "data-validation-engine==0.9.0"
fi
swift build --product etosc >/dev/null
ETOSC=$(swift build --show-bin-path)/etosc
mkdir -p "$WORK"
# The published reference files etosc reads, and the tables built from them for DVE.
REFERENCE=${DVE_REFERENCE_DATA:-Spec/Samples/ReferenceData}
compare() {
    "$ETOSC" export --format dischema --dialect "$ENGINE" "$SPEC" --reporting-period "$PERIOD" --submission-date "$SUBMITTED" --output "$WORK/dids.dischema.json"
    "$ETOSC" export --format reference-data "$SPEC" --reference-data "$REFERENCE" --output "$WORK/reference-tables"
    "$ETOSC" validate --spec "$SPEC" "$CSV" --reference-data "$REFERENCE" --reporting-period "$PERIOD" --submission-date "$SUBMITTED" --format jsonl --output "$WORK/etosc.jsonl" || true
    "$VENV/bin/python" scripts/dve_compare.py "$WORK/dids.dischema.json" "$CSV" "$WORK/etosc.jsonl" "$WORK/run" --engine "$ENGINE" --reference-data "$WORK/reference-tables" 2> "$WORK/dve.log" || { tail -20 "$WORK/dve.log"; exit 1; }
}

if [ "$CSV" != generated ]; then
    compare
    exit
fi
CSV=Spec/Samples/DIDS-v2.0-sample.csv
echo "== $CSV"
compare
echo "== 5,000 generated records, 30% seeded violations (seed 11)"
"$ETOSC" sample --spec "$SPEC" --records 5000 --invalid-rate 0.3 --seed 11 --reference-data "$REFERENCE" --reporting-period "$PERIOD" --submission-date "$SUBMITTED" --output "$WORK/generated-all.csv" --expected "$WORK/generated.expected.csv"
"$VENV/bin/python" - "$WORK" <<'PY'
import csv, sys
work = sys.argv[1]
ragged = {int(row["record"]) for row in csv.DictReader(open(f"{work}/generated.expected.csv")) if row["rule"] == "DIDS075"}
with open(f"{work}/generated-all.csv", newline="") as source, open(f"{work}/generated.csv", "w", newline="") as target:
    for number, line in enumerate(source):
        if number not in ragged:
            target.write(line)
print(f"left out {len(ragged)} records seeded with a wrong field count")
PY
CSV=$WORK/generated.csv
compare
