/*
 * export_http.c - AWS JSON 1.1 calls over libcurl (export_http.h)
 *
 * Wire format: ../shared/reference/aws-spec.md section 2.1 (botocore's
 * JSON protocol): POST to the endpoint's path ("/"), headers X-Amz-Target,
 * Content-Type application/x-amz-json-1.1, Host, X-Amz-Date,
 * X-Amz-Security-Token when there is a session token (signed, as botocore
 * does), Authorization (SigV4, sigv4.c).  An error is HTTP 4xx/5xx with
 * {"__type": "...#Code", "message"|"Message": ...}: the code is after the
 * last '#' and before any ':'; x-amzn-errortype may carry it too.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "../scanner/buf.h"
#include "../scanner/err.h"
#include "export_http.h"
#include "sigv4.h"
#include "../scanner/banned.h"

struct aws_http {
	CURL *curl;
	char *url;
	char *host;		/* the Host header: host[:port] as in the URL */
	char *path;
	const char *region, *service;
	const struct awscred *cred;
	long timeout_s;
};

struct reply_buf {
	struct buf body;
	char *errortype;	/* x-amzn-errortype */
	int over;
};

static int curl_ready;

struct aws_http *aws_http_new(const char *endpoint, const char *region, const char *service,
			      const struct awscred *cred, long timeout_s)
{
	struct aws_http *h;
	CURLU *u;
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;

	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			scan_error("push: cannot initialise libcurl");
			return NULL;
		}
		curl_ready = 1;
	}
	u = curl_url();
	if (!u || curl_url_set(u, CURLUPART_URL, endpoint, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    (strcmp(scheme, "https") && strcmp(scheme, "http"))) {
		scan_error("push: endpoint '%s': expected an https:// (or http://) URL", endpoint);
		curl_free(scheme);
		curl_free(host);
		curl_url_cleanup(u);
		return NULL;
	}
	h = xcalloc(1, sizeof(*h));
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK && port)
		h->host = xasprintf("%s:%s", host, port);
	else
		h->host = xstrdup(host);
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK && path && *path)
		h->path = xstrdup(path);
	else
		h->path = xstrdup("/");
	h->url = xstrdup(endpoint);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
	h->region = region;
	h->service = service;
	h->cred = cred;
	h->timeout_s = timeout_s;
	h->curl = curl_easy_init();
	if (!h->curl) {
		aws_http_free(h);
		scan_error("push: cannot initialise libcurl");
		return NULL;
	}
	return h;
}

void aws_http_free(struct aws_http *h)
{
	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	free(h->url);
	free(h->host);
	free(h->path);
	free(h);
}

void aws_reply_release(struct aws_reply *r)
{
	if (!r)
		return;
	free(r->code);
	free(r->message);
	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct reply_buf *rb = arg;
	size_t len = size * n;

	if (rb->body.len + len > AWS_HTTP_REPLY_CAP) {
		rb->over = 1;
		return 0;	/* makes libcurl stop with CURLE_WRITE_ERROR */
	}
	buf_add(&rb->body, p, len);
	return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct reply_buf *rb = arg;
	size_t len = size * n;
	static const char name[] = "x-amzn-errortype:";

	if (len > sizeof(name) - 1 && !strncasecmp(p, name, sizeof(name) - 1) && !rb->errortype) {
		const char *v = p + sizeof(name) - 1, *e = p + len;
		while (v < e && (*v == ' ' || *v == '\t'))
			v++;
		while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
			e--;
		if (e - v < 256)
			rb->errortype = xstrndup(v, (size_t)(e - v));
	}
	return len;
}

/* "aws.protocoltests#ThrottlingException:http://..." -> "ThrottlingException" */
static char *error_code(const char *type)
{
	const char *s = strrchr(type, '#');
	size_t n;

	s = s ? s + 1 : type;
	n = strcspn(s, ":");
	return n ? xstrndup(s, n) : NULL;
}

static int tls_failure(CURLcode c)
{
	switch (c) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
		return 1;
	default:
		return 0;
	}
}

