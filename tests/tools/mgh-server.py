#!/usr/bin/env python3
# mgh-server.py - a stand-in for AWS Migration Hub's API for tests/cases/push.sh
#
#   mgh-server.py --dir DIR [--tls CERT KEY] [--faults FILE] [--token TOKEN]
#
# Listens on 127.0.0.1 (a port of its own choosing, written to DIR/port),
# and answers the four write operations premig push makes as the service
# does (../shared/reference/aws-spec.md section 2: AWS JSON 1.1, POST /,
# X-Amz-Target AWSMigrationHub.<Op>, 200 with {} on success, errors as
# {"__type": ..., "message": ...}).  Every request is checked first:
#
# - its Signature Version 4 signature, recomputed here with hmac/hashlib
#   from the AWS documentation's algorithm (independently of premig's C
#   signer) with the test key below; scope <date>/<region>/mgh/aws4_request;
#   X-Amz-Date within 5 minutes; with --token, X-Amz-Security-Token signed
#   and equal to it;
# - X-Amz-Target, Content-Type application/x-amz-json-1.1, and the body
#   against the mgh 2017-05-31 model's shapes (section 2.3): required
#   members, no unknown ones, ProgressUpdateStream 1-50 without / : | or
#   controls, MigrationTaskName 1-256 without : or |, ResourceAttributeList
#   1-100 of the type enum with values 1-256 in the documented formats and
#   VM_* only with VM_MANAGER_ID, Task.Status in the enum, StatusDetail at
#   most 500, UpdateDateTime a number, NextUpdateSeconds an integer >= 0;
#   a task must be imported before attributes or state are sent
#   (ResourceNotFoundException otherwise).
#
# Each request is logged to DIR/calls.jsonl as {"t", "op", "task", "result",
# "body"}; result is "ok", the error code sent, "dropped" or "slow".
# --faults FILE: a JSON list of {"op": OP or "*", "action": A, "times": N,
# "seconds": S}; each request takes the first rule of its op with times
# left.  Actions: throttle (ThrottlingException, RetryAfterSeconds S if
# given), 500 (InternalServerError), 503 (ServiceUnavailableException),
# slow (wait S seconds, then answer as usual), drop (read the request, close
# without an answer), denied (AccessDeniedException), home
# (HomeRegionNotSetException), invalid (InvalidInputException), expired
# (ExpiredTokenException, HTTP 403), html (HTTP 200 with a web page, as a
# captive proxy answers), exists (the stream exists already:
# InvalidInputException "... already exists"; the wording is this server's,
# the model does not document one).
import argparse
import datetime
import hashlib
import hmac
import http.server
import json
import os
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse

ACCESS_KEY = "AKIDPREMIGTEST"
SECRET_KEY = "premig/test/secret+key/not+a+real+one"
SERVICE = "mgh"
TYPES = {"IPV4_ADDRESS", "IPV6_ADDRESS", "MAC_ADDRESS", "FQDN", "VM_MANAGER_ID",
         "VM_MANAGED_OBJECT_REFERENCE", "VM_NAME", "VM_PATH", "BIOS_ID",
         "MOTHERBOARD_SERIAL_NUMBER"}
FORMATS = {
    "IPV4_ADDRESS": re.compile(r"^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$"),
    "IPV6_ADDRESS": re.compile(r"^[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4}){7}$"),
    "MAC_ADDRESS": re.compile(r"^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$"),
    "FQDN": re.compile(r"^[^<>{}\\/?,=\x00-\x1f\x7f-\x9f]{1,256}$"),
}
OPS = {
    "CreateProgressUpdateStream": ({"ProgressUpdateStreamName"}, {"DryRun"}),
    "ImportMigrationTask": ({"ProgressUpdateStream", "MigrationTaskName"}, {"DryRun"}),
    "PutResourceAttributes": ({"ProgressUpdateStream", "MigrationTaskName", "ResourceAttributeList"}, {"DryRun"}),
    "NotifyMigrationTaskState": ({"ProgressUpdateStream", "MigrationTaskName", "Task", "UpdateDateTime",
                                  "NextUpdateSeconds"}, {"DryRun"}),
}


