/*
 * push.c - premig push (push.h)
 *
 * The calls and their shapes: ../shared/reference/aws-spec.md section 2
 * (botocore's mgh 2017-05-31 model): every write operation answers 200
 * with {}; ThrottlingException carries RetryAfterSeconds;
 * InternalServerError and ServiceUnavailableException are server faults;
 * HomeRegionNotSetException when the account has no home region, and
 * InvalidInputException for a write outside it.
 *
 * Exactly once: a call is recorded in push_log (schema.c) when its answer
 * is a success, and a call recorded with the same body is skipped, so a
 * run stopped at any point resumes where it stopped.  Ctrl-C or SIGTERM
 * lets the call in flight finish (at most --timeout seconds) and be
 * recorded, then stops with exit 130: nothing is sent twice.  Only a
 * SIGKILL between the service's answer and the record can resend one call;
 * every one of these operations is idempotent (an import of a known task,
 * a full attribute set that replaces the last, the same task state).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/cli.h"
#include "../scanner/db.h"
#include "../scanner/err.h"
#include "../scanner/exitcodes.h"
#include "../scanner/scan.h"
#include "attrs.h"
#include "awscred.h"
#include "export.h"
#include "export_http.h"
#include "push.h"
#include "report.h"
#include "sigv4.h"
#include "../scanner/banned.h"

#define PUSH_TIMEOUT_S 60		/* --timeout default: one call's whole time */
#define PUSH_ATTEMPTS 6			/* --max-attempts default */
#define PUSH_BACKOFF_BASE_MS 250	/* first retry after 125-250 ms ... */
#define PUSH_BACKOFF_CAP_MS 20000	/* ... doubling up to 10-20 s */
#define PUSH_RETRY_AFTER_MAX_S 300	/* a longer RetryAfterSeconds is cut to this */
/* NotifyMigrationTaskState: premig sends no later update of a NOT_STARTED task */
#define PUSH_NEXT_UPDATE_S 0

static volatile sig_atomic_t push_stop;

static void on_signal(int sig)
{
	(void)sig;
	push_stop = 1;
}

struct push {
	sqlite3 *db;
	struct aws_http *http;
	const struct awscred *cred;
	const char *endpoint, *stream, *region;
	int dry_run, quiet, progress, max_attempts, has_log;
	long nhosts, done, sent, skipped, retries, bad;
	int fatal;		/* stop: a refusal that every later call would get */
};

/* what was sent, recorded per (target, stream, task, operation) */
static int logged(struct push *p, const char *task, const char *op, const char *hash)
{
	sqlite3_stmt *st;
	int rc;

	if (!p->has_log)
		return 0;
	st = db_prepare(p->db, "SELECT 1 FROM push_log WHERE target = ? AND stream = ?"
			" AND task_name = ? AND operation = ? AND body_sha256 = ?");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, p->endpoint, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, p->stream, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, task, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, op, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hash, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : scan_error("push: cannot read the push log: %s",
						  sqlite3_errmsg(p->db));
}

