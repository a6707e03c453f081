#!/usr/bin/env bash
# Builds the libFuzzer targets in FuzzTesting/ and runs each for SECONDS (default 600),
# seeded from the test fixtures and FuzzTesting/Seeds. Crashes land in FuzzTesting/Findings/<target>/.
# FuzzRuleSentence and FuzzSubmission run with -detect_leaks=0 (they compile a Swift Regex, see
# docs/ROBUSTNESS.md), which also turns off AddressSanitizer's leak report at exit. Exits 1 when
# a target stopped with a finding.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]   (targets: FuzzSpreadsheet FuzzFormat FuzzRuleSentence FuzzSubmission FuzzPattern)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${FUZZ_FLAGS:-}" == *-detect_leaks=0* ]]; then export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"; fi
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzSpreadsheet FuzzFormat FuzzRuleSentence FuzzSubmission FuzzPattern)
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
  cp Generated/DIDS-v2.0/Swift/*.swift FuzzTesting/Sources/FuzzDIDS/
  # Each fuzz target is built as its own product: a plain `swift build` would fail linking the
  # root package's build-plugin tool (etos-codegen-tool) with libFuzzer's main. SwiftPM still tries
  # that link while planning (the flags reach plugin tools too) and prints its error, but the
  # product builds and the command succeeds: the log is shown only when it does not.
  log=$(mktemp)
  for target in "${targets[@]}"; do
    if ! (cd FuzzTesting && swift build -c debug --product "$target" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld) >"$log" 2>&1; then
      cat "$log"; echo "fuzz target $target did not build"; exit 1
    fi
    echo "built $target"
  done
  rm -f "$log"
fi
bin=FuzzTesting/.build/debug
corpus=FuzzTesting/Corpus
mkdir -p "$corpus"/{FuzzSpreadsheet,FuzzFormat,FuzzRuleSentence,FuzzSubmission,FuzzPattern}
# Committed seeds: the minimised small inputs earlier runs found (FuzzTesting/Seeds).
for target in FuzzSpreadsheet FuzzFormat FuzzRuleSentence FuzzSubmission; do cp -n FuzzTesting/Seeds/$target/* "$corpus/$target/" 2>/dev/null || true; done
cp -n Spec/*.xml Tests/ETOSSpreadsheetTests/Fixtures/*.xml Tests/ETOSSpreadsheetTests/Fixtures/*.xlsx Tests/ETOSSpreadsheetTests/Fixtures/*.fods "$corpus/FuzzSpreadsheet/" 2>/dev/null || true
cp -n Tests/ETOSSpreadsheetTests/Fixtures/Features/*.xlsx "$corpus/FuzzSpreadsheet/" 2>/dev/null || true
i=0; for f in "an6" "max an20" "min an5 max an9" "n10" "min n6 max n18" "an10 CCYY-MM-DD" "Date(CCYY-MM-DD)" "an8 HH:MM:SS" "max an25 CCYY-MM-DDThh:mm:ss±hh:mm" "String(20)" "01 = One
02 = Two"; do printf '%s' "$f" > "$corpus/FuzzFormat/seed$((i++))"; done
python3 - "$corpus/FuzzRuleSentence" <<'PY'
import json, sys, subprocess
model = json.loads(subprocess.run([".build/debug/etosc", "model", "Spec/DIDS-v2.0-ETOS.xml"], capture_output=True, text=True).stdout or "{}")
for n, rule in enumerate(model.get("rules", [])):
    open(f"{sys.argv[1]}/rule{n}", "w").write(rule["text"])
PY
head -c 20000 Spec/Samples/DIDS-v2.0-sample.csv > "$corpus/FuzzSubmission/sample.csv"
i=0; for p in '^([CDGS][0-9]{1,7}|(CH|DT|CD|PH|SL)[0-9]{1,6}|[0-9]{2}[A-Z][0-9]{4}[A-Z])$' '[^0-9 ]*-?[0-9]{2,3}' '(ab|a)(bc|c)?' '(a|b)*a(a|b){3}' '^a|b$' '[a-c-]x{0}y{1,}'; do
  printf '%s\nC1234567\nab-12\nabbbcc\n\nb' "$p" > "$corpus/FuzzPattern/seed$((i++))"; done
status=0
for target in "${targets[@]}"; do
  mkdir -p "FuzzTesting/Findings/$target"
  echo "== $target for ${seconds}s"
  flags=${FUZZ_FLAGS:-}
  # These two compile a Swift Regex, whose one-time allocations LeakSanitizer reports as a leak
  # (valgrind finds none: docs/ROBUSTNESS.md); a leak there is not a finding.
  case "$target" in FuzzRuleSentence|FuzzSubmission) [[ "$flags" == *detect_leaks* ]] || flags="$flags -detect_leaks=0" ;; esac
  if ! (cd "FuzzTesting/Findings/$target" && ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}$([[ "$flags" == *detect_leaks=0* ]] && echo detect_leaks=0)" \
        ETOS_FUZZ_SPEC="$PWD/../../../Spec/DIDS-v2.0-ETOS.xml" "../../.build/debug/$target" \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 $flags "../../Corpus/$target" > "../../Findings/$target/last-run.log" 2>&1); then
    tail -n 20 "FuzzTesting/Findings/$target/last-run.log"
    echo "$target stopped with a finding: see FuzzTesting/Findings/$target"
    status=1
  else
    grep -E '^(Done|stat::number_of_executed_units)' "FuzzTesting/Findings/$target/last-run.log" || true
  fi
done
exit $status