class Reject(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def sha256_hex(b):
    return hashlib.sha256(b).hexdigest()


def uri_encode(s, keep_slash):
    safe = "-_.~" + ("/" if keep_slash else "")
    return urllib.parse.quote(s, safe=safe)


def check_signature(method, raw_path, headers, body, region, token):
    """SigV4 as the AWS General Reference describes it, from the request received."""
    auth = headers.get("authorization", "")
    m = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                     r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})", auth)
    if not m:
        raise Reject("IncompleteSignatureException", "malformed Authorization header", 403)
    akid, date, sregion, service, signed, signature = m.groups()
    if akid != ACCESS_KEY:
        raise Reject("UnrecognizedClientException", "The security token included in the request is invalid.", 403)
    if service != SERVICE or sregion != region:
        raise Reject("InvalidSignatureException", "credential scope %s/%s, want %s/%s" % (sregion, service, region, SERVICE), 403)
    amz = headers.get("x-amz-date", "")
    try:
        when = datetime.datetime.strptime(amz, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise Reject("IncompleteSignatureException", "no valid X-Amz-Date", 403)
    if amz[:8] != date or abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) > 300:
        raise Reject("InvalidSignatureException", "Signature expired or date not in scope", 403)
    names = signed.split(";")
    for need in ("host", "x-amz-date", "content-type", "x-amz-target"):
        if need not in names:
            raise Reject("InvalidSignatureException", "header %s not signed" % need, 403)
    if token is not None:
        if headers.get("x-amz-security-token") != token or "x-amz-security-token" not in names:
            raise Reject("UnrecognizedClientException", "security token missing or not signed", 403)
    if names != sorted(names):
        raise Reject("InvalidSignatureException", "SignedHeaders not sorted", 403)
    path, _, query = raw_path.partition("?")
    canon_headers = ""
    for n in names:
        if n not in headers:
            raise Reject("InvalidSignatureException", "signed header %s absent" % n, 403)
        canon_headers += n + ":" + " ".join(headers[n].split()) + "\n"
    pairs = sorted((uri_encode(urllib.parse.unquote(k), False), uri_encode(urllib.parse.unquote(v), False))
                   for k, _, v in (p.partition("=") for p in query.split("&") if p))
    creq = "\n".join([method, uri_encode(urllib.parse.unquote(path) or "/", True),
                      "&".join(k + "=" + v for k, v in pairs), canon_headers, signed, sha256_hex(body)])
    scope = "%s/%s/%s/aws4_request" % (date, region, SERVICE)
    sts = "\n".join(["AWS4-HMAC-SHA256", amz, scope, sha256_hex(creq.encode())])
    k = ("AWS4" + SECRET_KEY).encode()
    for part in (date, region, SERVICE, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    want = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, signature):
        raise Reject("InvalidSignatureException",
                     "The request signature we calculated does not match the signature you provided.", 403)


def pattern_len(s):
    if not isinstance(s, str) or any(c in s for c in "\n\r\x85\u2028\u2029"):
        return -1
    return len(s)


def check_stream(name):
    if not (1 <= pattern_len(name) <= 50) or re.search(r"[/:|\x00-\x1f]", name):
        raise Reject("InvalidInputException", "bad ProgressUpdateStream %r" % (name,))


def check_task(name):
    if not (1 <= pattern_len(name) <= 256) or re.search(r"[:|]", name):
        raise Reject("InvalidInputException", "bad MigrationTaskName %r" % (name,))


