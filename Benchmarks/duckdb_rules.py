"""DuckDB running the spec's rules as SQL, for the validation benchmark: the filters of the
dischema `etosc export` writes (uniqueness included) counted in one pass over the CSV with
2 threads. With REFERENCE_DIR (`etosc export --format reference-data`) the reference-data
rules run too, their lookups in the same pass; without it they are left out.

usage: duckdb_rules.py DISCHEMA CSV [REFERENCE_DIR]   prints the failing records per code
"""
import os
import sys

import duckdb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from dischema import Dischema  # noqa: E402
from load_reference_data import load_duckdb  # noqa: E402


def main() -> None:
    schema = Dischema(sys.argv[1])
    columns = {name: "VARCHAR" for name in schema.columns}
    connection = duckdb.connect()
    connection.execute("SET threads = 2")
    filters = schema.filters
    if len(sys.argv) > 3:
        load_duckdb(connection, schema, sys.argv[3])
    else:
        filters = schema.split_filters()[0]
    # Rows with the wrong field count are skipped (etosc reports them as file rejections).
    source = schema.with_steps(
        f"SELECT *, row_number() OVER () AS __record_index__ FROM read_csv('{sys.argv[2]}', header = true, "
        f"columns = {columns!r}, ignore_errors = true, parallel = true)"
    )
    counts = ", ".join(f"count_if(NOT ({expression}))" for _, expression in filters)
    row = connection.execute(f"SELECT count(*), {counts} FROM ({source})").fetchone()
    print(f"records {row[0]}")
    for (code, _), failing in zip(filters, row[1:]):
        if failing:
            print(f"{code} {failing}")


if __name__ == "__main__":
    main()