static int record(struct push *p, const char *task, const char *op, const char *hash,
		  const char *host_key)
{
	char now[32];
	sqlite3_stmt *st = db_prepare(p->db,
		"INSERT OR REPLACE INTO push_log (target, stream, task_name, operation, body_sha256,"
		" host_key, pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?)");

	if (!st)
		return -1;
	db_now(now);
	sqlite3_bind_text(st, 1, p->endpoint, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, p->stream, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, task, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, op, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, host_key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
	return db_step_done(p->db, st) < 0 ? scan_error("push: cannot record the call: %s",
							 sqlite3_errmsg(p->db)) : 0;
}

static int retryable(const struct aws_reply *r)
{
	static const char *const codes[] = {
		"ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
		"RequestLimitExceeded", "InternalServerError", "ServiceUnavailableException",
		"ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
	};

	if (r->outcome == AWS_TRANSPORT)
		return 1;
	if (r->outcome != AWS_ERROR)
		return 0;
	if (r->status >= 500 || r->status == 429)
		return 1;
	for (size_t i = 0; r->code && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcmp(r->code, codes[i]))
			return 1;
	return 0;
}

/* sleeps ms, or less when a signal asks to stop */
static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (!push_stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* equal jitter: half the exponential step, plus a random part of the other half */
static long backoff_ms(int attempt, long retry_after)
{
	long step = PUSH_BACKOFF_BASE_MS, d;

	for (int i = 1; i < attempt && step < PUSH_BACKOFF_CAP_MS; i++)
		step *= 2;
	if (step > PUSH_BACKOFF_CAP_MS)
		step = PUSH_BACKOFF_CAP_MS;
	d = step / 2 + random() % (step / 2 + 1);
	if (retry_after >= 0) {
		long ra = (retry_after > PUSH_RETRY_AFTER_MAX_S ? PUSH_RETRY_AFTER_MAX_S : retry_after) * 1000;
		if (ra > d)
			d = ra;
	}
	return d;
}

/* the message for a refusal that retrying does not cure; sets p->fatal when it stops the run */
static void explain(struct push *p, const char *op, const char *task, const struct aws_reply *r)
{
	const char *code = r->code ? r->code : "";
	const char *msg = r->message ? r->message : "";
	char where[300];

	snprintf(where, sizeof(where), "%s%s%s", op, *task ? " " : "", task);
	p->fatal = 1;
	if (r->outcome == AWS_TLS) {
		scan_error("push: %s: TLS failure talking to %s: %s; the server's certificate is not"
			   " trusted or the handshake failed (a proxy that re-signs TLS needs its CA"
			   " in AWS_CA_BUNDLE)", where, p->endpoint, msg);
	} else if (r->outcome == AWS_TRANSPORT) {
		scan_error("push: %s: no answer from %s after %d attempts: %s", where, p->endpoint,
			   p->max_attempts, msg);
	} else if (!strcmp(code, "HomeRegionNotSetException")) {
		scan_error("push: %s: the account's Migration Hub home region is not set (%s): set it"
			   " in the Migration Hub console's settings, or with 'aws migrationhub-config"
			   " create-home-region-control', then push with --region set to it", where, msg);
	} else if (!strcmp(code, "AccessDeniedException")) {
		scan_error("push: %s: access denied (%s): the credentials from %s need"
			   " mgh:CreateProgressUpdateStream, mgh:ImportMigrationTask,"
			   " mgh:PutResourceAttributes and mgh:NotifyMigrationTaskState", where, msg,
			   p->cred ? p->cred->source : "?");
	} else if (!strcmp(code, "InvalidInputException")) {
		scan_error("push: %s: Migration Hub refused the input (%s); writes are accepted only"
			   " in the home region: is --region %s the account's home region?", where, msg,
			   p->region);
	} else if (!strcmp(code, "ExpiredTokenException") || !strcmp(code, "ExpiredToken") ||
		   !strcmp(code, "RequestExpired")) {
		scan_error("push: %s: the session token from %s has expired (%s): get new"
			   " credentials and run premig push again; what was sent is recorded and"
			   " will not be sent again", where, p->cred ? p->cred->source : "?", msg);
	} else if (!strcmp(code, "UnrecognizedClientException") ||
		   !strcmp(code, "InvalidClientTokenId")) {
		scan_error("push: %s: AWS does not know the access key from %s (%s)", where,
			   p->cred ? p->cred->source : "?", msg);
	} else if (!strcmp(code, "InvalidSignatureException") ||
		   !strcmp(code, "SignatureDoesNotMatch")) {
		scan_error("push: %s: AWS refused the signature (%s): check the secret key from %s,"
			   " and this machine's clock", where, msg, p->cred ? p->cred->source : "?");
	} else if (retryable(r)) {
		scan_error("push: %s: gave up after %d attempts: HTTP %ld %s%s%s", where,
			   p->max_attempts, r->status, code, *code ? ": " : "", msg);
	} else {
		scan_error("push: %s: refused: HTTP %ld %s%s%s", where, r->status, code,
			   *code ? ": " : "", msg);
	}
}

/*
 * One call: skipped when recorded with this body, else sent with retries
 * and recorded.  hash_body is what identifies it (body, or the body
 * without its time).  0 done or skipped, -1 stop (printed).
 */
static int call(struct push *p, const char *op, const char *task, const char *host_key,
		const char *body, const char *hash_body)
{
	struct buf id = BUF_INIT;
	char hash[65], target[96];
	int rc;

	buf_addf(&id, "%s\n%s", op, hash_body);
	sigv4_sha256_hex(id.data, id.len, hash);
	buf_release(&id);
	rc = logged(p, task, op, hash);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		p->skipped++;
		return 0;
	}
	snprintf(target, sizeof(target), "AWSMigrationHub.%s", op);
	if (p->dry_run) {
		printf("POST %s %s\n%s\n", p->endpoint, target, body);
		p->sent++;
		return 0;
	}
	for (int attempt = 1;; attempt++) {
		struct aws_reply r;
		long d;

		if (aws_http_call(p->http, target, body, &r) < 0)
			return -1;
		if (r.outcome == AWS_OK) {
			aws_reply_release(&r);
			p->sent++;
			return record(p, task, op, hash, host_key);
		}
		/* an existing stream is what CreateProgressUpdateStream wanted */
		if (!strcmp(op, "CreateProgressUpdateStream") && r.outcome == AWS_ERROR &&
		    r.message && strcasestr(r.message, "already exist")) {
			aws_reply_release(&r);
			p->sent++;
			return record(p, task, op, hash, host_key);
		}
		if (!retryable(&r) || attempt >= p->max_attempts || push_stop) {
			if (push_stop && retryable(&r)) {
				aws_reply_release(&r);
				return -1;
			}
			explain(p, op, task, &r);
			aws_reply_release(&r);
			return -1;
		}
		d = backoff_ms(attempt, r.retry_after);
		if (!p->quiet) {
			if (p->progress)
				fputs("\r\033[K", stderr);
			scan_warn("push: %s%s%s: %s, retrying in %.1f s (attempt %d of %d)", op,
				  *task ? " " : "", task,
				  r.outcome == AWS_TRANSPORT ? r.message :
				  r.code ? r.code : r.message ? r.message : "error",
				  (double)d / 1000, attempt + 1, p->max_attempts);
		}
		aws_reply_release(&r);
		p->retries++;
		pause_ms(d);
		if (push_stop)
			return -1;
	}
}

static char *dumps(const json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);

	if (!s) {
		scan_error("push: out of memory");
		exit(EXIT_FATAL);
	}
	return s;
}

