// The ClinicSpec module is generated from Clinic-ETOS.xml by ETOSBuildPlugin at build time.
// SwiftPM builds a target only when it has a Swift file of its own: this is that file.
