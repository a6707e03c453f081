// The DIDS v2.0 validator for fuzzing: scripts/fuzz.sh copies the committed snapshot of the
// generated Swift (Generated/DIDS-v2.0/Swift) beside this file, because a build plugin's
// tool would be built with the fuzzer's flags and could not link.
@_exported import ETOSRuntime
