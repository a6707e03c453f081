// The model speaks the vocabulary it shares with the runtime (levels, value kinds,
// comparisons, calendar units); whoever imports the model sees it too.
@_exported import ETOSVocabulary
