"""Loads the reference tables a dischema's reference-data rules read (`x_etos.reference_entities`)
from the CSV files `etosc export --format reference-data` writes, into DuckDB or Spark under
the names the filters use (`refdata_ods_organisations`, ...). Code lists have columns
code (text), start and end (DATE, NULL when open); maps have from and to (text).
docs/INTEROP.md describes the tables.

As a library: load_duckdb(connection, dischema, directory), load_spark(spark, dischema, directory).
As a script, for DVE or another tool: writes one DuckDB database file holding every table,
or one Parquet file per table.

usage: load_reference_data.py DISCHEMA DIRECTORY (--duckdb FILE | --parquet DIRECTORY)
"""
import argparse
import os

from dischema import Dischema


def _tables(schema: Dischema, directory: str):
    """(table name, CSV path, columns) of every reference table the dischema reads."""
    for name, table in schema.reference_entities.items():
        path = os.path.join(directory, table["file"])
        if not os.path.exists(path):
            raise SystemExit(
                f"{directory} holds no {table['file']} (the {table['data_set']} table); write the "
                "directory with: etosc export --format reference-data SPEC --reference-data DIR --output DIRECTORY"
            )
        yield name, path, table["columns"]


def _typed(columns: dict, quote) -> list[str]:
    """Select expressions casting the date columns (blank is NULL) and keeping text as text."""
    return [
        f"CAST(NULLIF({quote(column)}, '') AS DATE) AS {quote(column)}" if kind == "date" else quote(column)
        for column, kind in columns.items()
    ]


def load_duckdb(connection, schema: Dischema, directory: str) -> None:
    """Creates each table in the DuckDB connection."""
    for name, path, columns in _tables(schema, directory):
        quote = lambda column: '"' + column + '"'
        text = ", ".join(f"'{column}': 'VARCHAR'" for column in columns)
        escaped = path.replace("'", "''")
        connection.execute(
            f'CREATE OR REPLACE TABLE "{name}" AS SELECT {", ".join(_typed(columns, quote))} FROM '
            f"read_csv('{escaped}', header = true, columns = {{{text}}}, quote = '\"', escape = '\"')"
        )


def load_spark(spark, schema: Dischema, directory: str) -> None:
    """Registers each table as a temporary view of the Spark session."""
    for name, path, columns in _tables(schema, directory):
        quote = lambda column: "`" + column + "`"
        frame = (
            spark.read.option("header", "true").option("quote", '"').option("escape", '"')
            .schema(", ".join(f"{quote(column)} STRING" for column in columns)).csv(path)
        )
        frame.selectExpr(*_typed(columns, quote)).createOrReplaceTempView(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dischema")
    parser.add_argument("directory")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--duckdb", metavar="FILE", help="a DuckDB database file to hold the tables")
    target.add_argument("--parquet", metavar="DIRECTORY", help="write <table>.parquet files here")
    arguments = parser.parse_args()
    schema = Dischema(arguments.dischema)

    import duckdb

    connection = duckdb.connect(arguments.duckdb or ":memory:")
    load_duckdb(connection, schema, arguments.directory)
    if arguments.parquet:
        os.makedirs(arguments.parquet, exist_ok=True)
        for name in schema.reference_entities:
            target = os.path.join(arguments.parquet, name + ".parquet").replace("'", "''")
            connection.execute(f"COPY \"{name}\" TO '{target}' (FORMAT parquet)")
    connection.close()


if __name__ == "__main__":
    main()
