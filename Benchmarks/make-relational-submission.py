#!/usr/bin/env python3
"""Writes a relational submission of the bundled example spec (Spec/IPEDS-v1.0-ETOS.xml) for
the benchmark: PATIENT, REFERRAL and EXAMINATION files, deterministic for a seed, with about
1% of records breaking a rule across tables (orphans, a date before the linked record's) and
the rest valid. The EXAMINATION file comes first in the folder, before its parents'.

Usage: make-relational-submission.py DIR [EXAMINATIONS] [REFERRALS] [PATIENTS] [SEED]
(default 1000000 200000 100000 1)."""
import datetime
import os
import random
import sys


def nhs_number(rng):
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def main():
    out = sys.argv[1]
    examinations, referrals, patients, seed = (list(map(int, sys.argv[2:6])) + [1000000, 200000, 100000, 1][len(sys.argv) - 2:])[:4]
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    start = datetime.date(2026, 1, 1)
    births = []
    with open(os.path.join(out, "patient.csv"), "w", newline="") as f:
        f.write("LOCAL PATIENT IDENTIFIER,NHS NUMBER,PERSON BIRTH DATE,PERSON STATED GENDER CODE\n")
        for n in range(patients):
            birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(90 * 365))
            births.append(birth)
            f.write(f"P{n:07d},{nhs_number(rng)},{birth.isoformat()},{rng.choice('129X')}\n")
    received = []
    with open(os.path.join(out, "referral.csv"), "w", newline="") as f:
        f.write("REFERRAL IDENTIFIER,LOCAL PATIENT IDENTIFIER,REFERRAL REQUEST RECEIVED DATE,PRIORITY TYPE CODE\n")
        for n in range(referrals):
            patient = n % patients if n < patients else rng.randrange(patients)
            date = start + datetime.timedelta(days=rng.randrange(120))
            received.append(date)
            link = f"P{patient:07d}" if rng.random() > 0.005 else f"Q{patient:07d}"  # an orphan
            f.write(f"R{n:08d},{link},{date.isoformat()},{rng.choice('123')}\n")
    with open(os.path.join(out, "examination.csv"), "w", newline="") as f:
        f.write("EXAMINATION IDENTIFIER,REFERRAL IDENTIFIER,LOCAL PATIENT IDENTIFIER,DIAGNOSTIC TEST DATE,IMAGING CODE (NICIP)\n")
        for n in range(examinations):
            referral = n % referrals if n < referrals else rng.randrange(referrals)
            roll = rng.random()
            days = rng.randrange(60) if roll > 0.005 else -3  # before the referral
            date = received[referral] + datetime.timedelta(days=days)
            link = f"R{referral:08d}" if roll < 0.995 or roll > 0.9975 else f"S{referral:08d}"  # an orphan
            f.write(f"E{n:09d},{link},P{referral % patients:07d},{date.isoformat()},{rng.choice(['XCHES', 'MCHEST', 'UABDO', 'CHEAD'])}\n")


main()
