// The module of the Imaging Pathway Example Data Set v1.0, the bundled relational example.
// Everything else in it is generated at build time by ETOSBuildPlugin from
// Spec/IPEDS-v1.0-ETOS.xml (see etos.json beside this file): edit the spec, not generated
// code. A reviewable snapshot of the generated Swift is committed under
// Generated/IPEDS-v1.0/Swift. Each table has a namespace (`Patient`, `Referral`,
// `Examination`) with its record types and file validator; `Submission` checks a whole
// submission, one file per table.
