/*
 * zeekconn.c - Zeek's conn.log, ASCII (TSV) or JSON, plain or gzip (zeekconn.h)
 *
 * The ASCII writer (Zeek's LogAscii) starts with "#separator \x09", then
 * "#set_separator", "#empty_field", "#unset_field", "#path", "#open",
 * "#fields" and "#types" lines, and ends with "#close".  A value equal to
 * the unset field ("-") is unset.  The JSON writer puts each record on a
 * line as an object whose keys are the field names ("id.orig_h"); its ts
 * is a number of seconds, or an ISO 8601 string with
 * LogAscii::json_timestamps set to JSON::TS_ISO8601.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "zeekconn.h"
#include "../../scanner/banned.h"

enum { F_TS, F_ORIG_H, F_ORIG_P, F_RESP_H, F_RESP_P, F_PROTO, F_SERVICE, F_STATE, F_HISTORY,
       F_ORIG_PKTS, F_RESP_PKTS, F_ORIG_BYTES, F_RESP_BYTES, F_N };

/* Conn::Info's names; JSON converters also write id_orig_h */
static const char *const field_names[F_N] = {
	"ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
	"conn_state", "history", "orig_pkts", "resp_pkts", "orig_ip_bytes", "resp_ip_bytes",
};

static int field_index(const char *name)
{
	for (int i = 0; i < F_N; i++) {
		const char *f = field_names[i];
		if (!strcmp(name, f))
			return i;
		/* "id_orig_h" for "id.orig_h" */
		if (!strncmp(f, "id.", 3) && !strncmp(name, "id_", 3) && !strcmp(name + 3, f + 3))
			return i;
	}
	return -1;
}

/* a whole number, or -1 */
static int64_t number(const char *s)
{
	char *end;
	long long v;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	return errno || *end || v < 0 ? -1 : (int64_t)v;
}

/* "1591367999.305988" seconds, into ns; 0 when not a time */
static int64_t ts_seconds(const char *s)
{
	char *end;
	double v;

	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !(v > 0) || v > 9.2e9)
		return 0;
	/* Zeek writes microseconds; a double holds them, not nanoseconds */
	return (int64_t)llround(v * 1e6) * 1000;
}

/* "2019-03-14T23:59:49.920582Z", into ns; 0 when not that form */
static int64_t ts_iso(const char *s)
{
	struct tm tm;
	char *end;
	double frac = 0;
	int64_t t;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return 0;
	if (*end == '.') {
		char *e2;
		frac = strtod(end, &e2);
		end = e2;
	}
	if (strcmp(end, "Z") && *end)
		return 0;
	t = (int64_t)timegm(&tm);
	return t > 0 ? t * 1000000000 + (int64_t)(frac * 1e9) : 0;
}

struct reader {
	gzFile gz;
	char *line;
	uint64_t lineno;
};

