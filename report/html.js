/*
 * html.js - the HTML report's host table and host details (report/html.c
 * embeds it; the Content-Security-Policy allows this script by its hash).
 * Values from hosts reach the page only through textContent, never as
 * markup.  The table renders only the rows in view, so 50,000 hosts scroll
 * and filter as fast as fifty.  The script runs as soon as the table's data
 * block is in; the details' block (premig-detail, after the script) is read
 * when a host is first opened, once the page is whole.
 */
(function () {
	'use strict';
	var D = JSON.parse(document.getElementById('premig-data').textContent);
	var H = D.hosts, V = null, RULES = null, X = null, FACTS = null;
	/* positions in a host's row of the table (report/html.c add_host) */
	var H_NAME = 0, H_KEY = 1, H_OS = 2, H_OSSHORT = 3, H_BOOT = 4, H_NDISKS = 5, H_DISKBYTES = 6,
		H_RAM = 7, H_ASSESS = 8;
	/* and in its details */
	var X_FINDINGS = 0, X_FACTS = 1, X_DISKS = 2, X_NICS = 3, X_MOUNTS = 4, X_COLLECTORS = 5,
		X_DEPS = 6;
	var VERDICTS = ['ready', 'ready-with-conditions', 'unknown', 'not-ready'];
	var SEVERITIES = ['blocker', 'warning', 'info'];
	var ROW = 28;

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (text !== undefined && text !== null)
			e.textContent = String(text);
		return e;
	}
	function add(parent, tag, cls, text) {
		var e = el(tag, cls, text);
		parent.appendChild(e);
		return e;
	}
	function size(bytes) {
		if (bytes === null || bytes === undefined)
			return '';
		var u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'], i = 0, v = bytes;
		while (v >= 1024 && i < u.length - 1) {
			v /= 1024;
			i++;
		}
		return (i ? v.toFixed(v < 10 ? 1 : 0) : v) + ' ' + u[i];
	}
	function show(v) {
		if (v === null || v === undefined)
			return '';
		if (typeof v === 'object')
			return JSON.stringify(v);
		return String(v);
	}
	function badge(parent, code) {
		var name = code === null || code === undefined ? 'not assessed' : VERDICTS[code];
		return add(parent, 'span', 'v v-' + (code === null || code === undefined ? 'none' : name), name);
	}
	function table(parent, head, rows) {
		var t = add(parent, 'table', 'grid'), tr = add(t, 'tr');
		head.forEach(function (c) { add(tr, 'th', null, c); });
		rows.forEach(function (r) {
			var row = add(t, 'tr');
			r.forEach(function (c) { add(row, 'td', null, show(c)); });
		});
		return t;
	}

	/* ---- the table ----------------------------------------------------- */

	var profiles = [], seenProfile = {}, oses = [], seenOs = {}, hay = null;
	for (var hi = 0; hi < H.length; hi++) {
		for (var pr in H[hi][H_ASSESS]) {
			if (!seenProfile[pr]) {
				seenProfile[pr] = 1;
				profiles.push(pr);
			}
		}
		if (!seenOs[H[hi][H_OSSHORT]]) {
			seenOs[H[hi][H_OSSHORT]] = 1;
			oses.push(H[hi][H_OSSHORT]);
		}
	}
	/* what a search looks in: made after the table shows (or at the first search), not before */
	function haystack() {
		if (!hay) {
			hay = new Array(H.length);
			for (var i = 0; i < H.length; i++)
				hay[i] = (H[i][H_NAME] + '\u0000' + H[i][H_KEY] + '\u0000' + H[i][H_OS]).toLowerCase();
		}
		return hay;
	}
	profiles.sort();
	oses.sort();

	var q = document.getElementById('q'), fProfile = document.getElementById('f-profile'),
		fVerdict = document.getElementById('f-verdict'), fOs = document.getElementById('f-os'),
		count = document.getElementById('count'), box = document.getElementById('table');
	function option(sel, value, text) {
		var o = add(sel, 'option', null, text);
		o.value = value;
	}
	option(fProfile, '', 'any profile');
	profiles.forEach(function (p) { option(fProfile, p, p); });
	option(fVerdict, '', 'any verdict');
	VERDICTS.forEach(function (v, i) { option(fVerdict, String(i), v); });
	option(fVerdict, 'none', 'not assessed');
	option(fOs, '', 'any OS');
	oses.forEach(function (o) { option(fOs, o, o); });

	var cols = [
		{ name: 'host', key: function (h) { return h[H_NAME]; } },
		{ name: 'OS', key: function (h) { return h[H_OS]; } }
	];
	profiles.forEach(function (p) {
		cols.push({ name: p, profile: p, key: function (h) {
			var a = h[H_ASSESS][p];
			return a ? a[0] : -1;
		} });
	});
	cols.push({ name: 'boot', key: function (h) { return h[H_BOOT] || ''; } });
	cols.push({ name: 'disks', num: 1, key: function (h) { return h[H_NDISKS]; } });
	cols.push({ name: 'disk size', num: 1, key: function (h) { return h[H_DISKBYTES]; } });
	cols.push({ name: 'RAM', num: 1, key: function (h) { return h[H_RAM] === null ? -1 : h[H_RAM]; } });
	box.style.setProperty('--vcols', profiles.map(function () { return '180px'; }).join(' ') || '0');

	var head = add(box, 'div', 'vt-head'), body = add(box, 'div', 'vt-body'),
		spacer = add(body, 'div', 'vt-spacer');
	head.setAttribute('role', 'row');
	body.setAttribute('role', 'rowgroup');
	var sortCol = 0, sortDir = 1, rows = [];
	cols.forEach(function (c, i) {
		var th = add(head, 'div', null, c.name);
		th.setAttribute('role', 'columnheader');
		th.addEventListener('click', function () {
			sortDir = sortCol === i ? -sortDir : 1;
			sortCol = i;
			refresh();
		});
	});

	/* what the controls ask, read once per refresh rather than once per host */
	function wanted() {
		var v = fVerdict.value, p = fProfile.value;
		return { profiles: p ? [p] : profiles, profile: p, os: fOs.value,
			 verdict: v === '' ? undefined : v === 'none' ? null : Number(v),
			 q: q.value.toLowerCase(), hay: q.value ? haystack() : null };
	}
	function matches(i, w) {
		var h = H[i], a = h[H_ASSESS];
		if (w.os && h[H_OSSHORT] !== w.os)
			return false;
		if (w.verdict !== undefined) {
			var any = false;
			for (var k = 0; k < w.profiles.length && !any; k++) {
				var got = a[w.profiles[k]] ? a[w.profiles[k]][0] : null;
				any = got === w.verdict;
			}
			if (!any)
				return false;
		} else if (w.profile && !a[w.profile]) {
			return false;
		}
		return !w.q || w.hay[i].indexOf(w.q) >= 0;
	}
	/*
	 * Each column's order is sorted once, when first asked for; a filter
	 * then walks it and keeps the hosts that match, so that filtering
	 * 50,000 hosts is one pass, not a sort.
	 */
	var orders = [];
	function order(c) {
		if (!orders[c]) {
			var keys = H.map(cols[c].key), idx = new Array(H.length);
			for (var i = 0; i < H.length; i++)
				idx[i] = i;
			idx.sort(function (x, y) {
				var a = keys[x], b = keys[y];
				return a < b ? -1 : a > b ? 1 : x - y;
			});
			orders[c] = idx;
		}
		return orders[c];
	}
	function refresh() {
		var idx = order(sortCol), w = wanted(), n = idx.length, i;
		rows = [];
		if (sortDir > 0) {
			for (i = 0; i < n; i++)
				if (matches(idx[i], w))
					rows.push(idx[i]);
		} else {
			for (i = n - 1; i >= 0; i--)
				if (matches(idx[i], w))
					rows.push(idx[i]);
		}
		Array.prototype.forEach.call(head.children, function (th, j) {
			if (j === sortCol)
				th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
			else
				th.removeAttribute('aria-sort');
		});
		count.textContent = rows.length + ' of ' + H.length + ' hosts';
		spacer.style.height = rows.length * ROW + 'px';
		body.scrollTop = 0;
		render();
	}
	function cell(row, text, cls) {
		var d = add(row, 'div', cls, text);
		d.setAttribute('role', 'cell');
		return d;
	}
	function render() {
		var first = Math.max(0, Math.floor(body.scrollTop / ROW) - 10);
		var last = Math.min(rows.length, first + Math.ceil((body.clientHeight || 600) / ROW) + 20);
		spacer.textContent = '';
		for (var r = first; r < last; r++) {
			var h = H[rows[r]], row = add(spacer, 'div', 'vt-row');
			row.setAttribute('role', 'row');
			row.tabIndex = 0;
			row.dataset.i = rows[r];
			row.style.top = r * ROW + 'px';
			cell(row, h[H_NAME]).title = h[H_KEY];
			cell(row, h[H_OS]);
			profiles.forEach(function (p) {
				badge(cell(row), h[H_ASSESS][p] ? h[H_ASSESS][p][0] : null);
			});
			cell(row, h[H_BOOT] || '');
			cell(row, h[H_NDISKS], 'num');
			cell(row, size(h[H_DISKBYTES]));
			cell(row, h[H_RAM] === null ? '' : size(h[H_RAM] * 1048576));
		}
	}
	body.addEventListener('scroll', render);
	window.addEventListener('resize', render);
	spacer.addEventListener('click', function (e) {
		var row = e.target.closest('.vt-row');
		if (row)
			openHost(Number(row.dataset.i));
	});
	spacer.addEventListener('keydown', function (e) {
		var row = e.target.closest('.vt-row');
		if (row && (e.key === 'Enter' || e.key === ' ')) {
			e.preventDefault();
			openHost(Number(row.dataset.i));
		}
	});
	[q, fProfile, fVerdict, fOs].forEach(function (c) {
		c.addEventListener('input', refresh);
		c.addEventListener('change', refresh);
	});

	/* ---- a host's details --------------------------------------------- */

	var detail = document.getElementById('detail');
	/* then(), once the details' block is read: it is whole when the page is */
	function details(then) {
		if (X)
			return then();
		if (document.readyState === 'loading')
			return document.addEventListener('DOMContentLoaded', function () { details(then); });
		var d = JSON.parse(document.getElementById('premig-detail').textContent);
		V = d.V;
		RULES = d.rules;
		X = d.hosts;
		FACTS = d.facts;
		then();
	}
	function openHost(i) {
		details(function () { showHost(i); });
	}
	function showHost(i) {
		var h = H[i], x = X[i], facts = x[X_FACTS], deps = V[x[X_DEPS]];
		detail.textContent = '';
		detail.hidden = false;
		var title = add(detail, 'h2', null, h[H_NAME]);
		add(title, 'span', 'muted', ' ' + h[H_KEY]);
		var close = add(detail, 'button', 'link', 'close');
		close.addEventListener('click', function () {
			detail.hidden = true;
			history.replaceState(null, '', '#hosts');
		});
		var vs = add(detail, 'p');
		profiles.forEach(function (p) {
			var a = h[H_ASSESS][p];
			add(vs, 'span', null, p + ': ');
			badge(vs, a ? a[0] : null);
			if (a)
				add(vs, 'span', 'muted', ' ' + a[1] + ' rules pass, ' + (a[2] || 0) + ' blockers, ' +
				    (a[3] || 0) + ' warnings, ' + (a[4] || 0) + ' unknown   ');
		});

		add(detail, 'h3', null, 'Findings');
		var fs = x[X_FINDINGS].map(function (k) { return V[k]; });
		if (!fs.length)
			add(detail, 'p', 'muted', Object.keys(h[H_ASSESS]).length ?
			    'Every rule passes.' : 'Not assessed (premig assess).');
		SEVERITIES.forEach(function (sev) {
			/* the failures first, then what could not be decided */
			var these = fs.filter(function (f) { return RULES[f[0]][2] === sev; })
				.sort(function (a, b) { return (a[1] === 'fail' ? 0 : 1) - (b[1] === 'fail' ? 0 : 1); });
			if (!these.length)
				return;
			var s = add(detail, 'div', 'sev');
			add(s, 'h4', null, sev + ' (' + these.length + ')');
			these.forEach(function (f) {
				var r = RULES[f[0]], src = r[6], d = add(s, 'div', 'finding s-' + sev);
				var t = add(d, 'div');
				add(t, 'span', 'id', r[0] + ' ' + r[1] + ' ');
				add(t, 'b', null, f[1] + ': ');
				add(t, 'span', null, r[3]);
				if (f[3])
					add(d, 'div', null, 'Why unknown: ' + f[3]);
				if (f[2] !== null && f[2] !== undefined) {
					add(d, 'div', 'muted', 'Evidence');
					add(d, 'pre', null, JSON.stringify(f[2], null, 1));
				}
				if (r[4])
					add(d, 'div', null, 'Remediation: ' + r[4]);
				if (src && typeof src === 'object')
					add(d, 'div', 'muted', 'Source: ' + [src.guide, src.quote ? '"' + src.quote + '"' : null,
						src.url].filter(Boolean).join(' - '));
				else if (src)
					add(d, 'div', 'muted', 'Source: ' + show(src));
			});
		});

		var colls = V[x[X_COLLECTORS]];
		add(detail, 'h3', null, 'Collectors that did not run ok');
		if (colls.length)
			table(detail, ['collector', 'status', 'reason'], colls);
		else
			add(detail, 'p', 'muted', 'None: every collector ran ok.');

		add(detail, 'h3', null, 'Facts');
		table(detail, ['fact', 'value'], FACTS.map(function (k, j) {
			return [(k[0] ? k[0] + '.' : '') + k[1], V[facts[j]]];
		}).filter(function (r) { return r[1] !== null; }));
		add(detail, 'h4', null, 'Disks');
		table(detail, ['name', 'size', 'partition table', 'model', 'boot code', 'probe'],
		      V[x[X_DISKS]].map(function (d) { return [d[0], size(d[1]), d[2], d[3], d[4], d[5]]; }));
		add(detail, 'h4', null, 'Filesystems');
		table(detail, ['mountpoint', 'type', 'source', 'size', 'available', 'options'],
		      V[x[X_MOUNTS]].map(function (m) { return [m[0], m[1], m[2], size(m[3]), size(m[4]), m[5]]; }));
		add(detail, 'h4', null, 'Network interfaces');
		table(detail, ['name', 'MAC', 'state', 'addresses'], V[x[X_NICS]]);

		add(detail, 'h3', null, 'Dependencies');
		if (deps.reason)
			add(detail, 'p', 'muted', deps.reason);
		[['in', 'Inbound (clients of this host)', 'client'], ['out', 'Outbound (servers it uses)', 'server']]
			.forEach(function (w) {
				if (!deps[w[0]])
					return;
				add(detail, 'h4', null, w[1] + ': ' + deps[w[0]].length);
				if (deps[w[0]].length)
					table(detail, [w[2], 'port', 'protocol', 'service', 'confidence', 'infrastructure'],
					      deps[w[0]]);
			});
		add(detail, 'h4', null, 'Listening sockets');
		if (deps.listeners)
			table(detail, ['protocol', 'address', 'port', 'process'], deps.listeners);
		else if (deps.listeners_reason)
			add(detail, 'p', 'muted', deps.listeners_reason);
		if (location.hash !== '#host=' + encodeURIComponent(h[H_KEY]))
			history.replaceState(null, '', '#host=' + encodeURIComponent(h[H_KEY]));
		detail.scrollIntoView();
	}

	refresh();
	/* the search's haystack as soon as the table is shown: ready before a reader types */
	setTimeout(haystack, 0);
	var m = /^#host=(.*)$/.exec(location.hash);
	if (m) {
		var key = decodeURIComponent(m[1]);
		for (var i = 0; i < H.length; i++)
			if (H[i][H_KEY] === key)
				openHost(i);
	}
	window.premigReady = true;
	window.premigOpenHost = function (key) {
		for (var i = 0; i < H.length; i++)
			if (H[i][H_KEY] === key) {
				openHost(i);
				return true;
			}
		return false;
	};
})();
