"""Runs a dischema exported by etosc through NHS England's data-validation-engine (DVE)
DuckDB pipeline (or, with --engine spark, its Spark pipeline on a local[2] session, for a
dischema exported with --dialect spark) on one CSV submission, and compares the error codes
per record with the findings `etosc validate --format jsonl` wrote for the same file.

With --reference-data (the tables `etosc export --format reference-data` writes) the
reference-data rules run too: the tables are loaded into the pipeline's DuckDB connection or
Spark session under the names the filters read. Without it those filters are left out.

usage: dve_compare.py DISCHEMA CSV ETOSC_JSONL WORKDIR [--engine duckdb|spark] [--reference-data DIR]
Prints agreements and disagreements; exits 1 when they disagree on an exported code.
"""
import argparse
import json
import os
import shutil
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
from dve.core_engine.backends.implementations.duckdb.auditing import DDBAuditingManager
from dve.pipeline.duckdb_pipeline import DDBDVEPipeline

from dischema import Dischema
from load_reference_data import load_duckdb, load_spark


def prepare(dischema: Path, csv: Path, work: Path, reference: Path | None) -> tuple[Path, Path, Path, Path]:
    """DVE's folders for one run: (work, submitted, processed, rules file); without reference
    tables, the rules file leaves out the filters that read them."""
    work = work.resolve()
    if work.exists():
        shutil.rmtree(work)
    submitted, processed = work / "submitted", work / "processed"
    submitted.mkdir(parents=True)
    processed.mkdir()
    entity = next(iter(json.loads(dischema.read_text())["contract"]["datasets"]))
    shutil.copy(csv, submitted / f"{entity}.csv")
    (submitted / f"{entity}.metadata.json").write_text(
        json.dumps({"dataset_id": entity, "file_name": entity, "file_extension": "csv"})
    )
    rules = work / "rules.dischema.json"
    document = json.loads(dischema.read_text())
    if reference is None:
        lookups = Dischema(str(dischema))
        filters = document["transformations"]["filters"]
        document["transformations"]["filters"] = [f for f in filters if not lookups.reads_reference_data(f["expression"])]
        document["transformations"].pop("reference_data", None)
    rules.write_text(json.dumps(document, indent=2))
    return work, submitted, processed, rules


def run_stages(pipeline) -> None:
    """The stages cluster_pipeline_run chains, without the final error-report step (an Excel
    report; its audit write blocks with a second connection). Findings are in the stages'
    errors/*.jsonl files."""
    with ThreadPoolExecutor(2) as pool:
        received, _ = pipeline.audit_received_file_step(pool, pipeline._get_submission_files_for_run())
        transformed, _ = pipeline.file_transformation_step(pool, received)
        passed, _ = pipeline.data_contract_step(pool, transformed)
        pipeline.business_rule_step(pool, passed)


def findings_of(processed: Path) -> dict[int, set[str]]:
    """DVE's findings: record number → error codes."""
    errors = list(processed.glob("*/processing_errors/*.jsonl"))
    if errors:
        sys.exit("DVE could not process the file:\n" + "\n".join(p.read_text() for p in errors))
    findings: dict[int, set[str]] = defaultdict(set)
    for path in processed.glob("*/errors/*.jsonl"):
        for line in path.read_text().splitlines():
            message = json.loads(line)
            # A message with no record is about the file (record 0 here).
            findings[int(message["RecordIndex"] or 0)].add(message["ErrorCode"])
    return findings


def run_dve(dischema: Path, csv: Path, work: Path, reference: Path | None) -> dict[int, set[str]]:
    """DVE's DuckDB pipeline."""
    work, submitted, processed, rules = prepare(dischema, csv, work, reference)
    database = work / "dve.duckdb"
    connection = duckdb.connect(str(database))
    if reference is not None:
        load_duckdb(connection, Dischema(str(dischema)), str(reference))
    # The audit tables get a connection of their own: they are written from another
    # thread while the business rules stream results on the main one.
    with DDBAuditingManager(database.as_uri(), ThreadPoolExecutor(1), connection.cursor()) as audit:
        run_stages(DDBDVEPipeline(
            processed_files_path=processed.as_posix(), audit_tables=audit, job_run_id=1,
            connection=connection, rules_path=rules.as_posix(), submitted_files_path=submitted.as_posix(),
        ))
    return findings_of(processed)


