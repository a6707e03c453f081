/// One problem (or remark) found while reading or compiling a spec.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// True when what it reports leaves part of the spec unenforced: a column whose values
    /// are not read, a rule not understood, a code list the workbook lacks. Strict mode
    /// (``Swift/Array/promotingWeakenedEnforcement()``) makes these errors.
    public var weakensEnforcement: Bool

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil, weakensEnforcement: Bool = false) {
        self.severity = severity
        self.message = message
        self.location = location
        self.weakensEnforcement = weakensEnforcement
    }

    /// `path:line:col: error: message [Sheet!B7]`, the form compilers and IDEs recognise;
    /// in an archive, whose lines mean nothing to a person, `Book.xlsx: Data Items!B5: error: message`.
    public var description: String {
        guard let location else { return "\(severity.rawValue): \(message)" }
        let cell = location.isShownByCell ? "" : location.cell.map { " [\($0)]" } ?? ""
        return "\(location): \(severity.rawValue): \(message)\(cell)"
    }

    private enum CodingKeys: String, CodingKey { case severity, message, file, line, column, cell, weakensEnforcement }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        severity = try container.decode(Severity.self, forKey: .severity)
        message = try container.decode(String.self, forKey: .message)
        weakensEnforcement = try container.decodeIfPresent(Bool.self, forKey: .weakensEnforcement) ?? false
        if let file = try container.decodeIfPresent(String.self, forKey: .file) {
            location = try SourceLocation(from: decoder)
            location?.file = file
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        if weakensEnforcement { try container.encode(true, forKey: .weakensEnforcement) }
        try location?.encode(to: encoder)
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Strict mode: every diagnostic that weakens enforcement becomes an error, so a
    /// spreadsheet mistake that would silently drop checks fails the build instead.
    public func promotingWeakenedEnforcement() -> [Diagnostic] {
        map { diagnostic in
            guard diagnostic.weakensEnforcement, diagnostic.severity != .error else { return diagnostic }
            var promoted = diagnostic
            promoted.severity = .error
            promoted.message += " (an error in strict mode)"
            return promoted
        }
    }
}

/// Thrown when a stage cannot produce its output; carries every diagnostic found.
public struct DiagnosticsError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
