// Generated from Clinic-ETOS.xml by ETOSBuildPlugin at build time.
@_exported import ETOSRuntime
