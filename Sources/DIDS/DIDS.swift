// The DIDS v2.0 module. Everything else in it is generated at build time by
// ETOSBuildPlugin from Spec/DIDS-v2.0-ETOS.xml (see etos.json beside this file):
// edit the spec, not generated code. A reviewable snapshot of the generated Swift is
// committed under Generated/DIDS-v2.0/Swift.
// Its DocC catalog, DIDS.docc, is written by `etosc generate` from the same spec.
