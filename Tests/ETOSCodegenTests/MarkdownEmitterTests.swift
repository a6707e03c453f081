import ETOSCodegen
import ETOSFrontend
import ETOSModel
import Foundation
import Testing

/// The data set guide people read: navigable, linked to the Data Dictionary, with a model diagram.
@Suite("Markdown guide")
struct MarkdownEmitterTests {
    private func page() throws -> String {
        let spec = try compileSpec(packageRoot.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml").path, displayName: "Spec/DIDS-v2.0-ETOS.xml")
        return MarkdownEmitter(spec: spec, specPath: "Spec/DIDS-v2.0-ETOS.xml").page()
    }

    /// Lines of a National Codes cell that are not codes, and a list the workbook lacks, are
    /// where a reader finds them (REAL-TOS.md: Values cells mix codes with prose).
    @Test func whatIsNotTakenAsACodeIsInTheGuide() throws {
        let folder = packageRoot.appendingPathComponent("Tests/ETOSSpreadsheetTests/Fixtures/RealTOS")
        let overrides = try LayoutOverrides.parse(Data(contentsOf: folder.appendingPathComponent("hes-like-output-tos.layout.json")), file: "layout.json")
        let spec = try SpecCompiler.compile(contentsOf: folder.appendingPathComponent("hes-like-output-tos.xlsx").path, displayName: "hes.xlsx",
                                            layout: Layout.etos.applying(overrides, file: "layout.json"))
        let text = MarkdownEmitter(spec: spec, specPath: "hes.xlsx").page()
        #expect(text.contains("Also in the cell (not codes): “Values include: 2A, 2B, 2C, 2D though definitions are not known”."))
        #expect(text.contains("Also in the cell (not codes): “From 2022-23 onwards:”; “Note that this does not include transfers”."))
    }

    @Test func dataDictionaryLinksFollowTheDictionarysAddresses() {
        #expect(MarkdownEmitter.dataDictionaryURL("NHS NUMBER") == "https://www.datadictionary.nhs.uk/data_elements/nhs_number.html")
        #expect(MarkdownEmitter.dataDictionaryURL("SITE CODE (OF IMAGING)") == "https://www.datadictionary.nhs.uk/data_elements/site_code__of_imaging_.html")
        #expect(MarkdownEmitter.dataDictionaryURL("ORGANISATION CODE (CODE OF PROVIDER)") == "https://www.datadictionary.nhs.uk/data_elements/organisation_code__code_of_provider_.html")
        #expect(MarkdownEmitter.dataDictionaryURL("A&E ATTENDANCE") == nil)
    }

    @Test func everyInternalLinkHasATarget() throws {
        let text = try page()
        var targets: Set<String> = []
        for match in text.matches(of: /<a id="([^"]+)"><\/a>/) { targets.insert(String(match.1)) }
        for line in text.split(separator: "\n") where line.hasPrefix("#") {
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            // GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes.
            targets.insert(String(title.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }.map { $0 == " " ? "-" : $0 }))
        }
        let links = text.matches(of: /\]\(#([^)]+)\)/).map { String($0.1) }
        #expect(links.count > 150)
        #expect(Set(links).subtracting(targets).sorted() == [])
    }

    @Test func theModelDiagramShowsGroupsItemsAndTheKey() throws {
        let text = try page()
        #expect(text.contains("```mermaid\nerDiagram\n    SUBMISSION_FILE ||--o{ RECORD : \"one per line\""))
        #expect(text.contains("    RECORD ||--|| IMAGING_ACTIVITY : \"9 items\""))
        #expect(text.contains(" SITE_CODE__OF_IMAGING_ UK "))
        #expect(text.contains(" RADIOLOGICAL_ACCESSION_NUMBER UK "))
        #expect(!text.contains(" NHS_NUMBER UK "))
    }

    @Test func anItemSectionCarriesItsCodesRulesAndDictionaryLink() throws {
        let text = try page()
        let start = try #require(text.range(of: "### PERSON STATED GENDER CODE"))
        let section = String(text[start.lowerBound...].prefix(2500))
        #expect(section.contains("| Data Dictionary element | PERSON STATED GENDER CODE ([NHS Data Model and Dictionary](https://www.datadictionary.nhs.uk/data_elements/person_stated_gender_code.html)) |"))
        #expect(section.contains("| `X` | Not known (not recorded) |"))
        #expect(section.contains("| [DIDS014](#rule-dids014) | File Rejection |"))
        #expect(text.contains("Checked by [DIDS014](#rule-dids014)"))
        #expect(text.contains("## Coverage"))
        #expect(text.contains("| <a id=\"rule-didsrej012\"></a>DIDSREJ012 | official (NHS England) | File Rejection |"))
        #expect(text.contains("| <a id=\"rule-dids014\"></a>DIDS014 | local (not NHS England's) | File Rejection |"))
    }
}