def run_dve_spark(dischema: Path, csv: Path, work: Path, reference: Path | None) -> dict[int, set[str]]:
    """DVE's Spark pipeline, on a local[2] session in UTC; its audit tables as Parquet, so
    Delta Lake's jars (a Maven download) are not needed."""
    from dischema import local_spark
    from dve.core_engine.backends.implementations.spark.auditing import SparkAuditingManager
    from dve.pipeline.spark_pipeline import SparkDVEPipeline

    work, submitted, processed, rules = prepare(dischema, csv, work, reference)
    # Spark's Python workers must be this interpreter (the virtual environment holding DVE).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = local_spark("dve compare", {"spark.sql.warehouse.dir": (work / "warehouse").as_posix()})
    if reference is not None:
        load_spark(spark, Dischema(str(dischema)), str(reference))
    with SparkAuditingManager("dve_audit", ThreadPoolExecutor(1), spark, table_format="parquet") as audit:
        run_stages(SparkDVEPipeline(
            processed_files_path=processed.as_posix(), audit_tables=audit, rules_path=rules.as_posix(),
            submitted_files_path=submitted.as_posix(), spark=spark, job_run_id=1,
        ))
    return findings_of(processed)


def read_etosc(path: Path) -> tuple[dict[int, set[str]], set[str]]:
    """etosc's findings per record, and the codes it could not run."""
    findings: dict[int, set[str]] = defaultdict(set)
    not_run: set[str] = set()
    for line in path.read_text().splitlines():
        entry = json.loads(line)
        if entry.get("type") == "finding":
            findings[int(entry.get("record") or 0)].add(entry["code"])
        elif entry.get("type") == "summary":
            not_run = {rule["code"] for rule in entry.get("rulesNotRun", [])}
    return findings, not_run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dischema", type=Path)
    parser.add_argument("csv", type=Path)
    parser.add_argument("etosc_jsonl", type=Path)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--reference-data", type=Path, help="the reference tables (etosc export --format reference-data)")
    args = parser.parse_args()

    schema = json.loads(args.dischema.read_text())
    lookups = Dischema(str(args.dischema))
    exported = {f["error_code"] for f in schema["transformations"]["filters"]
                if args.reference_data is not None or not lookups.reads_reference_data(f["expression"])}
    not_exported = {entry["code"]: entry["reason"] for entry in schema["x_etos"]["not_exported"]}
    dve = (run_dve_spark if args.engine == "spark" else run_dve)(args.dischema, args.csv, args.workdir, args.reference_data)
    ours, not_run = read_etosc(args.etosc_jsonl)

    if dve.get(0, set()) - exported and set(dve) == {0}:
        # DVE's CSV reader refused the whole file (rows that do not match the contract) before
        # any rule ran; etosc reports the field-count rule and checks the other records.
        print(f"file: DVE's reader refused the file ({', '.join(sorted(dve[0]))}), so no record is compared; "
              f"etosc reports {', '.join(sorted({c for codes in ours.values() for c in codes} - exported)) or 'nothing'} beside the checks")
        print("summary: 0 findings agree, 0 records disagree (file refused by DVE's reader)")
        return
    agreements = disagreements = 0
    engine_own: dict[str, int] = defaultdict(int)
    for record in sorted(set(dve) | set(ours)):
        # Codes DVE raises itself (its data contract's FieldBlank for a mandatory field, its
        # reader's structure errors) are counted apart; the ETOS codes are compared.
        for code in dve.get(record, set()) - exported:
            engine_own[code] += 1
        theirs = dve.get(record, set()) & exported
        if record == 0 or 0 in dve:
            # DVE's CSV reader refuses a file whose rows do not match the contract before
            # any rule runs; etosc reports the field-count rule and goes on.
            print(f"file: dve={sorted(dve.get(0, set()))} etosc file-level={sorted(ours.get(0, set()))}")
            dve.setdefault(0, set())
            if record == 0:
                continue
        mine = {code for code in ours.get(record, set()) if code in exported}
        skipped = ours.get(record, set()) - exported
        if theirs == mine:
            agreements += len(mine)
            print(f"record {record}: agree {sorted(mine)}" + (f" (etosc also: {sorted(skipped)}, not exported)" if skipped else ""))
        else:
            disagreements += 1
            print(f"record {record}: DISAGREE dve={sorted(theirs)} etosc={sorted(mine)}")
    print(f"{len(exported)} checks exported; {len(not_exported)} rules not exported: "
          + ", ".join(f"{code} ({reason})" for code, reason in sorted(not_exported.items())))
    if not_run:
        print(f"etosc could not run (no reference data given): {', '.join(sorted(not_run))}")
    if engine_own:
        print("DVE's own findings (not ETOS codes): " + ", ".join(f"{code} on {count} records" for code, count in sorted(engine_own.items())))
    print(f"summary: {agreements} findings agree, {disagreements} records disagree")
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
