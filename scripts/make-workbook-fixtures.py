#!/usr/bin/env python3
"""Re-creates the .xlsx/.fods test fixtures in Tests/ETOSSpreadsheetTests/Fixtures.

- DIDS-v2.0-ETOS-openpyxl.xlsx: Spec/DIDS-v2.0-ETOS.xml written by openpyxl (rich text,
  comments, merged title rows, dates with a date format), as a library-made workbook.
- DIDS-v2.0-ETOS-libreoffice.xlsx and .fods: that workbook converted by LibreOffice.
- Features/*.xlsx: small hand-made packages for features openpyxl does not write (strict
  namespace, inline strings, cells and rows without r, the 1904 date system, phonetic runs,
  _xHHHH_ escapes).
- Hostile/*: archives and files the reader must refuse.
- RealTOS/*: stand-ins for real NHS workbooks (a HES-like output TOS as .xlsx, a cancer data
  set's data dictionary as XML Spreadsheet 2003), with their layout files.

Needs: pip install openpyxl; apt-get install libreoffice-calc-nogui
"""
import datetime
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "ETOSSpreadsheetTests", "Fixtures")
SS = "urn:schemas-microsoft-com:office:spreadsheet"


def read_spreadsheetml(path):
    """Sheets of {(row, column): (type, value, comment, merge_across)} from SpreadsheetML."""
    tree = ET.parse(path)
    sheets = []
    for sheet in tree.getroot().iter(f"{{{SS}}}Worksheet"):
        cells = {}
        row_index = 0
        for row in sheet.iter(f"{{{SS}}}Row"):
            row_index = int(row.get(f"{{{SS}}}Index", row_index + 1))
            column = 0
            for cell in row.findall(f"{{{SS}}}Cell"):
                column = int(cell.get(f"{{{SS}}}Index", column + 1))
                merge = int(cell.get(f"{{{SS}}}MergeAcross", 0))
                data = cell.find(f"{{{SS}}}Data")
                kind, value = "String", ""
                if data is not None:
                    kind = data.get(f"{{{SS}}}Type", "String")
                    value = "".join(data.itertext())
                comment = cell.find(f"{{{SS}}}Comment")
                note = "".join(comment.itertext()) if comment is not None else None
                if value or note or merge:
                    cells[(row_index, column)] = (kind, value, note, merge)
                column += merge
        sheets.append((sheet.get(f"{{{SS}}}Name"), cells))
    return sheets


def write_openpyxl(sheets, path):
    book = Workbook()
    book.remove(book.active)
    for name, cells in sheets:
        sheet = book.create_sheet(name)
        for (row, column), (kind, value, note, merge) in sorted(cells.items()):
            target = sheet.cell(row=row, column=column)
            if kind == "Number":
                target.value = int(value) if value.isdigit() else float(value)
            elif kind == "DateTime":
                target.value = datetime.datetime.fromisoformat(value.split(".")[0])
                target.number_format = "yyyy-mm-dd"
            elif value == "Data Item Name":
                target.value = CellRichText([TextBlock(InlineFont(b=True), "Data Item"), " Name"])
            else:
                target.value = value
            if note:
                target.comment = Comment(note, "ETOS authors")
            if merge:
                sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + merge)
    book.save(path)


def convert(source, extension, target):
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["soffice", "--headless", "--convert-to", extension, "--outdir", work, source],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        produced = os.path.join(work, os.path.splitext(os.path.basename(source))[0] + "." + extension)
        shutil.copyfile(produced, target)


def package(path, parts, mutate=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            archive.writestr(name, text)
    if mutate:
        with open(path, "r+b") as handle:
            data = bytearray(handle.read())
            mutate(data)
            handle.seek(0)
            handle.write(data)


CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
PACKAGE_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'


def strict_workbook(path):
    main = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    rel = "http://purl.oclc.org/ooxml/officeDocument/relationships"
    workbook = f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><workbookPr date1904="1"/><sheets><sheet name="Features" sheetId="1" r:id="rId1"/></sheets></workbook>'
    workbook_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                     '<Relationship Id="rId2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>'
                     '<Relationship Id="rId3" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/styles" Target="styles.xml"/></Relationships>')
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="2" uniqueCount="2">'
              '<si><t xml:space="preserve">  padded  </t></si>'
              '<si><r><rPr><b/></rPr><t>Kan</t></r><r><t>ji</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si></sst>')
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ &quot;(day)&quot;"/></numFmts>'
              '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
             '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><t>line one_x000D_&#10;line two _x005F_x0041_ and _x0041_</t></is></c></row>'
             '<row r="3"><c r="B3" t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1&amp;"!"</f><v>cached</v></c><c s="1"><v>0</v></c><c s="2"><v>3.50</v></c></row>'
             '<row r="5"><c r="A5" t="inlineStr"><is><t>merged title</t></is></c><c r="D5" t="d"><v>2026-04-01T00:00:00</v></c></row>'
             '</sheetData><mergeCells count="1"><mergeCell ref="A5:C6"/></mergeCells></worksheet>')
    package(path, [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS), ("xl/workbook.xml", workbook),
                   ("xl/_rels/workbook.xml.rels", workbook_rels), ("xl/sharedStrings.xml", shared), ("xl/styles.xml", styles),
                   ("xl/worksheets/sheet1.xml", sheet)])


