"""Reads a dischema written by `etosc export --format dischema` for running it on DuckDB
directly: the data set's columns, its steps and filters with the template parameters filled,
and the reference tables its filters read (scripts/load_reference_data.py loads them).
Shared by scripts/duckdb_dischema_findings.py, scripts/spark_dischema_findings.py and the
Benchmarks' DuckDB and Spark rows."""
import csv
import json


class Dischema:
    def __init__(self, path: str) -> None:
        schema = json.load(open(path))
        self.entity, contract = next(iter(schema["contract"]["datasets"].items()))
        #: Column names in submission order.
        self.columns: list[str] = list(contract["fields"])
        transformations = schema["transformations"]
        self._parameters = transformations.get("parameters", {})
        #: (column name, SQL) of each `add` step, in order.
        self.steps = [(step["column_name"], self.filled(step["expression"])) for step in transformations.get("rules", [])]
        #: (error code, SQL that holds when a record passes) of each filter, in order.
        self.filters = [(rule["error_code"], self.filled(rule["expression"])) for rule in transformations["filters"]]
        #: Reference table name -> {"data_set", "file", "columns"}: what the filters' EXISTS read.
        self.reference_entities: dict = schema["x_etos"].get("reference_entities", {})

    def reads_reference_data(self, expression: str) -> bool:
        """Whether a filter looks codes up in a reference table."""
        return any(name in expression for name in self.reference_entities)

    def split_filters(self) -> tuple[list, list]:
        """The filters as (those reading only the record, those looking codes up in a
        reference table), each in order."""
        plain = [(code, sql) for code, sql in self.filters if not self.reads_reference_data(sql)]
        lookups = [(code, sql) for code, sql in self.filters if self.reads_reference_data(sql)]
        return plain, lookups

    def filled(self, expression: str) -> str:
        """The expression with `{{ name }}` template parameters replaced by their values."""
        for name, value in self._parameters.items():
            expression = expression.replace("{{ %s }}" % name, value)
        return expression

    def with_steps(self, source: str) -> str:
        """A query over `source` with each step's column added."""
        for column, expression in self.steps:
            source = f'SELECT *, ({expression}) AS "{column}" FROM ({source})'
        return source


def submitted_rows(path: str, width: int) -> list:
    """The CSV's data rows as [record number, field, ...], the header skipped; rows whose
    field count is not `width` are left out (DVE's reader refuses such a file; etosc reports
    its field-count rule)."""
    rows = []
    with open(path, newline="", encoding="utf-8-sig") as source:
        reader = csv.reader(source)
        next(reader, None)
        for number, row in enumerate(reader, start=1):
            if len(row) == width:
                rows.append([number] + row)
    return rows


def local_spark(app: str, settings: dict[str, str] | None = None):
    """One PySpark session on local[2] as docs/INTEROP.md asks: time zone UTC, ANSI mode off,
    no web UI, two shuffle partitions; `settings` adds others ({"spark.driver.memory": "4g"})."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master("local[2]").appName(app)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
    )
    for key, value in (settings or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
