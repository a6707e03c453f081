#!/usr/bin/env bash
# The generated DIDS module's public API, checked from a user's side (run after building
# Examples/ConsumerApp): every file in Examples/ConsumerApp/PublicAPIChecks names plumbing
# that only generated code reaches, so each must fail to type-check with "cannot find … in scope".
set -euo pipefail
cd "$(dirname "$0")/../Examples/ConsumerApp"
modules=.build/debug/Modules
[ -d "$modules" ] || { echo "build Examples/ConsumerApp first"; exit 1; }
failed=0
for check in PublicAPIChecks/*.swift; do
  name=$(basename "$check" .swift)
  if output=$(swiftc -typecheck -module-name PublicAPICheck -I "$modules" -I ../../Sources/CPrefetch/include -I ../../Sources/CRecordScan/include "$check" 2>&1); then
    echo "FAIL: '$name' is reachable through 'import DIDS'"; failed=1
  elif ! grep -q "cannot find '$name' in scope" <<<"$output"; then
    echo "FAIL: '$name' did not fail for being out of reach:"; echo "$output" | head -5; failed=1
  else
    echo "out of reach: $name"
  fi
done
exit $failed
