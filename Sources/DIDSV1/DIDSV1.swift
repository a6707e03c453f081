// The DIDS v1.0 module, generated at build time by ETOSBuildPlugin from
// Spec/DIDS-v1.0-ETOS.xml. Not a product: the tests use it to check every v1 rule.
@_exported import ETOSRuntime