static void show_progress(struct push *p)
{
	if (!p->progress)
		return;
	fprintf(stderr, "\r\033[Kpush: %ld/%ld hosts, %ld calls %s, %ld already sent",
		p->done, p->nhosts, p->sent, p->dry_run ? "to send" : "sent", p->skipped);
	fflush(stderr);
}

static int push_host(const struct push_host *h, void *arg)
{
	struct push *p = arg;
	json_t *o;
	char *body, *hb;
	int rc;

	if (push_stop)
		return -1;
	if (h->problem) {
		if (p->progress)
			fputs("\r\033[K", stderr);
		scan_error("push: host '%s': not sent: %s", h->host_key, h->problem);
		p->bad++;
		p->done++;
		return 0;
	}
	o = json_object();
	json_object_set_new(o, "ProgressUpdateStream", json_string(p->stream));
	json_object_set_new(o, "MigrationTaskName", json_string(h->task_name));
	body = dumps(o);
	json_decref(o);
	rc = call(p, "ImportMigrationTask", h->task_name, h->host_key, body, body);
	free(body);
	if (rc < 0 || push_stop)
		return -1;

	o = attrs_request(h, p->stream);
	body = dumps(o);
	json_decref(o);
	rc = call(p, "PutResourceAttributes", h->task_name, h->host_key, body, body);
	free(body);
	if (rc < 0 || push_stop)
		return -1;

	o = json_object();
	json_object_set_new(o, "ProgressUpdateStream", json_string(p->stream));
	json_object_set_new(o, "MigrationTaskName", json_string(h->task_name));
	{
		json_t *t = json_object();
		json_object_set_new(t, "Status", json_string("NOT_STARTED"));
		json_object_set_new(t, "StatusDetail", json_string(h->status_detail));
		json_object_set_new(o, "Task", t);
	}
	json_object_set_new(o, "NextUpdateSeconds", json_integer(PUSH_NEXT_UPDATE_S));
	hb = dumps(o);
	json_object_set_new(o, "UpdateDateTime", json_integer((json_int_t)time(NULL)));
	body = dumps(o);
	json_decref(o);
	rc = call(p, "NotifyMigrationTaskState", h->task_name, h->host_key, body, hb);
	free(body);
	free(hb);
	if (rc < 0)
		return -1;
	p->done++;
	show_progress(p);
	return 0;
}

