import ETOSModel
import ETOSSpreadsheet

extension SpecCompiler {
    /// Reads the Code Lists sheet: rows of list name, code, description. A blank list name
    /// continues the list above.
    mutating func readCodeLists(_ sheet: SheetTableBuilder) -> [CodeList] {
        guard let table = located(sheet) else { return [] }
        var lists: [CodeList] = []
        var positions: [HeadingName: Int] = [:]
        var current: String?
        for record in table.records where !record.isBlank {
            if let name = record.text("Code List") { current = name }
            guard let listName = current else {
                error("code row with no code list name above it", at: record.location("Code List"))
                continue
            }
            guard let code = record.text("Code"), let description = record.text("Description") else {
                error("code list row needs both a code and a description", at: record.location(record.text("Code") == nil ? "Code" : "Description"))
                continue
            }
            let entry = CodeList.Code(code: code, description: description, location: record.location("Code"))
            if let index = positions[HeadingName(listName)] {
                if lists[index].codes.contains(where: { $0.code == code }) {
                    error("code '\(code)' appears twice in code list '\(listName)'", at: entry.location)
                    continue
                }
                lists[index].codes.append(entry)
            } else {
                positions[HeadingName(listName)] = lists.count
                lists.append(CodeList(name: listName, codes: [entry], location: record.location("Code List")))
            }
        }
        return lists
    }

