"""DuckDB running the spec's rules as SQL, for the validation benchmark: the filters of the
dischema `etosc export` writes (every rule that needs no reference data, uniqueness
included) counted in one pass over the CSV with 2 threads.

usage: duckdb_rules.py DISCHEMA CSV   prints the failing records per code
"""
import json
import sys

import duckdb


def main() -> None:
    schema = json.load(open(sys.argv[1]))
    contract = next(iter(schema["contract"]["datasets"].values()))
    columns = {name: "VARCHAR" for name in contract["fields"]}
    transformations = schema["transformations"]
    parameters = transformations.get("parameters", {})

    def filled(expression: str) -> str:
        for name, value in parameters.items():
            expression = expression.replace("{{ %s }}" % name, value)
        return expression

    connection = duckdb.connect()
    connection.execute("SET threads = 2")
    # Rows with the wrong field count are skipped (etosc reports them as file rejections).
    source = (f"SELECT *, row_number() OVER () AS __record_index__ FROM read_csv('{sys.argv[2]}', header = true, "
              f"columns = {columns!r}, ignore_errors = true, parallel = true)")
    for step in transformations.get("rules", []):
        source = f"SELECT *, ({filled(step['expression'])}) AS \"{step['column_name']}\" FROM ({source})"
    filters = transformations["filters"]
    counts = ", ".join(f"count_if(NOT ({filled(f['expression'])}))" for f in filters)
    row = connection.execute(f"SELECT count(*), {counts} FROM ({source})").fetchone()
    print(f"records {row[0]}")
    for rule, failing in zip(filters, row[1:]):
        if failing:
            print(f"{rule['error_code']} {failing}")


if __name__ == "__main__":
    main()
