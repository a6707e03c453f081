// The DIDS v1.0 module, generated at build time by ETOSBuildPlugin from
// Spec/DIDS-v1.0-ETOS.xml. Not a product: the tests use it to check every v1 rule.
// Its DocC catalog, DIDSV1.docc, is written by `etosc generate` from the same spec.
