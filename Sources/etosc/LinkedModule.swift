@_spi(ETOSGenerated) import DIDS
@_spi(ETOSGenerated) import DIDSV1
@_spi(ETOSGenerated) import IPEDS
import ETOSModel

/// The generated modules `etosc` links: the bundled specs' rules compiled by Swift, which
/// `validate` runs for a spec whose ``ETOSModel/Spec/validationDigest`` is theirs (any other
/// spec is interpreted).
enum LinkedModule: CaseIterable {
    case didsV2
    case didsV1
    /// The relational example (its submissions are folders or archives of one file per table).
    case ipeds

    /// The digest of the spec the module was generated from.
    var specDigest: String {
        switch self {
        case .didsV2: DIDS.DataSet.specDigest
        case .didsV1: DIDSV1.DataSet.specDigest
        case .ipeds: IPEDS.DataSet.specDigest
        }
    }

    /// The module's data set and version, as diagnostics name it.
    var title: String {
        switch self {
        case .didsV2: "\(DIDS.DataSet.shortName) v\(DIDS.DataSet.version)"
        case .didsV1: "\(DIDSV1.DataSet.shortName) v\(DIDSV1.DataSet.version)"
        case .ipeds: "\(IPEDS.DataSet.shortName) v\(IPEDS.DataSet.version)"
        }
    }

    /// The module generated from a spec with this content, if one is linked.
    static func generated(from spec: Spec) -> LinkedModule? {
        let digest = spec.validationDigest
        return allCases.first { $0.specDigest == digest }
    }
}

/// How `etosc validate` checks records.
enum ValidationEngine: String, CaseIterable {
    /// The linked generated module for a bundled spec, else the interpreter.
    case auto
    /// The linked generated module; a spec without one cannot be validated.
    case generated
    /// The spec's rules interpreted from its model, whatever the spec.
    case interpreted
}
