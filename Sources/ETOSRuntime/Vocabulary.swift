// The runtime speaks the vocabulary it shares with the spec model (levels, value kinds,
// comparisons, calendar units); a generated module's users see it through the runtime.
@_exported import ETOSVocabulary