static const char push_usage[] =
	"usage: premig push --region REGION --stream NAME [--endpoint URL] [--dry-run]\n"
	"                   [--db FILE] [--profile NAME] [--timeout SECONDS]\n"
	"                   [--max-attempts N] [--quiet]\n\n"
	"Sends the fleet's hosts to AWS Migration Hub so that migration tools map\n"
	"their tasks to the discovered servers: CreateProgressUpdateStream NAME,\n"
	"then for each host ImportMigrationTask, PutResourceAttributes with its full\n"
	"attribute set (see 'premig export attributes') and NotifyMigrationTaskState\n"
	"NOT_STARTED with premig's verdicts as the status detail.  Every call that\n"
	"succeeded is recorded in the store: a run that was stopped resumes where it\n"
	"stopped, and nothing is sent twice.  Throttling, server errors and lost\n"
	"connections are retried with exponential backoff and jitter (honouring\n"
	"RetryAfterSeconds).\n\n"
	"Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN),\n"
	"else the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, or\n"
	"~/.aws/credentials) and profile (--profile, else AWS_PROFILE, else default).\n"
	"Proxies: https_proxy, no_proxy (libcurl's).  AWS_CA_BUNDLE: a CA file.\n\n"
	"  --region REGION   the account's Migration Hub home region (us-west-2)\n"
	"  --stream NAME     the progress update stream (1-50 characters, no / : |)\n"
	"  --endpoint URL    instead of https://mgh.REGION.amazonaws.com\n"
	"  --dry-run         print the calls that would be sent, send nothing\n"
	"  --db FILE         the database (default premig-<hostname>.db)\n"
	"  --profile NAME    the credentials file's profile\n"
	"  --timeout SECONDS one call's time at most (" "60" ")\n"
	"  --max-attempts N  tries of a call that is throttled or fails (" "6" ")\n"
	"  --quiet           no retry warnings, no progress line\n\n"
	"exit status: 0 every host sent, 1 AWS refused or could not be reached\n"
	"(stderr says why), 2 usage, 4 database error, 5 a host could not be sent\n"
	"(invalid attributes; the others were), 130 interrupted (what was sent is\n"
	"recorded)\n";

/* a whole number from min to max; -1 after printing */
static int count_hosts(sqlite3 *db, long *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM (" REPORT_LATEST_SCANS_SQL ")");

	if (!st)
		return -1;
	*n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

static int table_exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
	int rc;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc;
}

