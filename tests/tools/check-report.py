#!/usr/bin/env python3
# check-report.py - validates premig JSON reports against report/schema.json
#
#   check-report.py SCHEMA PATH...
#
# Each PATH is a report, or a directory searched (recursively) for *.json
# files that are premig reports: an object with "format", "generator"
# ("premig X.Y.Z") and "hosts" (not premig diff's output, whose hosts
# have "old" and "new").  Other JSON files are left alone.  Prints
# "N reports valid" or every error with its file and place; exits 1 when
# a report does not validate (or a PATH given as a file is not a report).
# The validator is python3-jsonschema from Debian (draft 2020-12).
import json
import os
import stat
import sys

import jsonschema


def is_report(doc):
    # "premig VERSION": a golden case's masked copy (tests/lib.sh mask_json),
    # whose report itself is checked where the test wrote it; premig diff's
    # JSON has the same envelope, its hosts each with "old" and "new" scans
    return (isinstance(doc, dict) and "format" in doc and "hosts" in doc
            and isinstance(doc.get("generator"), str) and doc["generator"].startswith("premig ")
            and doc["generator"] != "premig VERSION"
            and not any(isinstance(h, dict) and "new" in h and "old" in h for h in doc["hosts"] or []))


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for top, dirs, names in os.walk(p):
                dirs.sort()
                for n in sorted(names):
                    f = os.path.join(top, n)
                    # fixture trees hold FIFOs and links: regular files only
                    if n.endswith(".json") and stat.S_ISREG(os.lstat(f).st_mode):
                        yield f, False
        else:
            yield p, True


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: check-report.py SCHEMA PATH...\n")
        return 2
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    good = bad = 0
    for path, named in files(sys.argv[2:]):
        try:
            with open(path, "rb") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            if named:
                print("%s: not JSON: %s" % (path, e))
                bad += 1
            continue
        if not is_report(doc):
            if named:
                print("%s: not a premig report" % path)
                bad += 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if not errors:
            good += 1
            continue
        bad += 1
        for e in errors[:20]:
            where = "/".join(str(x) for x in e.absolute_path) or "(top)"
            print("%s: %s: %s" % (path, where, e.message[:300]))
        if len(errors) > 20:
            print("%s: ... %d more errors" % (path, len(errors) - 20))
    print("%d reports valid, %d not" % (good, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
