/*
 * export_http.h - the only network access of premig: one AWS JSON 1.1 call
 * over HTTPS (or HTTP to a test endpoint), signed with SigV4, with libcurl
 *
 * Proxies are libcurl's own: https_proxy, HTTPS_PROXY, http_proxy,
 * ALL_PROXY, NO_PROXY.  AWS_CA_BUNDLE names a CA file to trust instead of
 * the system's (as the AWS CLI reads it).  The reply is untrusted: its body
 * is read up to AWS_HTTP_REPLY_CAP bytes and parsed with jansson.
 */
#ifndef PREMIG_EXPORT_HTTP_H
#define PREMIG_EXPORT_HTTP_H

#include "awscred.h"

#define AWS_HTTP_REPLY_CAP (1u << 20)

struct aws_http;	/* one connection's state, reused from call to call */

/*
 * For endpoint ("https://mgh.us-east-1.amazonaws.com"), signing scope
 * region and service, credentials cred (borrowed for the handle's life),
 * each call given at most timeout_s seconds.  NULL after printing.
 */
struct aws_http *aws_http_new(const char *endpoint, const char *region, const char *service,
			      const struct awscred *cred, long timeout_s);
void aws_http_free(struct aws_http *h);

enum aws_outcome {
	AWS_OK,			/* HTTP 2xx */
	AWS_ERROR,		/* the service answered with an error (code, message) */
	AWS_TRANSPORT,		/* no answer: connection refused, dropped, timed out */
	AWS_TLS,		/* TLS failed: certificate not trusted, handshake */
};

struct aws_reply {
	enum aws_outcome outcome;
	long status;		/* HTTP status, 0 without an answer */
	char *code;		/* "ThrottlingException" (from __type or x-amzn-errortype), or NULL */
	char *message;		/* the error's message, the transport's reason, or NULL */
	long retry_after;	/* RetryAfterSeconds, -1 when not given */
};

void aws_reply_release(struct aws_reply *r);

/*
 * POSTs body (JSON text) with X-Amz-Target target.  0 with *r filled
 * (whatever the outcome), -1 after printing when the request could not be
 * made at all (bad URL, no memory).
 */
int aws_http_call(struct aws_http *h, const char *target, const char *body, struct aws_reply *r);

#endif
