#!/usr/bin/env python3
"""browser.py - the HTML report in a real browser: Debian's chromium,
headless, driven over the Chrome DevTools Protocol on a pipe
(--remote-debugging-pipe: NUL-terminated JSON messages, commands on fd 3,
replies and events on fd 4), with nothing but the Python standard library.

  browser.py check REPORT.html PNG SEARCH
      loads the report, records what a reader sees, filters the table (mgn,
      not-ready), searches SEARCH and opens the first host found, tries
      requests to a local HTTP server that counts what reaches it, and
      saves a screenshot; prints one JSON object of what it saw
  browser.py timing REPORT.html
      the time from navigation to the table rendered, and for a filter to
      be answered; prints JSON
  browser.py shot REPORT.html PNG [WIDTH HEIGHT]
      a screenshot of the report as a reader first sees it

Exits 1 when chromium cannot be driven.  The assertions are the caller's
(tests/cases/html.sh).
"""
import base64
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TIMEOUT = 120


class Browser:
    def __init__(self, width=1280, height=900):
        self.profile = tempfile.mkdtemp(prefix="premig-chromium-")
        cmd_r, cmd_w = os.pipe()
        out_r, out_w = os.pipe()

        def fds():
            # the child reads commands on fd 3 and writes to fd 4
            a, b = os.dup(cmd_r), os.dup(out_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
        args = [CHROMIUM, "--headless=new", "--remote-debugging-pipe", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--mute-audio",
                "--user-data-dir=" + self.profile, "--window-size=%d,%d" % (width, height),
                "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=fds, pass_fds=(3, 4),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(out_w)
        self.w = os.fdopen(cmd_w, "wb", buffering=0)
        self.r = os.fdopen(out_r, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        att = self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                        session=False)
        self.session = att["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(domain + ".enable")
        # every policy violation, from the first byte of the page on
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": """
            window.premigViolations = [];
            document.addEventListener('securitypolicyviolation', function (e) {
                window.premigViolations.push(e.effectiveDirective + ' ' + e.blockedURI);
            });"""})
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def _read(self):
        while b"\0" not in self.buf:
            chunk = self.r.read(65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def _event(self, m):
        self.events.append(m)
        if m.get("method") == "Page.javascriptDialogOpening":
            # answer it, or the page hangs; the caller sees it in events
            self.send("Page.handleJavaScriptDialog", {"accept": False})

    def send(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        self.w.write(json.dumps(msg).encode() + b"\0")
        return self.next_id

    def call(self, method, params=None, session=True):
        want = self.send(method, params, session)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            m = self._read()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            if "method" in m:
                self._event(m)
        raise RuntimeError("%s: no reply" % method)

    def wait_event(self, name):
        for i, m in enumerate(self.events):
            if m.get("method") == name:
                return self.events.pop(i)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            m = self._read()
            if "method" in m:
                if m["method"] == name:
                    return m
                self._event(m)
        raise RuntimeError("no %s" % name)

    def js(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                           "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def load(self, path):
        self.call("Page.navigate", {"url": "file://" + os.path.abspath(path)})
        self.wait_event("Page.loadEventFired")

    def screenshot(self, png):
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(png, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


class Counter(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):
        Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def check(report, png, search):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    port = srv.server_address[1]
    b = Browser()
    seen = {}
    try:
        b.load(report)
        seen["ready"] = b.js("window.premigReady === true")
        seen["violations_on_load"] = b.js("window.premigViolations.slice()")
        seen["pwned"] = b.js("typeof window.pwned")
        seen["images"] = b.js("document.images.length")
        seen["scripts"] = b.js("document.scripts.length")
        seen["title"] = b.js("document.title")
        seen["count"] = b.js("document.getElementById('count').textContent")
        seen["table_text"] = b.js("document.getElementById('table').innerText")
        seen["summary_text"] = b.js("document.getElementById('summary').innerText")
        seen["groups_text"] = b.js("document.getElementById('groups').innerText")
        seen["svg_nodes"] = b.js("document.querySelectorAll('svg.group circle').length")
        # filter: mgn, not-ready
        b.js("""(function () {
            var p = document.getElementById('f-profile'), v = document.getElementById('f-verdict');
            p.value = 'mgn'; p.dispatchEvent(new Event('change'));
            v.value = '3'; v.dispatchEvent(new Event('change'));
        })()""")
        seen["filtered_count"] = b.js("document.getElementById('count').textContent")
        seen["filtered_rows"] = b.js(
            "Array.from(document.querySelectorAll('.vt-row')).map(function (r) { return r.firstChild.textContent; })")
        b.js("""(function () {
            var o = document.getElementById('f-os'), v = document.getElementById('f-verdict');
            v.value = ''; v.dispatchEvent(new Event('change'));
            o.value = 'centos 6'; o.dispatchEvent(new Event('change'));
        })()""")
        seen["os_count"] = b.js("document.getElementById('count').textContent")
        # sort by RAM, largest first: click its header twice
        seen["sorted_by_ram"] = b.js("""(function () {
            var o = document.getElementById('f-os');
            o.value = ''; o.dispatchEvent(new Event('change'));
            var th = Array.from(document.querySelectorAll('.vt-head > div')).filter(function (d) {
                return d.textContent === 'RAM'; })[0];
            th.click(); th.click();
            var mib = Array.from(document.querySelectorAll('.vt-row')).map(function (r) {
                var t = r.lastChild.textContent.split(' '), u = { MiB: 1, GiB: 1024, TiB: 1048576 };
                return t[0] === '' ? -1 : Number(t[0]) * u[t[1]]; });
            return [th.getAttribute('aria-sort'), mib.length > 5 &&
                mib.every(function (m, i) { return i === 0 || mib[i - 1] >= m; })];
        })()""")
        b.js("""(function () {
            var th = document.querySelector('.vt-head > div'); th.click();
            var p = document.getElementById('f-profile'), v = document.getElementById('f-verdict');
            p.value = ''; p.dispatchEvent(new Event('change'));
            v.value = ''; v.dispatchEvent(new Event('change'));
            var q = document.getElementById('q');
            q.value = %s; q.dispatchEvent(new Event('input'));
        })()""" % json.dumps(search))
        seen["search_count"] = b.js("document.getElementById('count').textContent")
        b.js("document.querySelector('.vt-row') && document.querySelector('.vt-row').click()")
        seen["detail_hidden"] = b.js("document.getElementById('detail').hidden")
        seen["detail_title"] = b.js("(document.querySelector('#detail h2') || {}).textContent")
        seen["detail_text"] = b.js("document.getElementById('detail').innerText")
        seen["pwned_after"] = b.js("typeof window.pwned")
        seen["images_after"] = b.js("document.images.length")
        b.screenshot(png)
        # on paper: no controls, no scrolling table; the summary and the host opened
        b.call("Emulation.setEmulatedMedia", {"media": "print"})
        seen["print"] = b.js("""['.controls', '#table', '#summary', '#detail', '#groups'].map(function (s) {
            return s + ' ' + getComputedStyle(document.querySelector(s)).display; })""")
        b.call("Emulation.setEmulatedMedia", {"media": ""})
        # the policy: nothing may leave the page
        seen["violations_before"] = b.js("window.premigViolations.slice()")
        url = "http://127.0.0.1:%d/" % port
        seen["fetch"] = b.js("fetch(%s).then(function () { return 'loaded'; }, function () { return 'blocked'; })"
                             % json.dumps(url + "fetch"))
        b.js("""(function () {
            var i = new Image(); i.src = %s; document.body.appendChild(i);
            var s = document.createElement('script'); s.src = %s; document.body.appendChild(s);
            var l = document.createElement('link'); l.rel = 'stylesheet'; l.href = %s; document.head.appendChild(l);
            var f = document.createElement('iframe'); f.src = %s; document.body.appendChild(f);
            var e = document.createElement('div'); e.setAttribute('onclick', 'window.pwned = 2'); document.body.appendChild(e); e.click();
            var t = document.createElement('script'); t.textContent = 'window.pwned = 3'; document.body.appendChild(t);
        })()""" % (json.dumps(url + "img"), json.dumps(url + "script"), json.dumps(url + "css"),
                   json.dumps(url + "frame")))
        time.sleep(1.5)
        b.js("1")
        seen["csp_violations"] = b.js("window.premigViolations.slice()")
        seen["inline_script_ran"] = b.js("window.pwned !== undefined")
        seen["server_hits"] = list(Counter.hits)
        seen["dialogs"] = [m["params"].get("message") for m in b.events
                           if m.get("method") == "Page.javascriptDialogOpening"]
        # chromium announces a request, then fails it when the policy blocks it
        blocked = {m["params"]["requestId"] for m in b.events
                   if m.get("method") == "Network.loadingFailed"
                   and m["params"].get("blockedReason") == "csp"}
        seen["csp_blocked"] = len(blocked)
        seen["network"] = sorted({m["params"]["request"]["url"] for m in b.events
                                  if m.get("method") == "Network.requestWillBeSent"
                                  and m["params"]["requestId"] not in blocked
                                  and not m["params"]["request"]["url"].startswith(("file:", "data:"))})
        seen["exceptions"] = [m["params"]["exceptionDetails"].get("text") for m in b.events
                              if m.get("method") == "Runtime.exceptionThrown"]
    finally:
        b.close()
        srv.shutdown()
    print(json.dumps(seen, indent=1))


def timing(report):
    b = Browser()
    try:
        t0 = time.time()
        b.call("Page.navigate", {"url": "file://" + os.path.abspath(report)})
        while not b.js("window.premigReady === true && document.querySelectorAll('.vt-row').length > 0"):
            time.sleep(0.05)
            if time.time() - t0 > TIMEOUT:
                raise RuntimeError("the table never rendered")
        t1 = time.time()
        # a filter answered: the work runs synchronously in the event handler
        ms = b.js("""(function () {
            var t = performance.now(), v = document.getElementById('f-verdict');
            v.value = '3'; v.dispatchEvent(new Event('change'));
            var q = document.getElementById('q'); q.value = '9'; q.dispatchEvent(new Event('input'));
            document.querySelectorAll('.vt-row').length;
            return performance.now() - t;
        })()""")
        t2 = time.time()
        out = {"rendered_s": round(t1 - t0, 3), "filter_ms": round(ms, 1),
               "interactive_s": round(t2 - t0, 3),
               "count": b.js("document.getElementById('count').textContent")}
    finally:
        b.close()
    print(json.dumps(out))


def shot(report, png, width=1280, height=900):
    b = Browser(width, height)
    try:
        b.load(report)
        b.screenshot(png)
        # on paper: no controls, no scrolling table; the summary and the host opened
        b.call("Emulation.setEmulatedMedia", {"media": "print"})
        seen["print"] = b.js("""['.controls', '#table', '#summary', '#detail', '#groups'].map(function (s) {
            return s + ' ' + getComputedStyle(document.querySelector(s)).display; })""")
        b.call("Emulation.setEmulatedMedia", {"media": ""})
    finally:
        b.close()


def main(argv):
    try:
        if len(argv) == 5 and argv[1] == "check":
            check(argv[2], argv[3], argv[4])
        elif len(argv) == 3 and argv[1] == "timing":
            timing(argv[2])
        elif len(argv) in (4, 6) and argv[1] == "shot":
            shot(argv[2], argv[3], *[int(x) for x in argv[4:6]])
        else:
            sys.stderr.write(__doc__)
            return 2
    except (RuntimeError, OSError) as e:
        sys.stderr.write("browser.py: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