int push_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "region", required_argument, NULL, 'r' },
		{ "stream", required_argument, NULL, 's' },
		{ "endpoint", required_argument, NULL, 'e' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "db", required_argument, NULL, 'd' },
		{ "profile", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "max-attempts", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct push p = { .max_attempts = PUSH_ATTEMPTS };
	const char *dbpath = NULL, *profile = NULL, *endpoint = NULL;
	char *defdb = NULL, *defend = NULL, *why = NULL;
	long timeout_s = PUSH_TIMEOUT_S;
	struct awscred cred = { 0 };
	struct sigaction sa, old_int, old_term;
	int c, rc = EXIT_OK, hrc;

	unsigned int timeout_u, attempts_u;
	struct cli cl = CLI_INIT("push", push_usage, ":h", longopts, argc, argv);

	while ((c = cli_next(&cl)) >= 0) {
		switch (c) {
		case 'r': p.region = optarg; break;
		case 's': p.stream = optarg; break;
		case 'e': endpoint = optarg; break;
		case 'n': p.dry_run = 1; break;
		case 'd': dbpath = optarg; break;
		case 'p': profile = optarg; break;
		case 't':
			if (cli_uint("push", "--timeout", optarg, 0, 1, 3600, &timeout_u) < 0)
				return EXIT_USAGE;
			timeout_s = timeout_u;
			break;
		case 'm':
			if (cli_uint("push", "--max-attempts", optarg, 0, 1, 20, &attempts_u) < 0)
				return EXIT_USAGE;
			p.max_attempts = (int)attempts_u;
			break;
		case 'q': p.quiet = 1; break;
		}
	}
	if (c != CLI_END)
		return cli_exit(c);
	if (cli_extra_operands(&cl))
		return EXIT_USAGE;
	if (!p.region || !p.stream) {
		scan_error("push: --region and --stream are required (see 'premig push --help')");
		return EXIT_USAGE;
	}
	if (!aws_region_ok(p.region)) {
		scan_error("push: region '%s': expected a name such as us-west-2", p.region);
		return EXIT_USAGE;
	}
	if (attrs_valid_stream(p.stream, &why)) {
		scan_error("push: %s", why);
		free(why);
		return EXIT_USAGE;
	}
	p.endpoint = endpoint ? endpoint : (defend = xasprintf("https://mgh.%s.amazonaws.com", p.region));
	dbpath = cli_db_path(dbpath, &defdb);
	/* a dry run writes nothing, not even the push log's table */
	if (db_open(dbpath, p.dry_run ? DB_READ : DB_WRITE, &p.db) < 0) {
		rc = EXIT_STORE;
		goto out;
	}
	p.has_log = table_exists(p.db, "push_log");
	if (count_hosts(p.db, &p.nhosts) < 0) {
		rc = EXIT_STORE;
		goto out;
	}
	if (!p.dry_run) {
		if (awscred_load(profile, &cred) < 0) {
			rc = EXIT_FATAL;
			goto out;
		}
		p.cred = &cred;
		p.http = aws_http_new(p.endpoint, p.region, "mgh", &cred, timeout_s);
		if (!p.http) {
			rc = EXIT_USAGE;
			goto out;
		}
	}
	p.progress = !p.quiet && isatty(STDERR_FILENO);
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: a backoff sleep ends at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	{
		json_t *o = json_object();
		char *body;
		json_object_set_new(o, "ProgressUpdateStreamName", json_string(p.stream));
		body = dumps(o);
		json_decref(o);
		hrc = call(&p, "CreateProgressUpdateStream", "", NULL, body, body);
		free(body);
	}
	if (hrc == 0 && !push_stop)
		hrc = attrs_each_host(p.db, push_host, &p);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (p.progress)
		fputs("\r\033[K", stderr);
	if (push_stop) {
		scan_error("push: interrupted after %ld of %ld hosts; what was sent is recorded:"
			   " run premig push again to go on", p.done, p.nhosts);
		rc = EXIT_INTERRUPTED;
	} else if (hrc < 0) {
		rc = p.fatal ? EXIT_FATAL : EXIT_STORE;
	} else if (p.bad) {
		rc = EXIT_INPUT;
	}
	if (!p.quiet || rc != EXIT_OK)
		fprintf(stderr, "push: %s%ld of %ld hosts to stream '%s' at %s: %ld calls %s,"
			" %ld already sent before, %ld retries%s\n",
			p.dry_run ? "dry run: " : "", p.done, p.nhosts, p.stream, p.endpoint, p.sent,
			p.dry_run ? "to send" : "sent", p.skipped, p.retries,
			p.bad ? ", some hosts not sent (above)" : "");
	if (p.dry_run && fflush(stdout)) {
		scan_error("push: cannot write the calls");
		rc = EXIT_FATAL;
	}
out:
	aws_http_free(p.http);
	awscred_release(&cred);
	db_close(p.db);
	free(defdb);
	free(defend);
	return rc;
}
