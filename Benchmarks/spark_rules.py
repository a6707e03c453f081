"""Apache Spark running the spec's rules as SQL, for the validation benchmark: the filters of
the Spark dischema `etosc export --dialect spark` writes (every rule that needs no reference
data, uniqueness included) counted in one pass over the CSV, Spark local[2] (both cores).
Start-up (the JVM and the session, a few seconds) is part of the figure, as it is for every
row of the benchmark.

usage: spark_rules.py DISCHEMA CSV   prints the failing records per code
"""
import os
import sys

from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from dischema import Dischema, local_spark  # noqa: E402


def main() -> None:
    schema = Dischema(sys.argv[1])
    spark = local_spark("etosc rules benchmark", {"spark.driver.memory": "4g"})
    # Every column as text; rows with the wrong field count are dropped (etosc reports them
    # as file rejections).
    frame = spark.read.csv(sys.argv[2], header=True, mode="DROPMALFORMED",
                           schema=StructType([StructField(name, StringType()) for name in schema.columns]))
    for column, expression in schema.steps:
        frame = frame.withColumn(column, F.expr(expression))
    counts = [F.sum(F.when(F.expr(f"NOT ({expression})"), 1).otherwise(0)).alias(f"f{index}") for index, (_, expression) in enumerate(schema.filters)]
    row = frame.agg(F.count(F.lit(1)).alias("records"), *counts).collect()[0]
    print(f"records {row['records']}")
    for index, (code, _) in enumerate(schema.filters):
        if row[f"f{index}"]:
            print(f"{code} {row[f'f{index}']}")
    spark.stop()


if __name__ == "__main__":
    main()
