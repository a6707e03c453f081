#!/usr/bin/env python3
"""Writes national-size reference data in the published layouts, for load benchmarks.

    make-reference-data.py DIR [POSTCODES] [PRACTICES]

DIR/published/ONSPD_BENCH_UK.csv  an ONS Postcode Directory shape: a header of lower-case
                                  names, 55 columns, POSTCODES rows (default 2,700,000)
DIR/published/epraccur.csv        an ODS epraccur shape: 27 quoted fields, PRACTICES rows
                                  (default 12,000; the full file has about that many)
DIR/simple/ons-postcode-directory.csv and ods-organisations.csv
                                  the same codes in the project's own code,start,end layout,
                                  the reference run

Values are made up (seeded), only the shapes follow the public descriptions.
"""
import os
import random
import sys

COLUMNS = ("pcd pcd2 pcds dointr doterm oscty ced oslaua osward parish usertype oseast1m osnrth1m "
           "osgrdind oshlthau nhser ctry rgn streg pcon eer teclec ttwa pct itl statsward oa01 casward "
           "park lsoa01 msoa01 ur01ind oac01 oa11 lsoa11 msoa11 wz11 sicbl bua24 ru11ind oac11 lat long "
           "lep1 lep2 pfa imd calncv icb oa21 lsoa21 msoa21 ruc21ind bua11 buasd11").split()
LETTERS = "ABCDEFGHJKLMNOPRSTUWYZ"


def postcodes(count, rng):
    seen = set()
    while len(seen) < count:
        area = rng.choice(LETTERS) + rng.choice(LETTERS + " ").strip()
        outward = f"{area}{rng.randint(1, 99)}"
        code = f"{outward} {rng.randint(0, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
        if code not in seen:
            seen.add(code)
            yield code


def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2_700_000
    practices = int(sys.argv[3]) if len(sys.argv) > 3 else 12_000
    rng = random.Random(1)
    os.makedirs(f"{root}/published", exist_ok=True)
    os.makedirs(f"{root}/simple", exist_ok=True)
    with open(f"{root}/published/ONSPD_BENCH_UK.csv", "w", newline="") as onspd, \
         open(f"{root}/simple/ons-postcode-directory.csv", "w", newline="") as simple:
        onspd.write(",".join(COLUMNS) + "\r\n")
        simple.write("code,start,end\n")
        for code in postcodes(count, rng):
            outward, inward = code.split(" ")
            pcd = f"{outward:<4}{inward}"
            introduced = f"{rng.randint(1980, 2024)}{rng.randint(1, 12):02d}"
            terminated = "" if rng.random() < 0.8 else f"{rng.randint(int(introduced[:4]), 2025)}12"
            row = [pcd, f"{outward:<5}{inward}", code, introduced, terminated]
            row += [f"E{rng.randint(10000000, 99999999)}" for _ in range(len(COLUMNS) - 9)]
            row += [f"{rng.uniform(49.9, 58.7):.6f}", f"{rng.uniform(-6.4, 1.8):.6f}", "E37000001", "E37000002"]
            onspd.write(",".join(f'"{value}"' for value in row) + "\r\n")
            end = f"{terminated[:4]}-12-31" if terminated else ""
            simple.write(f"{code},{introduced[:4]}-{introduced[4:]}-01,{end}\n")
    with open(f"{root}/published/epraccur.csv", "w", newline="") as ods, \
         open(f"{root}/simple/ods-organisations.csv", "w", newline="") as simple:
        simple.write("code,start,end\n")
        for number in range(practices):
            code = f"{rng.choice(LETTERS)}{number:05d}"
            opened = f"{rng.randint(1974, 2020)}0401"
            closed = "" if rng.random() < 0.85 else f"{rng.randint(int(opened[:4]) + 1, 2025)}0331"
            fields = [code, f"PRACTICE {number}", "Y56", "QWO", "1 HIGH STREET", "", "", "LEEDS", "", "LS1 4AP",
                      opened, closed, "A", "B", "RR8", "", "", "0113 000 0000", "", "", "", "", "", "", "", "4", ""]
            ods.write(",".join(f'"{value}"' for value in fields) + "\r\n")
            end = f"{closed[:4]}-03-31" if closed else ""
            simple.write(f"{code},{opened[:4]}-04-01,{end}\n")


if __name__ == "__main__":
    main()