    /// Reads the Data Items sheet (or, in a relational workbook, a sheet of one table's items);
    /// returns the items in position order and every code list (those listed on the Code
    /// Lists sheet plus those written inline).
    ///
    /// `tables` is nil for a flat workbook (no Tables sheet); otherwise each item belongs to
    /// `sheetTable`, or to the table its `Table` cell names. Names and positions are unique
    /// within a table; UIDs within the data set (``SpecCompiler/itemUIDs``).
    mutating func readDataItems(_ sheet: SheetTableBuilder, listedCodeLists: [CodeList], tables: TableNames? = nil, sheetTable: String? = nil) -> ([DataItem], [CodeList]) {
        guard let table = located(sheet) else {
            return ([], listedCodeLists)
        }
        var codeLists = listedCodeLists
        var listKeys = Dictionary(listedCodeLists.enumerated().map { (HeadingName($1.name), $0) }, uniquingKeysWith: { first, _ in first })
        var items: [DataItem] = []
        /// Items whose National Codes name a list not met yet, resolved once every item is read.
        var listReferences: [(index: Int, list: String, text: String, location: SourceLocation)] = []
        /// Items whose format is `See <ELEMENT>`, resolved once every item is read.
        var references: [(index: Int, element: String, location: SourceLocation)] = []
        var titleGroup: String?
        /// Per table ("" in a flat workbook): names, positions and item rows so far (the
        /// position of an item when there is no Position column).
        var seenNames: [String: [HeadingName: SourceLocation]] = [:]
        var seenPositions: [String: [Int: SourceLocation]] = [:]
        var rowSequence: [String: Int] = [:]
        let hasUID = table.columns["UID"] != nil
        let hasPosition = table.columns["Position"] != nil
        if !hasUID {
            note("no 'UID' column: items are given their name as UID (PERSON BIRTH DATE is PERSON-BIRTH-DATE), so derived finding codes name the item", at: table.headerLocation)
        }

        for record in table.records where !record.isBlank {
            if let title = record.title {
                titleGroup = title
                if !record.titleIsMerged {
                    note("row with only '\(title)' is read as a group title: the items below it are in group '\(title)'", at: record.location("Data Item Name"))
                }
                continue
            }
            guard let name = record.text("Data Item Name") else {
                error("row has no data item name", at: record.location("Data Item Name"))
                continue
            }
            let nameLocation = record.location("Data Item Name")
            var itemTable = sheetTable
            if let tables, itemTable == nil {
                guard let text = record.text("Table") else {
                    error("data item '\(name)' names no table: give its Table (one of \(tables.listed))", at: record.location("Table"))
                    continue
                }
                guard let resolved = tables.resolve(text) else {
                    error("data item '\(name)' is in table '\(text)', which the Tables sheet does not have\(tables.nearest(to: text).map { "; did you mean '\($0)'?" } ?? "")", at: record.location("Table"))
                    continue
                }
                itemTable = resolved
            }
            let scope = itemTable ?? ""
            if let previous = seenNames[scope]?[HeadingName(name)] {
                let within = itemTable.map { " in table '\($0)'" } ?? ""
                error("data item '\(name)' is listed twice\(within) (first at \(previous.cell ?? previous.description))", at: nameLocation)
                continue
            }
            seenNames[scope, default: [:]][HeadingName(name)] = nameLocation

            rowSequence[scope, default: 0] += 1
            var position = rowSequence[scope]!
            if hasPosition {
                if let text = record.text("Position"), let value = Int(text.hasSuffix(".0") ? String(text.dropLast(2)) : text), value >= 1 {
                    position = value
                } else {
                    error("position '\(record.text("Position") ?? "")' is not a whole number of 1 or more", at: record.location("Position"))
                }
            }
            if let previous = seenPositions[scope]?[position] {
                error("position \(position) is already taken by the item at \(previous.cell ?? previous.description)", at: record.location(hasPosition ? "Position" : "Data Item Name"))
            }
            seenPositions[scope, default: [:]][position] = record.location("Position")

            let uid = hasUID ? record.text("UID") : Self.uid(fromName: name, position: position, table: itemTable, taken: itemUIDs)
            guard let uid else {
                error("data item '\(name)' has no UID", at: record.location("UID"))
                continue
            }
            if let previous = itemUIDs[uid.uppercased()] {
                error("UID '\(uid)' is used twice (first at \(previous.cell ?? previous.description))", at: record.location("UID"))
                continue
            }
            itemUIDs[uid.uppercased()] = record.location("UID")

            let reference = record.text("Format").flatMap(FormatParser.reference(in:))
            let format = reference == nil ? readFormat(record, itemName: name) : nil
            if let reference { references.append((items.count, reference, record.location("Format"))) }
            let mandation = readMandation(record, itemName: name)
            let codeList = readNationalCodes(record, itemName: name, maxCodeLength: format?.maxLength ?? 4, codeLists: &codeLists, keys: &listKeys)
            var notes = record.text("Notes")
            if let text = format?.text, text.contains("\n") {
                // A format that changed over time: the latest applies; the history stays readable.
                let history = "Format over time: " + text.split(whereSeparator: \.isNewline).joined(separator: "; ") + "."
                notes = notes.map { $0 + "\n" + history } ?? history
            }
            // Without a Tables sheet a Table column is the items' group (real TOS workbooks use it so).
            let group = record.text("Group") ?? (tables == nil ? record.text("Table") : nil) ?? titleGroup ?? itemTable ?? "Record"
            // An item whose format failed (already an error) stays in the model, so that
            // rules naming it do not cascade into further errors.
            let itemFormat = format ?? Format(text: record.text("Format") ?? "", kind: .alphanumeric, minLength: 1, maxLength: 1)
            items.append(DataItem(
                uid: uid, name: name, group: group, table: itemTable, position: position,
                dataDictionaryElement: record.text("Data Dictionary Element"), description: record.text("Description"),
                format: itemFormat, mandation: mandation, codeList: codeList, notes: notes, location: nameLocation
            ))
            if codeList == nil, let text = record.text("National Codes"), case .reference(let list) = NationalCodes.parse(text).codes {
                listReferences.append((items.count - 1, list, text, record.location("National Codes")))
            }
        }
        resolveFormatReferences(references, in: &items)
        for reference in listReferences {
            if let index = listKeys[HeadingName(reference.list)] {
                items[reference.index].codeList = codeLists[index].name
            } else {
                items[reference.index].uncheckedCodes = reference.text
                diagnostics.append(Diagnostic(.warning, "'\(items[reference.index].name)' refers to code list '\(reference.list)', which this workbook does not have: its codes are not checked (add the list on a Code Lists sheet)", at: reference.location, weakensEnforcement: true))
            }
        }
        items.sort { ($0.table ?? "", $0.position) < ($1.table ?? "", $1.position) }
        if hasPosition {
            for scope in Dictionary(grouping: items, by: { $0.table ?? "" }).keys.sorted() {
                let members = items.filter { ($0.table ?? "") == scope }
                guard let last = members.last, last.position != members.count else { continue }
                let missing = Set(1...last.position).subtracting(members.map(\.position)).sorted()
                let within = scope.isEmpty ? "" : " in table '\(scope)'"
                error("positions\(within) must run from 1 to \(members.count) without gaps; missing \(missing.map(String.init).joined(separator: ", "))", at: table.headerLocation)
            }
        }
        return (items, codeLists)
    }

