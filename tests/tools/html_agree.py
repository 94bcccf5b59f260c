#!/usr/bin/env python3
"""html_agree.py REPORT.html REPORT.json - the HTML report says what the JSON
report says of each host.  The HTML report reads the store its own way, a
few queries over all hosts (report/html.c), not report_hosts' tree (report/
json.c): this compares every value of its two data blocks (html.js's H_*
and X_* positions) with the JSON report of the same store.  Prints one line
per disagreement (at most 20) and exits 1 when there is any.
"""
import json
import re
import sys

VERDICTS = ["ready", "ready-with-conditions", "unknown", "not-ready"]


def block(html, name):
    m = re.search(r'<script type="application/json" id="%s">(.*?)</script>' % name, html, re.S)
    return json.loads(m.group(1))


def main(html_path, json_path):
    html = open(html_path, encoding="utf-8").read()
    data, detail = block(html, "premig-data"), block(html, "premig-detail")
    hosts = json.load(open(json_path, encoding="utf-8"))["hosts"]
    V, RULES, FACTS = detail["V"], detail["rules"], detail["facts"]
    bad = []

    def same(what, got, want):
        if got != want:
            bad.append("%s: html %r, json %r" % (what, got, want))

    same("hosts", len(data["hosts"]), len(hosts))
    for row, x, h in zip(data["hosts"], detail["hosts"], hosts):
        key = h["host_id"]
        os_ = h["os"]
        same(key + " name", row[0], h["hostname"] if isinstance(h["hostname"], str) else key)
        same(key + " key", row[1], key)
        same(key + " os", row[2], os_["pretty_name"] if isinstance(os_["pretty_name"], str) else "")
        same(key + " os short", row[3], "%s %s" % (os_["id"] if isinstance(os_["id"], str) else "?",
                                                  os_["version_id"] if isinstance(os_["version_id"], str) else ""))
        same(key + " boot", row[4], h["boot"]["firmware"])
        same(key + " disks", row[5], len(h["disks"]))
        same(key + " disk bytes", row[6], sum(d["size_bytes"] for d in h["disks"]
                                              if isinstance(d["size_bytes"], int)))
        same(key + " ram", row[7], h["hardware"]["ram_mib"])
        assess = h.get("assessments", {})
        same(key + " verdicts", row[8], {p: [VERDICTS.index(a["verdict"]) if a["verdict"] in VERDICTS else 2,
                                             sum(r["status"] == "pass" for r in a["rules"]),
                                             a["blockers"], a["warnings"], a["unknowns"]]
                                         for p, a in assess.items()})
        findings = [V[i] for i in x[0]]
        want = [[p, r["id"], r["severity"], r["title"], r["remediation"], r["rationale"], r["source"],
                 r["status"], r["evidence"], r["reason"]]
                for p, a in sorted(assess.items()) for r in a["rules"] if r["status"] != "pass"]
        same(key + " findings", [RULES[f[0]] + f[1:] for f in findings], want)
        for (section, name), i in zip(FACTS, x[1]):
            if name in ("packages", "services") and not section:
                same(key + " " + name, V[i], len(h[name]))
            else:
                same("%s %s.%s" % (key, section, name), V[i], (h[section] if section else h)[name])
        same(key + " disk rows", V[x[2]], [[d["name"], d["size_bytes"], d["partition_table"], d["model"],
                                           d["boot_code"], d["probe_status"]] for d in h["disks"]])
        same(key + " nics", V[x[3]], [[n["name"], n["mac"], n["state"], " ".join(n["addresses"])]
                                      for n in h["nics"]])
        same(key + " filesystems", V[x[4]], [[f["mountpoint"], f["fstype"], f["source"], f["size_bytes"],
                                              f["avail_bytes"], f["options"]] for f in h["filesystems"]])
        same(key + " collectors", V[x[5]], [[c["name"], c["status"], c["reason"]] for c in h["collectors"]
                                            if c["status"] != "ok"])
        deps, want = h["dependencies"], {}
        for side, peer, short in (("inbound", "client", "in"), ("outbound", "server", "out")):
            if isinstance(deps[side], list):
                want[short] = [
                    [d[peer + "_host"] if isinstance(d[peer + "_host"], str) else d[peer + "_ip"],
                     d["port"], d["protocol"], d["service"], d["confidence"], d["infrastructure"]]
                    for d in deps[side]]
        if isinstance(deps["listeners"], list):
            want["listeners"] = [[s["protocol"], s["address"], s["port"], s["process"]]
                                 for s in deps["listeners"]]
        want["reason"] = deps["reason"]
        want["listeners_reason"] = deps["listeners_reason"]
        same(key + " dependencies", V[x[6]], want)
    for b in bad[:20]:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
