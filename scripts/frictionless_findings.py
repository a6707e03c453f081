"""Validates a CSV against a Table Schema exported by `etosc export --format table-schema`
with frictionless, and prints each error as the ETOS finding code it stands for:
one JSON object per line, {"record": N, "code": "..."} (record 0: the file).

usage: frictionless_findings.py SCHEMA CSV
"""
import json
import os
import re
import sys

from frictionless import Resource, Schema


def main() -> None:
    schema_path, csv_path = sys.argv[1], sys.argv[2]
    descriptor = json.load(open(schema_path))
    codes_by_field = {field["name"]: field["x-etos"]["codes"] for field in descriptor["fields"]}
    primary_key_code = descriptor.get("x-etos-primary-key")
    csv_path = os.path.abspath(csv_path)
    report = Resource(path=os.path.basename(csv_path), basepath=os.path.dirname(csv_path), schema=Schema.from_descriptor(descriptor)).validate(limit_errors=10**9)
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            record = row - 1 if row else 0
            codes = codes_by_field.get(getattr(error, "field_name", None), {})
            code = None
            if error.type == "constraint-error":
                constraint = re.search(r'constraint "(\w+)"', error.note)
                code = codes.get(constraint.group(1)) if constraint else None
            elif error.type == "type-error":
                code = codes.get("type")
            elif error.type == "primary-key":
                code = primary_key_code
            print(json.dumps({"record": record, "code": code or f"frictionless:{error.type}"}))


if __name__ == "__main__":
    main()
