#!/usr/bin/env python3
"""check-export.py - checks premig's export files against the store, with
Python's csv and sqlite3 modules only (never premig's own code).

  check-export.py hub DB FILE...   the Migration Hub import CSV (one file, or
                                   the numbered parts of a split one)
  check-export.py mgn DB FILE      the MGN import file

Each prints one line per problem and exits 1 if there was any; else prints
a summary and exits 0.  The rules come from ../shared/reference/aws-spec.md:
section 1 (the template's 34 columns in the documented order, quoted comma
lists, 10 MB a file, 30 tags, ExternalId the matching key) and section 8
(the MGN columns, a server in one application, an application in one wave,
names 1 to 256 characters matching [^\\s\\x00]( *[^\\s\\x00])*).  The
expected values are read from the store here, by SQL written for this
check: the current scan of each host (its latest finished one), the
addresses but loopback, link-local, unspecified and those two current hosts
hold, the MACs of NICs that are not
virtual, the verdicts per profile and the failed MGN blockers.
"""
import csv
import ipaddress
import os
import re
import sqlite3
import sys

HUB_COLUMNS = [
    "ExternalId", "SMBiosId", "IPAddress", "MACAddress", "HostName",
    "VMware.MoRefId", "VMware.VCenterId", "CPU.NumberOfProcessors", "CPU.NumberOfCores",
    "CPU.NumberOfLogicalCores", "OS.Name", "OS.Version", "VMware.VMName",
    "RAM.TotalSizeInMB", "RAM.UsedSizeInMB.Avg", "RAM.UsedSizeInMB.Max",
    "CPU.UsagePct.Avg", "CPU.UsagePct.Max", "DiskReadsPerSecondInKB.Avg",
    "DiskWritesPerSecondInKB.Avg", "DiskReadsPerSecondInKB.Max", "DiskWritesPerSecondInKB.Max",
    "DiskReadsOpsPerSecond.Avg", "DiskWritesOpsPerSecond.Avg", "DiskReadsOpsPerSecond.Max",
    "DiskWritesOpsPerSecond.Max", "NetworkReadsPerSecondInKB.Avg",
    "NetworkWritesPerSecondInKB.Avg", "NetworkReadsPerSecondInKB.Max",
    "NetworkWritesPerSecondInKB.Max", "Applications", "ApplicationWave", "Tags", "ServerId",
]
NAME_RE = re.compile(r"[^\s\x00]( *[^\s\x00])*\Z")
FORMULA = tuple("=+-@\t\r")
problems = []


def bad(msg):
    problems.append(msg)


def clean(v):
    """a value as the exporter must write it: no comma, no control
    character, a formula start neutralised with a quote"""
    if v is None:
        return ""
    v = "".join(";" if c == "," else " " if ord(c) < 32 or ord(c) == 127 else c for c in str(v))
    return "'" + v if v.startswith(FORMULA) else v


