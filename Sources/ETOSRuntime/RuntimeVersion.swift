/// Generated code names this type, so code generated for another runtime version fails
/// to compile with a clear symbol rather than misbehaving at run time.
@_spi(ETOSGenerated) public enum ETOSRuntimeVersion2 {}
