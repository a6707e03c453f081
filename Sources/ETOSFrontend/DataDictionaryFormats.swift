/// The formats of common NHS Data Model and Dictionary data elements, for `See <ELEMENT>`
/// format cells that name an element the workbook does not define itself.
///
/// Each entry is the element's format as the NHS Data Model and Dictionary gives it on the
/// element's page (`https://www.datadictionary.nhs.uk/data_elements/<element>.html`), written
/// from the Dictionary's published formats (not re-read at each release: a layout file's
/// `formats`, which come before this table, override an entry that has changed). The source
/// says which element; an entry that is inferred says so.
enum DataDictionaryFormats {
    struct Entry: Sendable {
        let notation: String
        let source: String
    }

    static let byElement: [HeadingName: Entry] = Dictionary(uniqueKeysWithValues: [
        ("DATE", "an10 CCYY-MM-DD", "data element DATE (the ISO 8601 calendar date the Dictionary uses for every date)"),
        ("DATE AND TIME", "an19 CCYY-MM-DDThh:mm:ss", "data element DATE AND TIME"),
        ("TIME", "an8 HH:MM:SS", "data element TIME"),
        ("POSTCODE", "max an8", "data element POSTCODE (outward code, a space, inward code)"),
        ("SNOMED CT CODE", "min n6 max n18", "data element SNOMED CT CODE (an SCTID of 6 to 18 digits)"),
        ("ICD-10 CODE", "min an4 max an6", "data element ICD-10 CODE (without the point, with an optional fifth and sixth character)"),
        ("OPCS-4 CODE", "min an4 max an4", "data element OPCS-4 CODE (a letter and three digits, without the point)"),
        ("NICIP CODE", "max an6", "data element NICIP CODE; the DIDS specification gives CODED PROCEDURE (NICIP) the same max an6"),
        ("CONSULTANT CODE", "an8", "data element CONSULTANT CODE (a professional registration code of eight characters)"),
        ("PERSON FAMILY NAME", "max an35", "data element PERSON FAMILY NAME"),
        ("ICD-O CODE", "max an6", "inferred from the ICD-O-3 morphology form NNNN/N (the Dictionary's page was not read)"),
    ].map { (HeadingName($0.0), Entry(notation: $0.1, source: $0.2)) })
}
