#!/bin/sh
# seeds for fuzz-zeek-conn: the conn.log of Zeek's documentation in both
# forms (tests/flows), and the JSON one gzip'd
set -u
cp "$TOP/tests/flows/conn.log" "$1/conn.log"
cp "$TOP/tests/flows/conn.json.log" "$1/conn.json.log"
gzip -c "$TOP/tests/flows/conn.json.log" >"$1/conn.json.log.gz"
