"""Runs a relational dischema (`etosc export --format dischema` of a spec with a Tables
sheet) directly on DuckDB (no DVE needed) over a submission folder, with DVE's semantics:
each entity is loaded from its table's file, the `rules` steps run in order (`add` a column,
`left_join` a parent's columns, `anti_join` into a new entity), then each filter's expression
must hold on its entity. Prints one JSON object per finding, {"table": ..., "record": N,
"code": "..."}. A file is found by its table's name or the entity's, in any case.

usage: duckdb_relational_findings.py DISCHEMA FOLDER
"""
import json
import os
import sys

import duckdb

from dischema import submitted_rows


def main() -> None:
    schema = json.load(open(sys.argv[1]))
    folder = sys.argv[2]
    entities = schema["x_etos"]["entities"]
    files = {name.lower(): name for name in os.listdir(folder)}
    connection = duckdb.connect()
    table_of = {}
    for entity, contract in schema["contract"]["datasets"].items():
        columns = list(contract["fields"])
        table = entities[entity]["table"]
        table_of[entity] = table
        connection.execute(f"CREATE TABLE {entity} (__record_index__ BIGINT, " + ", ".join(f'"{c}" VARCHAR' for c in columns) + ")")
        name = files.get(entities[entity]["file"].lower()) or files.get(f"{entity}.csv")
        if name is None:
            continue
        rows = submitted_rows(os.path.join(folder, name), len(columns))
        if rows:
            connection.executemany(f"INSERT INTO {entity} VALUES ({', '.join('?' * (len(columns) + 1))})", rows)
    for step in schema["transformations"].get("rules", []):
        entity, operation = step["entity"], step["operation"]
        if operation == "add":
            connection.execute(f'CREATE OR REPLACE TABLE {entity} AS SELECT *, ({step["expression"]}) AS "{step["column_name"]}" FROM {entity}')
        elif operation == "left_join":
            added = ", ".join(f'{expression} AS "{alias}"' for expression, alias in step["new_columns"].items())
            target = step["target"]
            connection.execute(f"CREATE OR REPLACE TABLE {entity} AS SELECT {entity}.*, {added} FROM {entity} AS {entity} "
                               f"LEFT JOIN {target} AS {target} ON {step['join_condition']}")
        elif operation == "anti_join":
            target, new = step["target"], step["new_entity_name"]
            connection.execute(f"CREATE OR REPLACE TABLE {new} AS SELECT * FROM {entity} AS {entity} "
                               f"WHERE NOT EXISTS (SELECT 1 FROM {target} AS {target} WHERE {step['join_condition']})")
            table_of[new] = table_of[entity]
        else:
            raise SystemExit(f"step {operation!r} not known to this runner")
    for rule in schema["transformations"]["filters"]:
        entity = rule["entity"]
        failing = connection.execute(f"SELECT DISTINCT __record_index__ FROM {entity} WHERE NOT ({rule['expression']}) ORDER BY 1").fetchall()
        for (record,) in failing:
            print(json.dumps({"table": table_of[entity], "record": record, "code": rule["error_code"]}))


if __name__ == "__main__":
    main()
