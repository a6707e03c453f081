"""Runs the filters of a dischema exported by `etosc export --format dischema --dialect spark`
on a local Apache Spark (PySpark, local[2]) over a CSV submission, with DVE's semantics: the
`rules` steps add columns, each filter's expression must hold, template parameters are
filled from the dischema. Prints one JSON object per finding, {"record": N, "code": "..."}.
Rows whose field count differs from the contract are skipped (DVE's reader refuses such a
file; etosc reports its field-count rule).

The session is the one docs/INTEROP.md asks for: time zone UTC, ANSI mode off (Spark's default).
REFERENCE_DIR holds the reference tables (`etosc export --format reference-data`); without it,
the filters reading them are left out, saying so on standard error. Spark allows their EXISTS
only in a filter, not in a projection, so each of those runs as its own query (as DVE runs
every filter); the others are evaluated together in one pass.

usage: spark_dischema_findings.py DISCHEMA CSV [REFERENCE_DIR]
"""
import json
import sys

from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType

from dischema import Dischema, local_spark, submitted_rows
from load_reference_data import load_spark


def main() -> None:
    schema = Dischema(sys.argv[1])
    columns = schema.columns
    spark = local_spark("etosc dischema")
    rows = submitted_rows(sys.argv[2], len(columns))
    fields = [StructField("__record_index__", LongType())] + [StructField(name, StringType()) for name in columns]
    frame = spark.createDataFrame(rows, StructType(fields))
    for column, expression in schema.steps:
        frame = frame.withColumn(column, F.expr(expression))
    plain, lookups = schema.split_filters()
    if len(sys.argv) > 3:
        load_spark(spark, schema, sys.argv[3])
    elif lookups:
        print(f"{len(lookups)} filters need reference tables and are not run (no REFERENCE_DIR)", file=sys.stderr)
        lookups = []
    frame = frame.cache()
    failing = frame.select(
        "__record_index__",
        *[F.coalesce(F.expr(f"NOT ({expression})"), F.lit(False)).alias(f"__filter_{index}") for index, (_, expression) in enumerate(plain)],
    ).collect()
    findings = [
        (row["__record_index__"], code)
        for row in failing
        for index, (code, _) in enumerate(plain)
        if row[f"__filter_{index}"]
    ]
    for code, expression in lookups:
        findings += [(row["__record_index__"], code) for row in frame.filter(F.expr(f"NOT ({expression})")).select("__record_index__").collect()]
    findings.sort()
    for record, code in findings:
        print(json.dumps({"record": record, "code": code}))
    spark.stop()


if __name__ == "__main__":
    main()