static void parse_error(struct aws_reply *r, struct reply_buf *rb)
{
	json_error_t je;
	json_t *o = json_loadb(rb->body.data, rb->body.len, 0, &je);
	const char *type = NULL, *msg = NULL;

	if (json_is_object(o)) {
		json_t *ra = json_object_get(o, "RetryAfterSeconds");
		type = json_string_value(json_object_get(o, "__type"));
		msg = json_string_value(json_object_get(o, "message"));
		if (!msg)
			msg = json_string_value(json_object_get(o, "Message"));
		if (json_is_integer(ra) && json_integer_value(ra) >= 0)
			r->retry_after = (long)(json_integer_value(ra) > 3600 ? 3600 : json_integer_value(ra));
	}
	if (type)
		r->code = error_code(type);
	if (!r->code && rb->errortype)
		r->code = error_code(rb->errortype);
	if (msg) {
		/* the service's words, cut: they are printed */
		size_t n = strlen(msg) > 400 ? 400 : strlen(msg);
		r->message = xstrndup(msg, n);
		for (char *c = r->message; *c; c++)
			if ((unsigned char)*c < 0x20)
				*c = ' ';
	}
	json_decref(o);
}

int aws_http_call(struct aws_http *h, const char *target, const char *body, struct aws_reply *r)
{
	struct sigv4_header hv[5];
	struct sigv4_request rq;
	struct sigv4_key key = { h->cred->access_key, h->cred->secret_key, h->region, h->service };
	struct sigv4_result sig;
	struct reply_buf rb = { BUF_INIT, NULL, 0 };
	struct curl_slist *hl = NULL;
	char amz[17], errbuf[CURL_ERROR_SIZE] = "";
	char *line;
	size_t nh = 0;
	time_t now = time(NULL);
	struct tm tm;
	CURLcode cc;
	const char *ca = getenv("AWS_CA_BUNDLE");

	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
	if (!gmtime_r(&now, &tm) || !strftime(amz, sizeof(amz), "%Y%m%dT%H%M%SZ", &tm))
		return scan_error("push: cannot read the clock");
	hv[nh++] = (struct sigv4_header){ "Content-Type", "application/x-amz-json-1.1" };
	hv[nh++] = (struct sigv4_header){ "Host", h->host };
	hv[nh++] = (struct sigv4_header){ "X-Amz-Date", amz };
	hv[nh++] = (struct sigv4_header){ "X-Amz-Target", target };
	if (h->cred->session_token)
		hv[nh++] = (struct sigv4_header){ "X-Amz-Security-Token", h->cred->session_token };
	rq = (struct sigv4_request){ .method = "POST", .path = h->path, .query = NULL,
		.headers = hv, .nheaders = nh, .body = body, .body_len = strlen(body) };
	if (sigv4_sign(&rq, &key, amz, &sig) < 0)
		return scan_error("push: cannot sign the request");
	for (size_t i = 0; i < nh; i++) {
		line = xasprintf("%s: %s", hv[i].name, hv[i].value);
		hl = curl_slist_append(hl, line);
		free(line);
	}
	line = xasprintf("Authorization: %s", sig.authorization);
	hl = curl_slist_append(hl, line);
	free(line);
	/* no "Expect: 100-continue" round trip */
	hl = curl_slist_append(hl, "Expect:");
	sigv4_result_release(&sig);

	curl_easy_reset(h->curl);
	curl_easy_setopt(h->curl, CURLOPT_URL, h->url);
	curl_easy_setopt(h->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &rb);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, &rb);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT, h->timeout_s < 10 ? h->timeout_s : 10L);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT, h->timeout_s);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "premig");
	if (ca && *ca)
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, ca);
	cc = curl_easy_perform(h->curl);
	curl_slist_free_all(hl);
	if (cc != CURLE_OK && !(cc == CURLE_WRITE_ERROR && rb.over)) {
		r->outcome = tls_failure(cc) ? AWS_TLS : AWS_TRANSPORT;
		r->message = xstrdup(*errbuf ? errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->status >= 200 && r->status < 300) {
		/*
		 * a success is a JSON object (aws-spec 2.1: 200 and {}); a 2xx
		 * with anything else came from something that is not Migration
		 * Hub (a wrong --endpoint, a proxy's page): not recorded as sent
		 */
		json_t *o = rb.over ? NULL : json_loadb(rb.body.data ? rb.body.data : "", rb.body.len, 0, NULL);

		if (json_is_object(o)) {
			r->outcome = AWS_OK;
		} else {
			r->outcome = AWS_ERROR;
			r->message = xasprintf("HTTP %ld without a Migration Hub answer (not a JSON object):"
					       " is the endpoint right, or a proxy in the way?", r->status);
		}
		json_decref(o);
		goto out;
	}
	r->outcome = AWS_ERROR;
	if (!rb.over)
		parse_error(r, &rb);
	if (!r->message)
		r->message = xasprintf("HTTP %ld", r->status);
out:
	buf_release(&rb.body);
	free(rb.errortype);
	return 0;
}
