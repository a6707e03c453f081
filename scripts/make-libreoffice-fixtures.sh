#!/usr/bin/env bash
# Re-creates the LibreOffice-exported fixtures in Tests/ETOSSpreadsheetTests/Fixtures from
# the specs in Spec/: LibreOffice imports each XML Spreadsheet 2003 file, saves it as flat
# ODS, and its own "MS Excel 2003 XML" export stylesheet writes it back out, as the
# LibreOffice filter does. Needs: apt-get install libreoffice-calc-nogui xsltproc
set -euo pipefail
cd "$(dirname "$0")/.."
out=Tests/ETOSSpreadsheetTests/Fixtures
xsl=$(find /usr/lib/libreoffice -name ooo2spreadsheetml.xsl | head -n 1)
[ -n "$xsl" ] || { echo "ooo2spreadsheetml.xsl not found: install libreoffice-calc-nogui" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for spec in Spec/DIDS-v2.0-ETOS.xml; do
  name=$(basename "$spec" .xml)
  cp "$spec" "$work/$name.xml"
  soffice --headless --infilter="MS Excel 2003 XML" --convert-to fods --outdir "$work" "$work/$name.xml" >/dev/null
  # Trailing empty cells and rows are repeated to the sheet's end; keep the repeats small.
  sed -E 's/(number-(columns|rows)-repeated=")[0-9]{4,}"/\12"/g' "$work/$name.fods" > "$work/$name.small.fods"
  xsltproc "$xsl" "$work/$name.small.fods" > "$out/$name-libreoffice.xml"
  echo "wrote $out/$name-libreoffice.xml"
done
