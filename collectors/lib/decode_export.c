/*
 * decode_export.c - the decoders of what premig push reads or builds (decode.h)
 *
 *   sigv4            an HTTP request in the AWS SigV4 test suite's .req form
 *                    (../shared/corpus/sigv4), signed with the suite's
 *                    example key: its canonical request, string to sign and
 *                    Authorization header (report/sigv4.c)
 *   aws-credentials  an AWS shared credentials file (report/awscred.c): which
 *                    of the keys profile "default" sets, never their values
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "../../report/awscred.h"
#include "../../report/sigv4.h"
#include "../../scanner/buf.h"
#include "../../scanner/banned.h"

#define REQ_MAX_BYTES (1u << 20)
#define REQ_MAX_HEADERS 256

/*
 * The suite's example credentials and scope ("AWS Signature Version 4 test
 * suite", ../shared/corpus/MANIFEST.md): documented example values, no secret
 */
static const struct sigv4_key suite_key = {
	.access_key = "AKIDEXAMPLE",
	.secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	.region = "us-east-1",
	.service = "service",
};

/* one line of [*p, end) without its "\r\n"; advances *p; NULL at the end */
static char *next_line(const char **p, const char *end)
{
	const char *nl, *le;

	if (*p >= end)
		return NULL;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	le = nl ? nl : end;
	if (le > *p && le[-1] == '\r')
		le--;
	{
		char *s = xstrndup(*p, (size_t)(le - *p));
		*p = nl ? nl + 1 : end;
		return s;
	}
}

static int dec_sigv4(const struct decode_input *in, json_t *out)
{
	const char *p = (const char *)in->data, *end = p + in->len;
	struct sigv4_header hv[REQ_MAX_HEADERS];
	char *names[REQ_MAX_HEADERS], *vals[REQ_MAX_HEADERS];
	size_t nh = 0;
	char *line, *sp, *lsp, *method = NULL, *target = NULL, *q, *amz = NULL;
	struct sigv4_request rq;
	struct sigv4_result r;
	int rc = 1;

	if (in->len > REQ_MAX_BYTES || memchr(in->data, '\0', in->len)) {
		json_object_set_new(out, "error", json_string("larger than 1 MiB or holds a NUL byte"));
		return 1;
	}
	line = next_line(&p, end);
	if (!line || !(sp = strchr(line, ' ')) || (lsp = strrchr(line, ' ')) == sp) {
		json_object_set_new(out, "error", json_string("the first line must be \"METHOD TARGET HTTP/1.1\""));
		free(line);
		return 1;
	}
	method = xstrndup(line, (size_t)(sp - line));
	target = xstrndup(sp + 1, (size_t)(lsp - sp - 1));
	free(line);
	while ((line = next_line(&p, end))) {
		char *colon;
		if (!*line) {
			free(line);
			break;	/* the body follows */
		}
		if ((*line == ' ' || *line == '\t') && nh) {
			/* a folded line: the suite reads it as another value of the header */
			if (nh == REQ_MAX_HEADERS)
				goto toomany;
			names[nh] = xstrdup(names[nh - 1]);
			vals[nh++] = line;
			continue;
		}
		colon = strchr(line, ':');
		if (!colon || colon == line) {
			json_object_set_new(out, "error", json_string("a header line without \"Name:\""));
			free(line);
			goto out;
		}
		if (nh == REQ_MAX_HEADERS)
			goto toomany;
		names[nh] = xstrndup(line, (size_t)(colon - line));
		vals[nh++] = xstrdup(colon + 1);
		free(line);
	}
	for (size_t i = 0; i < nh; i++) {
		hv[i].name = names[i];
		hv[i].value = vals[i];
		if (!strcasecmp(names[i], "x-amz-date")) {
			free(amz);
			amz = xstrdup(vals[i]);
		}
	}
	q = strchr(target, '?');
	if (q)
		*q++ = '\0';
	rq = (struct sigv4_request){ .method = method, .path = target, .query = q,
		.headers = hv, .nheaders = nh, .body = p, .body_len = (size_t)(end - p) };
	if (sigv4_sign(&rq, &suite_key, amz ? amz : "", &r) < 0) {
		json_object_set_new(out, "error", json_string("no X-Amz-Date header of the form YYYYMMDDTHHMMSSZ"));
		goto out;
	}
	json_object_set_new(out, "canonical_request", json_string(r.canonical_request));
	json_object_set_new(out, "string_to_sign", json_string(r.string_to_sign));
	json_object_set_new(out, "authorization", json_string(r.authorization));
	sigv4_result_release(&r);
	rc = 0;
	goto out;
toomany:
	json_object_set_new(out, "error", json_string("more than 256 header lines"));
	free(line);
out:
	for (size_t i = 0; i < nh; i++) {
		free(names[i]);
		free(vals[i]);
	}
	free(amz);
	free(method);
	free(target);
	return rc;
}

static int dec_aws_credentials(const struct decode_input *in, json_t *out)
{
	struct awscred c;
	char *why = NULL;
	int rc;

	if (in->len > AWSCRED_FILE_CAP) {
		json_object_set_new(out, "error", json_string("larger than the credentials file cap"));
		return 1;
	}
	rc = awscred_parse((const char *)in->data, in->len, "default", &c, &why);
	if (rc < 0) {
		json_object_set_new(out, "error", json_string(why));
		free(why);
		return 1;
	}
	json_object_set_new(out, "profile", json_string("default"));
	json_object_set_new(out, "found", json_boolean(rc == 0));
	json_object_set_new(out, "session_token", json_boolean(rc == 0 && c.session_token));
	awscred_release(&c);
	return 0;
}

const struct decoder decode_export_table[] = {
	DECODER("sigv4", DECODE_BYTES, dec_sigv4,
		"an HTTP request (.req of the AWS SigV4 test suite) signed with the suite's example key"),
	DECODER("aws-credentials", DECODE_BYTES, dec_aws_credentials,
		"an AWS shared credentials file (~/.aws/credentials): profile default's keys, present or not"),
	{ .name = NULL },
};
