/*
 * sigv4.h - AWS Signature Version 4 (header signing, AWS4-HMAC-SHA256)
 *
 * The algorithm of the AWS General Reference, "Signature Version 4 signing
 * process" (create a canonical request, a string to sign, the signing key
 * and the signature), checked against the AWS SigV4 test suite in
 * ../shared/corpus/sigv4 (tests/cases/sigv4.sh).  Nothing here does I/O.
 */
#ifndef PREMIG_SIGV4_H
#define PREMIG_SIGV4_H

#include <stddef.h>

struct sigv4_header {
	const char *name;	/* any case; duplicates are joined with ',' in order */
	const char *value;	/* trimmed and its runs of blanks folded when signed */
};

struct sigv4_request {
	const char *method;		/* "POST" */
	const char *path;		/* raw path, "/" when empty; dot segments and
					   repeated slashes are normalised, then each
					   byte outside the unreserved set percent-encoded */
	const char *query;		/* raw query after '?', or NULL */
	const struct sigv4_header *headers;	/* every header to sign, with
						   Host and X-Amz-Date */
	size_t nheaders;
	const void *body;
	size_t body_len;
};

struct sigv4_key {
	const char *access_key;
	const char *secret_key;
	const char *region;
	const char *service;		/* "mgh" */
};

/* what sigv4_sign produces; every string malloc'd, freed by sigv4_result_release */
struct sigv4_result {
	char *canonical_request;
	char *string_to_sign;
	char *authorization;	/* the Authorization header's value */
};

/*
 * Signs rq with k at amz_date ("YYYYMMDDTHHMMSSZ", the X-Amz-Date value).
 * 0, or -1 when amz_date is malformed or a header name is empty (nothing
 * allocated then).  Never prints: the caller says what failed.
 */
int sigv4_sign(const struct sigv4_request *rq, const struct sigv4_key *k,
	       const char *amz_date, struct sigv4_result *out);
void sigv4_result_release(struct sigv4_result *r);

/* lower-case hex SHA-256 of len bytes into hex[65] */
void sigv4_sha256_hex(const void *p, size_t len, char hex[65]);

#endif
