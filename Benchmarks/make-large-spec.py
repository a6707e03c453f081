#!/usr/bin/env python3
"""Writes a large synthetic ETOS as XML Spreadsheet 2003, for the compile benchmark.

Usage: make-large-spec.py SCALE OUTPUT [GUIDANCE-MB]
(SCALE 1: 2,000 items in 40 groups, 100 code lists, 6,000 rules across every sentence form;
about 20 MB with Excel-style formatting). GUIDANCE-MB adds a "Guidance" sheet of that many
megabytes, which is not part of the ETOS layout: a file whose bulk the model does not keep.
"""
import random
import sys

scale = int(sys.argv[1])
out = sys.argv[2]
guidance_mb = int(sys.argv[3]) if len(sys.argv) > 3 else 0
rng = random.Random(scale)
items_count, groups, lists, rules_count = 2000 * scale, 40 * scale, 100 * scale, 6000 * scale


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "&#10;")


def cell(value, style="s1"):
    # Excel writes a style and often a type; pad with the kind of attributes real files carry.
    return f'    <Cell ss:StyleID="{style}"><Data ss:Type="String">{esc(value)}</Data></Cell>\n'


def row(values):
    return '   <Row ss:AutoFitHeight="0" ss:Height="30">\n' + "".join(cell(v) for v in values) + "   </Row>\n"


kinds = [("an6", "alnum"), ("max an20", "alnum"), ("min an5 max an9", "alnum"), ("n10", "num"), ("min n6 max n18", "num"),
         ("an10 CCYY-MM-DD", "date"), ("max an25 CCYY-MM-DDThh:mm:ss±hh:mm", "stamp"), ("an2", "coded"), ("an8 HH:MM:SS", "time")]
items = []
for i in range(items_count):
    fmt, kind = kinds[i % len(kinds)]
    items.append((f"U{i:06d}", f"SYNTHETIC DATA ITEM {i:06d} {kind.upper()}", fmt, kind, f"GROUP {i * groups // items_count:03d}"))
dates = [it for it in items if it[3] == "date"]
stamps = [it for it in items if it[3] == "stamp"]
coded = [it for it in items if it[3] == "coded"]

parts = ['<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"\n xmlns:o="urn:schemas-microsoft-com:office:office"\n xmlns:x="urn:schemas-microsoft-com:office:excel"\n xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"\n xmlns:html="http://www.w3.org/TR/REC-html40">\n <Styles>\n  <Style ss:ID="s1"><Alignment ss:Vertical="Top" ss:WrapText="1"/></Style>\n </Styles>\n']
def sheet(name, rows):
    parts.append(f' <Worksheet ss:Name="{name}">\n  <Table x:FullColumns="1" x:FullRows="1">\n')
    parts.extend(rows)
    parts.append('  </Table>\n  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><ProtectObjects>False</ProtectObjects></WorksheetOptions>\n </Worksheet>\n')

sheet("Data Set", [row(["Data Set Name", f"Synthetic Data Set x{scale}"]), row(["Short Name", "SYN"]), row(["Version", str(scale)])])
item_rows = [row(["Position", "Group", "UID", "Data Item Name", "Format", "Mandation", "National Codes", "Description"])]
for n, (uid, name, fmt, kind, group) in enumerate(items, 1):
    codes = f"See code list LIST {n % lists:04d}" if kind == "coded" else ""
    item_rows.append(row([str(n), group, uid, name, fmt, "M" if n % 7 == 0 else "R", codes, f"A synthetic item of kind {kind}, number {n}."]))
sheet("Data Items", item_rows)
list_rows = [row(["Code List", "Code", "Description"])]
for l in range(lists):
    for c in range(8):
        list_rows.append(row([f"LIST {l:04d}" if c == 0 else "", f"{c + 1:02d}", f"Meaning {c + 1} of list {l}"]))
sheet("Code Lists", list_rows)

def sentence(n):
    it = items[n % len(items)]
    d1, d2 = dates[n % len(dates)], dates[(n * 7 + 3) % len(dates)]
    s1, s2 = stamps[n % len(stamps)], stamps[(n * 5 + 1) % len(stamps)]
    forms = [
        (it[1], "Must be populated"),
        (d1[1], f"Must be on or before {d2[1]}"),
        (d1[1], f"Must not be more than 6 months after {d2[1]}"),
        (s1[1], f"Must be on or after {s2[1]}"),
        (s1[1], "Must have a time zone offset of +00:00, +01:00, -00:00 or Z"),
        (d1[1], "Must be after 1900-01-01"),
        (d1[1], "Must not be after the end of the reporting period"),
        (coded[n % len(coded)][1], "Must be a valid national code"),
        (it[1], f"If {d1[1]} is populated, {d2[1]} must be populated"),
        (d1[1], f"At least one of {d1[1]}, {d2[1]} must be populated"),
        (it[1], "Must exist in reference data ODS ORGANISATIONS"),
        (d1[1], f"Must not be more than 365 days before {s1[1]}"),
    ]
    return forms[n % len(forms)]

words = "the item is collected for every record where the activity applies and is validated against the national definition in the data dictionary".split()
def notes(n, length):
    local = random.Random(n)
    return " ".join(local.choice(words) for _ in range(length)).capitalize() + "."

rule_rows = [row(["Error Code", "Data Item", "Validation", "Error Message", "Level", "Notes"])]
for n in range(rules_count):
    item, text = sentence(n)
    rule_rows.append(row([f"SYN{n:06d}", item, text, f"Synthetic rule {n} failed.", ["Record Rejection", "Warning"][n % 2], notes(n, 300)]))
sheet("Validations – Data Items", rule_rows)
if guidance_mb:
    guidance_rows, size, n = [], 0, 0
    while size < guidance_mb * 1_000_000:
        guidance_rows.append(row([f"Step {n}", notes(n, 40), notes(n + 1, 40)]))
        size += len(guidance_rows[-1])
        n += 1
    sheet("Guidance", guidance_rows)
parts.append("</Workbook>\n")
open(out, "w").write("".join(parts))
