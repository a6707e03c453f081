#!/usr/bin/env bash
# The compiler built in release (as a consumer's `swift build -c release` builds the plugin's
# tool) must write the same Swift as the debug build that the tests use: emit-swift every
# bundled spec with the release etos-codegen and compare with the committed snapshot in Generated/.
# (An optimiser difference once dropped the last brace of ETOSRecords.swift in release only.)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product etos-codegen >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
for spec in Spec/DIDS-v2.0-ETOS.xml Spec/DIDS-v1.0-ETOS.xml; do
  folder=Generated/$(basename "$spec" -ETOS.xml)/Swift
  .build/release/etos-codegen emit-swift "$spec" --output "$out/$(basename "$spec")"
  if diff -r "$out/$(basename "$spec")" "$folder" >/dev/null; then
    echo "release output matches $folder"
  else
    echo "FAIL: the release-built etos-codegen writes other Swift than $folder:"; diff -r "$out/$(basename "$spec")" "$folder" | head -20; failed=1
  fi
done
exit $failed