/* the next line (without its newline) in r->line; 1, 0 at the end, -1 too long or error */
static int next_line(struct reader *r, struct zeek_stats *s)
{
	size_t n;

	if (!gzgets(r->gz, r->line, ZEEK_MAX_LINE)) {
		int err;
		const char *msg = gzerror(r->gz, &err);
		if (err != Z_OK && err != Z_STREAM_END) {
			snprintf(s->stopped, sizeof(s->stopped), "corrupt gzip stream (%s) after line %llu",
				 msg, (unsigned long long)r->lineno);
			return -1;
		}
		return 0;
	}
	r->lineno++;
	n = strlen(r->line);
	if (n == ZEEK_MAX_LINE - 1 && r->line[n - 1] != '\n') {
		/* skip the rest of an overlong line */
		int c;
		while ((c = gzgetc(r->gz)) >= 0 && c != '\n')
			;
		r->line[0] = '\0';
		return 2;
	}
	while (n && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
		r->line[--n] = '\0';
	return 1;
}

static void skipped(struct zeek_stats *s, uint64_t line, const char *why)
{
	if (!s->skipped++) {
		s->first_skipped_line = line;
		snprintf(s->first_skipped, sizeof(s->first_skipped), "%s", why);
	}
}

static int valid(const struct zeek_conn *c)
{
	return c->orig_h && *c->orig_h && c->resp_h && *c->resp_h && c->proto && *c->proto &&
	       c->resp_p >= 0 && c->resp_p <= 65535;
}

/* one JSON record */
static int json_record(struct reader *r, struct zeek_stats *s, zeek_conn_fn fn, void *arg)
{
	json_error_t err;
	json_t *o = json_loads(r->line, JSON_REJECT_DUPLICATES, &err), *v;
	const char *key;
	struct zeek_conn c = { 0, NULL, NULL, -1, -1, NULL, NULL, NULL, NULL, -1, -1, -1, -1 };
	int rc = 0;

	if (!o || !json_is_object(o)) {
		skipped(s, r->lineno, o ? "not a JSON object" : err.text);
		json_decref(o);
		return 0;
	}
	json_object_foreach(o, key, v) {
		int f = field_index(key);
		const char *str = json_is_string(v) ? json_string_value(v) : NULL;
		int64_t num = json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;

		switch (f) {
		case F_TS:
			c.ts_ns = json_is_number(v) && json_number_value(v) > 0 &&
					  json_number_value(v) < 9.2e9 ?
				  (int64_t)llround(json_number_value(v) * 1e6) * 1000 :
				  str ? ts_iso(str) : 0;
			break;
		case F_ORIG_H: c.orig_h = str; break;
		case F_RESP_H: c.resp_h = str; break;
		case F_ORIG_P: c.orig_p = (int)(num >= 0 && num <= 65535 ? num : -1); break;
		case F_RESP_P: c.resp_p = (int)(num >= 0 && num <= 65535 ? num : -1); break;
		case F_PROTO: c.proto = str; break;
		case F_SERVICE: c.service = str; break;
		case F_STATE: c.conn_state = str; break;
		case F_HISTORY: c.history = str; break;
		case F_ORIG_PKTS: c.orig_pkts = num; break;
		case F_RESP_PKTS: c.resp_pkts = num; break;
		case F_ORIG_BYTES: c.orig_bytes = num; break;
		case F_RESP_BYTES: c.resp_bytes = num; break;
		default: break;
		}
	}
	if (!valid(&c)) {
		skipped(s, r->lineno, "no id.orig_h, id.resp_h, id.resp_p or proto");
	} else {
		s->records++;
		rc = fn(arg, &c);
	}
	json_decref(o);
	return rc;
}

/* splits line in place at sep into at most max fields; the count */
static size_t split(char *line, char sep, char **v, size_t max)
{
	size_t n = 0;

	for (char *p = line; n < max;) {
		char *e = strchr(p, sep);
		v[n++] = p;
		if (!e)
			break;
		*e = '\0';
		p = e + 1;
	}
	return n;
}

/* "#separator \x09": the separator byte, or -1 */
static int separator(const char *v)
{
	unsigned int x;

	if (!strncmp(v, "\\x", 2) && sscanf(v + 2, "%2x", &x) == 1)
		return (int)x;
	return v[0] && !v[1] ? (unsigned char)v[0] : -1;
}

int zeek_conn_read(int fd, zeek_conn_fn fn, void *arg, struct zeek_stats *s)
{
	struct reader r = { NULL, NULL, 0 };
	int map[ZEEK_MAX_FIELDS], nmap = -1, sep = '\t', rc, ret = 0;
	char unset[32] = "-", *fv[ZEEK_MAX_FIELDS];
	int dupfd = dup(fd);

	memset(s, 0, sizeof(*s));
	r.line = malloc(ZEEK_MAX_LINE);
	if (dupfd < 0 || !r.line || !(r.gz = gzdopen(dupfd, "rb"))) {
		if (dupfd >= 0 && !r.gz)
			close(dupfd);
		free(r.line);
		snprintf(s->stopped, sizeof(s->stopped), "cannot read: %s", strerror(errno ? errno : ENOMEM));
		return -1;
	}
	s->gzip = !gzdirect(r.gz);
	while ((rc = next_line(&r, s)) > 0) {
		char *l = r.line;

		if (rc == 2) {
			skipped(s, r.lineno, "line longer than 64 KiB");
			continue;
		}
		if (!*l)
			continue;
		if (*l == '{') {
			if (s->form && strcmp(s->form, "json")) {
				skipped(s, r.lineno, "a JSON line in an ASCII log");
				continue;
			}
			s->form = "json";
			if (json_record(&r, s, fn, arg))
				break;
			continue;
		}
		if (*l == '#') {
			char *name = l + 1, *val = strpbrk(name, " \t");
			if (val)
				*val++ = '\0';
			if (!strcmp(name, "separator") && val) {
				sep = separator(val);
				if (sep < 0) {
					snprintf(s->stopped, sizeof(s->stopped),
						 "line %llu: #separator '%.32s' is not one byte",
						 (unsigned long long)r.lineno, val);
					ret = -1;
					break;
				}
			} else if (!strcmp(name, "unset_field") && val) {
				snprintf(unset, sizeof(unset), "%s", val);
			} else if (!strcmp(name, "fields") && val) {
				size_t n = split(val, (char)sep, fv, ZEEK_MAX_FIELDS);
				int have[F_N] = { 0 };
				nmap = (int)n;
				for (size_t i = 0; i < n; i++) {
					map[i] = field_index(fv[i]);
					if (map[i] >= 0)
						have[map[i]] = 1;
				}
				for (int f = F_ORIG_H; f <= F_PROTO; f++) {
					if (f != F_ORIG_P && !have[f]) {
						snprintf(s->stopped, sizeof(s->stopped),
							 "line %llu: #fields has no %s: not a conn.log",
							 (unsigned long long)r.lineno, field_names[f]);
						ret = -1;
						break;
					}
				}
				if (ret < 0)
					break;
			}
			continue;
		}
		if (nmap < 0) {
			snprintf(s->stopped, sizeof(s->stopped),
				 "line %llu: a record before any #fields line (neither Zeek's ASCII "
				 "log with its header nor its JSON form)", (unsigned long long)r.lineno);
			ret = s->records ? 1 : -1;
			break;
		}
		s->form = "tsv";
		{
			size_t n = split(l, (char)sep, fv, ZEEK_MAX_FIELDS);
			struct zeek_conn c = { 0, NULL, NULL, -1, -1, NULL, NULL, NULL, NULL, -1, -1, -1, -1 };

			if ((int)n != nmap) {
				skipped(s, r.lineno, "a record with another number of fields than #fields");
				continue;
			}
			for (size_t i = 0; i < n; i++) {
				const char *v = strcmp(fv[i], unset) ? fv[i] : NULL;
				switch (map[i]) {
				case F_TS: c.ts_ns = ts_seconds(v); break;
				case F_ORIG_H: c.orig_h = v; break;
				case F_RESP_H: c.resp_h = v; break;
				case F_ORIG_P: c.orig_p = (int)(number(v) <= 65535 ? number(v) : -1); break;
				case F_RESP_P: c.resp_p = (int)(number(v) <= 65535 ? number(v) : -1); break;
				case F_PROTO: c.proto = v; break;
				case F_SERVICE: c.service = v; break;
				case F_STATE: c.conn_state = v; break;
				case F_HISTORY: c.history = v; break;
				case F_ORIG_PKTS: c.orig_pkts = number(v); break;
				case F_RESP_PKTS: c.resp_pkts = number(v); break;
				case F_ORIG_BYTES: c.orig_bytes = number(v); break;
				case F_RESP_BYTES: c.resp_bytes = number(v); break;
				default: break;
				}
			}
			if (!valid(&c)) {
				skipped(s, r.lineno, "no id.orig_h, id.resp_h, id.resp_p or proto");
				continue;
			}
			s->records++;
			if (fn(arg, &c))
				break;
		}
	}
	if (rc < 0)
		ret = s->records ? 1 : -1;
	if (!ret && !s->records && !s->skipped && !s->stopped[0]) {
		snprintf(s->stopped, sizeof(s->stopped), "no conn.log record in it");
		ret = -1;
	}
	gzclose(r.gz);
	free(r.line);
	return ret;
}
