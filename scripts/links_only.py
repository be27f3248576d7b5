#!/usr/bin/env python3
"""Copies the rows of a tweets file that carry links and are not retweets:

    links_only.py IN.csv OUT.csv

The coordination-network-toolkit's CSV input splits the urls cell on spaces, so tweets
without links share the "link" '' and its co-link joins them all; given only these rows,
it computes exactly its network of real links (scripts/check_coordination.sh and
scripts/bench_coordination.sh use it).
"""
import csv, sys
csv.field_size_limit(1 << 30)
r = csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""))
w = csv.DictWriter(open(sys.argv[2], "w", newline="", encoding="utf-8"), fieldnames=r.fieldnames, quoting=csv.QUOTE_ALL)
w.writeheader()
for row in r:
    if row.get("urls", "") not in ("", "[]") and row.get("is_retweet", "").lower() != "true":
        w.writerow(row)