    /// Gives each `See <ELEMENT>` item the format of that element: an item of the workbook
    /// by that name (or Data Dictionary element), else the layout file's `formats`, else the
    /// bundled table of Data Dictionary formats; otherwise one error naming the element.
    private mutating func resolveFormatReferences(_ references: [(index: Int, element: String, location: SourceLocation)], in items: inout [DataItem]) {
        let referring = Set(references.map(\.index))
        var defined: [HeadingName: Format] = [:]
        for (index, item) in items.enumerated() where !referring.contains(index) {
            defined[HeadingName(item.name)] = defined[HeadingName(item.name)] ?? item.format
            if let element = item.dataDictionaryElement { defined[HeadingName(element)] = defined[HeadingName(element)] ?? item.format }
        }
        let fromLayout = Dictionary(sheets.layout.formats.map { (HeadingName($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        for reference in references {
            let key = HeadingName(reference.element)
            let text = "See \(reference.element)"
            var resolved: Format?
            if let format = defined[key] {
                resolved = format
            } else if let notation = fromLayout[key] ?? DataDictionaryFormats.byElement[key]?.notation {
                let source = fromLayout[key] != nil ? "the layout file" : "the bundled Data Dictionary formats (\(DataDictionaryFormats.byElement[key]!.source))"
                switch FormatParser.parse(notation, itemName: items[reference.index].name) {
                case .success(let parsed):
                    resolved = parsed.format
                    note("format '\(text)' of '\(items[reference.index].name)' is \(notation), from \(source)", at: reference.location)
                case .failure(let failure):
                    error("format '\(text)': \(source) gives \(failure.description)", at: reference.location)
                }
            } else {
                error("format '\(text)' of '\(items[reference.index].name)' names data element '\(reference.element)', which is neither an item of this workbook nor in the bundled Data Dictionary formats; give its format in a layout file: {\"formats\": {\"\(reference.element)\": \"an10\"}}", at: reference.location)
            }
            if var format = resolved {
                format.text = text
                items[reference.index].format = format
            }
        }
    }

    /// An item's name as a UID: upper case, each run of other characters than letters and
    /// digits a single dash (`SITE CODE (OF IMAGING)` → `SITE-CODE-OF-IMAGING`); the position
    /// follows when another item's name gave the same UID (in a relational workbook, the
    /// item's table: `LOCAL-PATIENT-IDENTIFIER-REFERRAL`).
    static func uid(fromName name: String, position: Int, table: String? = nil, taken: [String: SourceLocation]) -> String {
        let uid = uid(fromName: name)
        guard taken[uid] != nil else { return uid }
        return "\(uid)-\(table.map { Self.uid(fromName: $0) } ?? String(position))"
    }

    private static func uid(fromName name: String) -> String {
        var result = ""
        var pendingDash = false
        for character in name.uppercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                if pendingDash && !result.isEmpty { result.append("-") }
                result.append(character)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return result.isEmpty ? "ITEM" : result
    }

    private mutating func readFormat(_ record: SheetTable.Record, itemName: String) -> Format? {
        let location = record.location("Format")
        guard let text = record.text("Format") else {
            error("data item '\(itemName)' has no format", at: location)
            return nil
        }
        switch FormatParser.parse(text, itemName: itemName) {
        case .success(let parsed):
            if parsed.timestampFromName {
                note("'\(itemName)' is read as a timestamp: its format is max an25 and its name ends in TIMESTAMP", at: location)
            }
            for remark in parsed.remarks { note("format of '\(itemName)': \(remark)", at: location) }
            return parsed.format
        case .failure(let failure):
            error(failure.description, at: location)
            return nil
        }
    }

    private mutating func readMandation(_ record: SheetTable.Record, itemName: String) -> Mandation {
        guard let text = record.text("Mandation") else { return .optional }
        guard let mandation = Mandation(cellText: text) else {
            error("mandation '\(text)' of '\(itemName)' is not M, R, O, P or D", at: record.location("Mandation"))
            return .optional
        }
        return mandation
    }

    /// The code list name for the item's National Codes cell; inline codes become a list named after the item.
    /// `keys` finds a list's index in `codeLists` by its heading name.
    private mutating func readNationalCodes(_ record: SheetTable.Record, itemName: String, maxCodeLength: Int, codeLists: inout [CodeList], keys: inout [HeadingName: Int]) -> String? {
        guard let text = record.text("National Codes") else { return nil }
        let location = record.location("National Codes")
        let (codes, problems, rejoined) = NationalCodes.parse(text, maxCodeLength: maxCodeLength)
        // Lines that are not codes (era headings, remarks such as "Values include: …") are kept
        // as the list's notes; a cell with no code at all is an error.
        let prose = problems.compactMap(NationalCodes.line(ofProblem:))
        if case .inline(let pairs) = codes, pairs.isEmpty, !prose.isEmpty {
            for problem in problems { error("national codes of '\(itemName)': \(problem)", at: location) }
            return nil
        }
        if !prose.isEmpty {
            diagnostics.append(Diagnostic(.warning, "national codes of '\(itemName)': \(prose.count) line\(prose.count == 1 ? " is" : "s are") not 'code = description' and \(prose.count == 1 ? "is" : "are") kept as the list's notes: \(prose.map { "'\($0)'" }.joined(separator: ", "))", at: location))
        }
        if rejoined {
            diagnostics.append(Diagnostic(.warning, "national codes of '\(itemName)' run together on one line (line breaks lost, as LibreOffice's XML Spreadsheet 2003 export does); split before each code", at: location))
        }
        switch codes {
        case .reference(let name):
            // A list named after an item further down is found once every item is read.
            return keys[HeadingName(name)].map { codeLists[$0].name }
        case .inline(let pairs):
            guard !pairs.isEmpty else { return nil }
            var entries: [CodeList.Code] = []
            for pair in pairs {
                let entry = CodeList.Code(code: pair.code, description: pair.description, location: location)
                guard let earlier = entries.firstIndex(where: { $0.code == pair.code }) else {
                    entries.append(entry)
                    continue
                }
                if prose.isEmpty {
                    error("code '\(pair.code)' appears twice in the national codes of '\(itemName)'", at: location)
                } else {
                    // Codes repeated under era headings ("From 2022-23 onwards:"): the later wins.
                    note("code '\(pair.code)' of '\(itemName)' is listed again under a later heading; its later meaning is kept", at: location)
                    entries[earlier] = entry
                }
            }
            if let existing = keys[HeadingName(itemName)].map({ codeLists[$0] }) {
                if existing.codes.map(\.code) != entries.map(\.code) {
                    error("national codes of '\(itemName)' differ from the code list of the same name at \(existing.location.cell ?? existing.location.description)", at: location)
                }
                return existing.name
            }
            keys[HeadingName(itemName)] = codeLists.count
            codeLists.append(CodeList(name: itemName, codes: entries, location: location, notes: prose.isEmpty ? nil : prose.joined(separator: "\n")))
            return itemName
        }
    }
}