def minimal_parts(sheet_target="worksheets/sheet1.xml", sheet_xml=None):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="{sheet_target}"/></Relationships>'),
    ]
    if sheet_xml is not None:
        parts.append(("xl/worksheets/sheet1.xml", sheet_xml))
    return parts


def set_encrypted_flag(data):
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (index := data.find(signature, start)) != -1:
            flags = struct.unpack_from("<H", data, index + offset)[0]
            struct.pack_into("<H", data, index + offset, flags | 1)
            start = index + 4


def hostile(directory):
    os.makedirs(directory, exist_ok=True)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    bomb_sheet = f'<worksheet xmlns="{main}"><sheetData>' + " " * (64 * 1024 * 1024) + "</sheetData></worksheet>"
    package(os.path.join(directory, "bomb.xlsx"), minimal_parts(sheet_xml=bomb_sheet))
    package(os.path.join(directory, "traversal.xlsx"), minimal_parts(sheet_xml=f'<worksheet xmlns="{main}"/>') + [("../../etc/evil.xml", "<x/>")])
    package(os.path.join(directory, "encrypted.xlsx"), minimal_parts(sheet_xml=f'<worksheet xmlns="{main}"/>'), mutate=set_encrypted_flag)
    package(os.path.join(directory, "missing-sheet.xlsx"), minimal_parts())
    package(os.path.join(directory, "not-a-workbook.zip"), [("readme.txt", "hello")])
    package(os.path.join(directory, "zipped.ods"), [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")])
    with open(os.path.join(directory, "binary.xls"), "wb") as handle:
        handle.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))
    with open(os.path.join(directory, "submission.csv"), "w") as handle:
        handle.write("UID,Data Item Name,Format\nX1,NHS NUMBER,n10\n")
    with open(os.path.join(directory, "truncated.xlsx"), "wb") as handle:
        with open(os.path.join(OUT, "DIDS-v2.0-ETOS-openpyxl.xlsx"), "rb") as whole:
            data = whole.read()
        handle.write(data[: len(data) // 2])


def real_tos_stand_ins(directory):
    """Stand-ins for real NHS workbooks, written from shared/domain/REAL-TOS.md: a HES-like
    output TOS as .xlsx (no Data Set or validation sheet, HES notation, Values cells mixing
    codes and prose) and a cancer-data-set-like data dictionary as XML Spreadsheet 2003
    (Data Dictionary notation, section title rows, See references); each with its layout file."""
    os.makedirs(directory, exist_ok=True)
    book = Workbook()
    about = book.active
    about.title = "About"
    about["A1"] = "Hospital Episode Statistics: Admitted Patient Care output specification (stand-in)"
    about["A3"] = "Fields marked 'to' and 'from' changed format between years."
    fields = book.create_sheet("APC Fields")
    fields["A1"] = "HES APC fields (stand-in written from REAL-TOS.md)"
    fields.merge_cells("A1:D1")
    rows = [
        ["Field", "Description", "Format", "Values"],
        ["Patient"],
        ["HESID", "Patient identifier", "String(8) to 2022\nString(32) from 2023", None],
        ["ADMIAGE", "Age on admission", "Number", "max n3 = Age at activity date\n7001 = Less than 1 day\n7002 = 1 to 6 days"],
        ["Admission"],
        ["ADMIDATE", "Date of admission", "Date(YYYY-MM-DD)", None],
        ["ADMIMETH", "Method of admission", "String(2)", "11 = Waiting list\n12 = Booked\n13 = Planned\n Values include: 2A, 2B, 2C, 2D though definitions are not known"],
        ["ADMISORC", "Source of admission", "String(2)", "See DISDEST for a list of codes"],
        ["PROCODE3", "Provider code", "String(3-5)", None],
        ["FYEAR", "Financial year", "String(4) or String(6)", None],
        ["Discharge"],
        ["DISDEST", "Discharge destination", "String(2)", "From 2022-23 onwards:\n19 = Usual place of residence\n29 = Temporary place of residence\nNote that this does not include transfers"],
        ["EPIDUR", "Episode duration in days", "Number", None],
        ["SPELDUR_DEC", "Spell duration in days, with a fraction", "Decimal", None],
        ["OPERTN_01", "Main operation", "See OPCS-4 CODE", None],
    ]
    for index, row in enumerate(rows, start=3):
        for column, value in enumerate(row, start=1):
            if value is not None:
                fields.cell(row=index, column=column, value=value)
    book.save(os.path.join(directory, "hes-like-output-tos.xlsx"))
    with open(os.path.join(directory, "hes-like-output-tos.layout.json"), "w") as out:
        out.write('{\n  "sheets": {"Data Items": ["APC Fields"]},\n'
                  '  "columns": {"Data Items": {"Data Item Name": ["Field"], "National Codes": ["Values"]}},\n'
                  '  "dataSet": {"name": "Hospital Episode Statistics Admitted Patient Care", "shortName": "HESAPC", "version": "2023-24"}\n}\n')

    def cell(value):
        if value is None:
            return "<Cell/>"
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "&#10;")
        return f'<Cell><Data ss:Type="String">{text}</Data></Cell>'
    items = [
        ["data_element", "description", "format_length", "status", "National Codes"],
        ["Demographics"],
        ["NHS NUMBER", "The patient's NHS number", "n10", "M", None],
        ["PERSON BIRTH DATE", "Date of birth", "See DATE", "R", None],
        ["PATIENT USUAL ADDRESS", "Address, up to five lines", "an175 (5 lines each an35)", "R", None],
        ["Diagnosis"],
        ["DATE OF PRIMARY CANCER DIAGNOSIS (CLINICALLY AGREED)", "Date the diagnosis was agreed", "See DATE", "M", None],
        ["PRIMARY DIAGNOSIS (ICD)", "The cancer's ICD-10 code", "See ICD-10 CODE", "M", None],
        ["MORPHOLOGY (ICD-O)", "Morphology of the tumour", "See ICD-O CODE", "R", None],
        ["TUMOUR LATERALITY", "The side of the body", "an1", "R", "L = Left\nR = Right\nM = Midline\nB = Bilateral\n8 = Not applicable\n9 = Not known"],
        ["SIDE OF PRIMARY TUMOUR", "As TUMOUR LATERALITY", "an1", "O", "See TUMOUR LATERALITY"],
        ["Pathology"],
        ["TUMOUR SIZE (INTEGRATED)", "Largest diameter in mm", "max n3.max n2", "R", None],
        ["PROSTATE SPECIFIC ANTIGEN", "PSA in ng/ml", "max n5.n1", "O", None],
        ["GLEASON GRADE", "Gleason grade", "n1.n1", "O", None],
        ["ALPHA FETOPROTEIN", "Serum AFP", "See ALPHA FETOPROTEIN", "O", None],
        ["CONSULTANT CODE", "The responsible consultant", "See CONSULTANT CODE", "R", None],
    ]
    rows_xml = []
    for row in items:
        if len(row) == 1:
            rows_xml.append(f'<Row><Cell ss:MergeAcross="4"><Data ss:Type="String">{row[0]}</Data></Cell></Row>')
        else:
            rows_xml.append("<Row>" + "".join(cell(value) for value in row) + "</Row>")
    body = "\n   ".join(rows_xml)
    workbook = f"""<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Data Dictionary">
  <Table>
   <Row><Cell><Data ss:Type="String">Cancer data set: data dictionary extract (stand-in written from REAL-TOS.md)</Data></Cell></Row>
   {body}
  </Table>
 </Worksheet>
</Workbook>
"""
    with open(os.path.join(directory, "cancer-like-data-dictionary.xml"), "w") as out:
        out.write(workbook)
    with open(os.path.join(directory, "cancer-like-data-dictionary.layout.json"), "w") as out:
        out.write('{\n  "sheets": {"Data Items": ["Data Dictionary"]},\n'
                  '  "columns": {"Data Items": {"Data Item Name": ["data_element"], "Format": ["format_length"], "Mandation": ["status"]}},\n'
                  '  "dataSet": {"name": "Cancer Outcomes and Services Data Set (stand-in)", "shortName": "COSD", "version": "9.0"}\n}\n')


def main():
    spec = os.path.join(ROOT, "Spec", "DIDS-v2.0-ETOS.xml")
    openpyxl_file = os.path.join(OUT, "DIDS-v2.0-ETOS-openpyxl.xlsx")
    write_openpyxl(read_spreadsheetml(spec), openpyxl_file)
    convert(openpyxl_file, "xlsx", os.path.join(OUT, "DIDS-v2.0-ETOS-libreoffice.xlsx"))
    convert(openpyxl_file, "fods", os.path.join(OUT, "DIDS-v2.0-ETOS-libreoffice.fods"))
    os.makedirs(os.path.join(OUT, "Features"), exist_ok=True)
    strict_workbook(os.path.join(OUT, "Features", "strict.xlsx"))
    hostile(os.path.join(OUT, "Hostile"))
    real_tos_stand_ins(os.path.join(OUT, "RealTOS"))
    print("wrote fixtures under", os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    sys.exit(main())
