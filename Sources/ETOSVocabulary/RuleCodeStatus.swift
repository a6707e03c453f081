/// Whether a rule's error code is NHS England's or the spec author's, as an ETOS's Code
/// Status column says.
public enum RuleCodeStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Published by NHS England: the code a submitter gets back.
    case official
    /// Given by the spec's authors where the official code is not known: it will not match
    /// what NHS England sends back.
    case local
}
