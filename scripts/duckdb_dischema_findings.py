"""Runs the filters of a dischema exported by etosc directly on DuckDB (no DVE needed) over
a CSV submission, with DVE's semantics: the `rules` steps add columns, each filter's
expression must hold, template parameters are filled from the dischema. Prints one JSON
object per finding, {"record": N, "code": "..."}. Rows whose field count differs from the
contract are skipped (DVE's reader refuses such a file; etosc reports its field-count rule).
REFERENCE_DIR holds the reference tables (`etosc export --format reference-data`); without it,
the filters reading them are left out, saying so on standard error.

usage: duckdb_dischema_findings.py DISCHEMA CSV [REFERENCE_DIR]
"""
import json
import sys

import duckdb

from dischema import Dischema, submitted_rows
from load_reference_data import load_duckdb


def main() -> None:
    schema = Dischema(sys.argv[1])
    columns = schema.columns

    connection = duckdb.connect()
    filters = schema.filters
    if len(sys.argv) > 3:
        load_duckdb(connection, schema, sys.argv[3])
    else:
        filters = schema.split_filters()[0]
        if len(filters) < len(schema.filters):
            print(f"{len(schema.filters) - len(filters)} filters need reference tables and are not run (no REFERENCE_DIR)", file=sys.stderr)
    connection.execute(
        "CREATE TABLE submitted (__record_index__ BIGINT, "
        + ", ".join(f'"{name}" VARCHAR' for name in columns) + ")"
    )
    rows = submitted_rows(sys.argv[2], len(columns))
    if rows:
        connection.executemany(f"INSERT INTO submitted VALUES ({', '.join('?' * (len(columns) + 1))})", rows)
    connection.execute(f"CREATE TABLE {schema.entity} AS {schema.with_steps('SELECT * FROM submitted')}")
    for code, expression in filters:
        failing = connection.execute(
            f"SELECT __record_index__ FROM {schema.entity} WHERE NOT ({expression}) ORDER BY 1"
        ).fetchall()
        for (record,) in failing:
            print(json.dumps({"record": record, "code": code}))


if __name__ == "__main__":
    main()
