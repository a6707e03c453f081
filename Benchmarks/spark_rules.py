"""Apache Spark running the spec's rules as SQL, for the validation benchmark: the filters of
the Spark dischema `etosc export --dialect spark` writes (uniqueness included) counted in one
pass over the CSV, Spark local[2] (both cores). With REFERENCE_DIR (`etosc export --format
reference-data`) the reference-data rules run too, one query each (Spark allows their EXISTS
only in a filter); without it they are left out.
Start-up (the JVM and the session, a few seconds) is part of the figure, as it is for every
row of the benchmark.

usage: spark_rules.py DISCHEMA CSV [REFERENCE_DIR]   prints the failing records per code
"""
import os
import sys

from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from dischema import Dischema, local_spark  # noqa: E402
from load_reference_data import load_spark  # noqa: E402


def main() -> None:
    schema = Dischema(sys.argv[1])
    spark = local_spark("etosc rules benchmark", {"spark.driver.memory": "4g"})
    # Every column as text; rows with the wrong field count are dropped (etosc reports them
    # as file rejections).
    frame = spark.read.csv(sys.argv[2], header=True, mode="DROPMALFORMED",
                           schema=StructType([StructField(name, StringType()) for name in schema.columns]))
    for column, expression in schema.steps:
        frame = frame.withColumn(column, F.expr(expression))
    plain, lookups = schema.split_filters()
    if len(sys.argv) > 3:
        load_spark(spark, schema, sys.argv[3])
        frame = frame.cache()
    else:
        lookups = []
    counts = [F.sum(F.when(F.expr(f"NOT ({expression})"), 1).otherwise(0)).alias(f"f{index}") for index, (_, expression) in enumerate(plain)]
    row = frame.agg(F.count(F.lit(1)).alias("records"), *counts).collect()[0]
    print(f"records {row['records']}")
    failing = [(code, row[f"f{index}"]) for index, (code, _) in enumerate(plain)]
    failing += [(code, frame.filter(F.expr(f"NOT ({expression})")).count()) for code, expression in lookups]
    for code, count in failing:
        if count:
            print(f"{code} {count}")
    spark.stop()


if __name__ == "__main__":
    main()