def store(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    hosts = {}
    # an address that two current hosts hold matches no one
    shared = {a for (a,) in db.execute("""
        SELECT a.address FROM hosts h JOIN scans s ON s.id = (SELECT id FROM scans WHERE host_id = h.id
             ORDER BY finished_at IS NULL, started_at DESC, id DESC LIMIT 1)
        JOIN nic_addresses a ON a.scan_id = s.id
        GROUP BY a.address HAVING count(DISTINCT s.id) > 1""")}
    for scan, key, hostname, fqdn, osname, osver, uuid, so, co, th, ram in db.execute("""
        SELECT s.id, h.host_key, i.hostname, i.fqdn, coalesce(o.name, o.id),
               coalesce(o.version_id, o.version), hw.dmi_uuid, hw.cpu_sockets, hw.cpu_cores,
               hw.cpu_threads, hw.ram_mib
        FROM hosts h JOIN scans s ON s.id = (SELECT id FROM scans WHERE host_id = h.id
             ORDER BY finished_at IS NULL, started_at DESC, id DESC LIMIT 1)
        LEFT JOIN identity i ON i.scan_id = s.id LEFT JOIN os o ON o.scan_id = s.id
        LEFT JOIN hardware hw ON hw.scan_id = s.id
        WHERE i.scan_id IS NOT NULL OR o.scan_id IS NOT NULL"""):
        ips = []
        for fam, addr in db.execute("SELECT DISTINCT family, address FROM nic_addresses"
                                    " WHERE scan_id = ? ORDER BY family, address", (scan,)):
            a = ipaddress.ip_address(addr)
            if not (a.is_loopback or a.is_link_local or a.is_unspecified or addr in shared):
                ips.append(addr)
        macs = [m for (m,) in db.execute(
            "SELECT DISTINCT lower(mac) FROM nics WHERE scan_id = ? AND mac IS NOT NULL"
            " AND mac <> '00:00:00:00:00:00' AND NOT coalesce(virtual, 0) ORDER BY 1", (scan,))]
        verdicts = dict(db.execute("SELECT profile, verdict FROM verdicts WHERE scan_id = ?",
                                   (scan,)))
        blockers = [r for (r,) in db.execute(
            "SELECT rule_id FROM findings WHERE scan_id = ? AND profile = 'mgn'"
            " AND severity = 'blocker' AND status = 'fail' ORDER BY rule_id", (scan,))]
        hosts[key] = dict(hostname=hostname, fqdn=fqdn, os=osname, osver=osver, uuid=uuid,
                          cpu=[so, co, th], ram=ram, ips=ips, macs=macs, verdicts=verdicts,
                          blockers=blockers)
    return hosts


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    with open(path, "rb") as f:
        raw = f.read()
    if raw and not raw.endswith(b"\r\n"):
        bad("%s: records do not end in CRLF" % path)
    return rows


def expected_tags(h):
    tags = ["premig-%s:%s" % (p, v) for p, v in sorted(h["verdicts"].items())]
    room = 30 - len(tags)
    b = h["blockers"]
    if len(b) > room:
        tags += ["premig-blocker-%d:%s" % (i + 1, r) for i, r in enumerate(b[:room - 1])]
        tags.append("premig-blockers-more:%d" % (len(b) - (room - 1)))
    else:
        tags += ["premig-blocker-%d:%s" % (i + 1, r) for i, r in enumerate(b)]
    return tags


def check_hub(dbpath, files):
    hosts = store(dbpath)
    seen = {}
    for path in files:
        if os.path.getsize(path) > 10000000:
            bad("%s: %d bytes, over the 10 MB an import file may hold" % (path, os.path.getsize(path)))
        rows = read_csv(path)
        if not rows or rows[0] != HUB_COLUMNS:
            bad("%s: the header is not the template's 34 columns in order: %r" % (path, rows[:1]))
            continue
        for n, row in enumerate(rows[1:], 2):
            where = "%s:%d" % (path, n)
            if len(row) != len(HUB_COLUMNS):
                bad("%s: %d fields" % (where, len(row)))
                continue
            r = dict(zip(HUB_COLUMNS, row))
            key = r["ExternalId"]
            for c, v in r.items():
                if v.startswith(FORMULA):
                    bad("%s: %s %r starts a formula" % (where, c, v))
            h = hosts.get(key)
            if h is None:
                bad("%s: ExternalId %r is no host of the store" % (where, key))
                continue
            if key in seen:
                bad("%s: ExternalId %r again (first %s)" % (where, key, seen[key]))
            seen[key] = where
            want = {
                "SMBiosId": clean(h["uuid"]),
                "IPAddress": ", ".join(clean(a) for a in h["ips"]),
                "MACAddress": ", ".join(clean(m) for m in h["macs"]),
                "HostName": clean(h["fqdn"] or h["hostname"]),
                "CPU.NumberOfProcessors": "" if h["cpu"][0] is None else str(h["cpu"][0]),
                "CPU.NumberOfCores": "" if h["cpu"][1] is None else str(h["cpu"][1]),
                "CPU.NumberOfLogicalCores": "" if h["cpu"][2] is None else str(h["cpu"][2]),
                "OS.Name": clean(h["os"]),
                "OS.Version": clean(h["osver"]),
                "RAM.TotalSizeInMB": "" if h["ram"] is None else str(h["ram"]),
                "Tags": ", ".join(clean(t) for t in expected_tags(h)),
            }
            for c in HUB_COLUMNS:
                if c in ("ExternalId", "Applications", "ApplicationWave"):
                    continue
                if r[c] != want.get(c, ""):
                    bad("%s: %s: got %r, want %r" % (where, c, r[c], want.get(c, "")))
            if r["VMware.MoRefId"] or r["VMware.VCenterId"]:
                bad("%s: a VMware id a guest cannot know" % where)
            for c in ("Applications", "ApplicationWave"):
                if not r[c] or "," in r[c]:
                    bad("%s: %s %r" % (where, c, r[c]))
            if len(r["Tags"].split(", ")) > 30:
                bad("%s: more than 30 tags" % where)
    for key in hosts:
        if key not in seen:
            bad("host %r has no row" % key)
    return "%d servers in %d file(s), every column as the store says" % (len(seen), len(files))


MGN_FIXED = ["mgn:wave:name", "mgn:app:name", "mgn:server:user-provided-id",
             "mgn:server:platform", "mgn:server:fqdn-for-action-framework"]


def check_mgn(dbpath, path):
    hosts = store(dbpath)
    rows = read_csv(path)
    head = rows[0]
    lead = [c for c in head if c in ("mgn:account-id", "mgn:region")]
    if head[:len(lead)] != lead or head[len(lead):len(lead) + 5] != MGN_FIXED:
        bad("%s: header %r" % (path, head))
    tagcols = head[len(lead) + 5:]
    for c in tagcols:
        if not c.startswith("mgn:server:tag:"):
            bad("%s: column %r" % (path, c))
    app_wave, server_app = {}, {}
    for n, row in enumerate(rows[1:], 2):
        where = "%s:%d" % (path, n)
        r = dict(zip(head, row))
        if len(row) != len(head):
            bad("%s: %d fields" % (where, len(row)))
            continue
        key = r["mgn:server:user-provided-id"]
        h = hosts.get(key)
        if h is None:
            bad("%s: user-provided-id %r is no host" % (where, key))
            continue
        if key in server_app:
            bad("%s: server %r twice" % (where, key))
        server_app[key] = r["mgn:app:name"]
        for c in ("mgn:wave:name", "mgn:app:name"):
            v = r[c]
            if not NAME_RE.match(v) or len(v) > 256 or "," in v:
                bad("%s: %s %r does not match MGN's name pattern" % (where, c, v))
        if not 1 <= len(key) <= 256:
            bad("%s: user-provided-id length" % where)
        if app_wave.setdefault(r["mgn:app:name"], r["mgn:wave:name"]) != r["mgn:wave:name"]:
            bad("%s: application %r in two waves" % (where, r["mgn:app:name"]))
        if r["mgn:server:platform"] != "Linux":
            bad("%s: platform %r" % (where, r["mgn:server:platform"]))
        v4 = [a for a in h["ips"] if ":" not in a]
        if r["mgn:server:fqdn-for-action-framework"] != clean(
                h["fqdn"] or h["hostname"] or (v4[0] if v4 else None)):
            bad("%s: fqdn %r" % (where, r["mgn:server:fqdn-for-action-framework"]))
        tags = dict(t.split(":", 1) for t in expected_tags(h))
        for c in tagcols:
            k = c[len("mgn:server:tag:"):]
            if r[c] != clean(tags.get(k, "")):
                bad("%s: %s: got %r, want %r" % (where, c, r[c], tags.get(k, "")))
        notready = h["verdicts"].get("mgn") == "not-ready"
        if notready and not r["mgn:wave:name"].startswith("Remediate first"):
            bad("%s: not-ready server in %r" % (where, r["mgn:wave:name"]))
        for c, v in r.items():
            if v.startswith(FORMULA):
                bad("%s: %s %r starts a formula" % (where, c, v))
    for key in hosts:
        if key not in server_app:
            bad("host %r has no row" % key)
    return "%d servers, %d applications, %d waves" % (
        len(server_app), len(app_wave), len(set(app_wave.values())))


def main():
    kind, dbpath, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    summary = check_hub(dbpath, files) if kind == "hub" else check_mgn(dbpath, files[0])
    for p in problems[:40]:
        print(p)
    if problems:
        print("%d problems" % len(problems))
        return 1
    print(summary)
    return 0


sys.exit(main())
