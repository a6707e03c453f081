import ETOSFrontend
import ETOSModel
import Foundation

/// The DIDS v2.0 items and code lists, for parsing sentences against.
private let spec: Spec = {
    let path = ProcessInfo.processInfo.environment["ETOS_FUZZ_SPEC"] ?? "../Spec/DIDS-v2.0-ETOS.xml"
    guard let spec = try? SpecCompiler.compile(contentsOf: path) else { fatalError("set ETOS_FUZZ_SPEC to a spec file") }
    return spec
}()
private let parser = RuleSentenceParser(items: spec.items, codeLists: spec.codeLists)
private let expressions = RuleExpressionParser { name in spec.items.first { $0.uid == name || $0.name == name }?.uid }

/// Any text as a rule sentence and as an Expression cell: parsing must never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = parser.parse(text, subject: spec.items.first?.uid)
    _ = expressions.parse(text)
    return 0
}