def check_body(op, body):
    need, optional = OPS[op]
    if not isinstance(body, dict):
        raise Reject("SerializationException", "body is not a JSON object")
    missing = need - set(body)
    extra = set(body) - need - optional
    if missing or extra:
        raise Reject("InvalidInputException", "missing %s, unknown %s" % (sorted(missing), sorted(extra)))
    if op == "CreateProgressUpdateStream":
        check_stream(body["ProgressUpdateStreamName"])
        return
    check_stream(body["ProgressUpdateStream"])
    check_task(body["MigrationTaskName"])
    if op == "PutResourceAttributes":
        lst = body["ResourceAttributeList"]
        if not isinstance(lst, list) or not 1 <= len(lst) <= 100:
            raise Reject("InvalidInputException", "ResourceAttributeList must hold 1 to 100")
        types = set()
        for a in lst:
            if not isinstance(a, dict) or set(a) != {"Type", "Value"} or a["Type"] not in TYPES:
                raise Reject("InvalidInputException", "bad ResourceAttribute %r" % (a,))
            if not 1 <= pattern_len(a["Value"]) <= 256:
                raise Reject("InvalidInputException", "bad value length %r" % (a,))
            f = FORMATS.get(a["Type"])
            if f and not f.match(a["Value"]):
                raise Reject("InvalidInputException", "value not in the %s format: %r" % (a["Type"], a["Value"]))
            types.add(a["Type"])
        if any(t.startswith("VM_") for t in types) and "VM_MANAGER_ID" not in types:
            raise Reject("InvalidInputException", "VM_* without VM_MANAGER_ID")
    if op == "NotifyMigrationTaskState":
        t = body["Task"]
        if not isinstance(t, dict) or t.get("Status") not in ("NOT_STARTED", "IN_PROGRESS", "FAILED", "COMPLETED") \
                or set(t) - {"Status", "StatusDetail", "ProgressPercent"}:
            raise Reject("InvalidInputException", "bad Task %r" % (t,))
        if "StatusDetail" in t and not 0 <= pattern_len(t["StatusDetail"]) <= 500:
            raise Reject("InvalidInputException", "StatusDetail longer than 500")
        if not isinstance(body["UpdateDateTime"], (int, float)) or isinstance(body["UpdateDateTime"], bool):
            raise Reject("InvalidInputException", "UpdateDateTime must be epoch seconds")
        n = body["NextUpdateSeconds"]
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise Reject("InvalidInputException", "NextUpdateSeconds must be an integer >= 0")


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.faults = []
        if args.faults:
            with open(args.faults) as f:
                self.faults = json.load(f)
        self.streams = set()
        self.tasks = set()
        self.log = open(os.path.join(args.dir, "calls.jsonl"), "a", buffering=1)

    def fault(self, op):
        with self.lock:
            for r in self.faults:
                if r.get("op", "*") in ("*", op) and r.get("times", 1) > 0:
                    r["times"] = r.get("times", 1) - 1
                    return r
        return None

    def record(self, op, body, result):
        task = body.get("MigrationTaskName") if isinstance(body, dict) else None
        self.log.write(json.dumps({"t": time.time(), "op": op, "task": task, "result": result,
                                   "body": body}) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def setup(self):
        super().setup()
        # one reply is two writes (headers, body): without this, Nagle and
        # the client's delayed ACK hold each reply ~40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def reply(self, status, obj, extra=None):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, code, message, status=400, extra=None):
        obj = {"__type": code, "message": message}
        obj.update(extra or {})
        self.reply(status, obj, {"x-amzn-ErrorType": code})

    def do_POST(self):
        st = self.server.state
        n = int(self.headers.get("Content-Length") or 0)
        if n > 1 << 20:
            self.close_connection = True
            return
        raw = self.rfile.read(n)
        headers = {k.lower(): v for k, v in self.headers.items()}
        target = headers.get("x-amz-target", "")
        op = target[len("AWSMigrationHub."):] if target.startswith("AWSMigrationHub.") else None
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        try:
            check_signature("POST", self.path, headers, raw, st.args.region, st.args.token)
            if op not in OPS:
                raise Reject("UnknownOperationException", "X-Amz-Target %r" % target)
            if headers.get("content-type") != "application/x-amz-json-1.1":
                raise Reject("SerializationException", "Content-Type %r" % headers.get("content-type"))
            if body is None:
                raise Reject("SerializationException", "body is not JSON")
            check_body(op, body)
        except Reject as e:
            st.record(op, body, e.code)
            self.error(e.code, e.message, e.status)
            return
        f = st.fault(op)
        if f:
            a = f["action"]
            if a == "drop":
                st.record(op, body, "dropped")
                self.close_connection = True
                return
            if a == "html":
                # what a captive proxy or a wrong endpoint answers: 200, a page
                st.record(op, body, "html")
                data = b"<html><body>Welcome</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            if a == "slow":
                st.record(op, body, "slow")
                time.sleep(f.get("seconds", 2))
            else:
                errors = {
                    "throttle": ("ThrottlingException", "Rate exceeded", 400),
                    "500": ("InternalServerError", "internal error", 500),
                    "503": ("ServiceUnavailableException", "service unavailable", 503),
                    "denied": ("AccessDeniedException", "User: arn:aws:iam::123456789012:user/test is not"
                               " authorized to perform: mgh:%s" % op, 400),
                    "home": ("HomeRegionNotSetException", "The home region is not set. Set the home region"
                             " to continue.", 400),
                    "invalid": ("InvalidInputException", "invalid input", 400),
                    "expired": ("ExpiredTokenException", "The security token included in the request is"
                                " expired", 403),
                    "exists": ("InvalidInputException", "Progress update stream %s already exists"
                               % body.get("ProgressUpdateStreamName"), 400),
                }
                code, msg, status = errors[a]
                if a == "exists":
                    st.streams.add(body["ProgressUpdateStreamName"])
                extra = {"RetryAfterSeconds": f["seconds"]} if a == "throttle" and "seconds" in f else None
                st.record(op, body, code)
                self.error(code, msg, status, extra)
                return
        if op == "CreateProgressUpdateStream":
            st.streams.add(body["ProgressUpdateStreamName"])
        else:
            if body["ProgressUpdateStream"] not in st.streams:
                st.record(op, body, "ResourceNotFoundException")
                self.error("ResourceNotFoundException", "no such stream")
                return
            key = (body["ProgressUpdateStream"], body["MigrationTaskName"])
            if op == "ImportMigrationTask":
                st.tasks.add(key)
            elif key not in st.tasks:
                st.record(op, body, "ResourceNotFoundException")
                self.error("ResourceNotFoundException", "task not imported")
                return
        st.record(op, body, "ok")
        self.reply(200, {})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--region", default="us-west-2")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--faults")
    ap.add_argument("--token")
    args = ap.parse_args()
    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    srv.state = State(args)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
