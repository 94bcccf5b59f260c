/*
 * awscred.c - the shared credentials file and the environment (awscred.h)
 *
 * The file's format is the AWS CLI's ("Configuration and credential file
 * settings", AWS CLI User Guide): INI sections "[name]", lines
 * "key = value", comments starting with '#' or ';', indented lines
 * continuing a nested value (ignored here).  Keys: aws_access_key_id,
 * aws_secret_access_key, aws_session_token.  The reader is bounded
 * (AWSCRED_FILE_CAP, AWSCRED_LINE_CAP, AWSCRED_VALUE_CAP) and refuses a
 * NUL byte; it is fuzzed as the decoder "aws-credentials".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "../scanner/buf.h"
#include "../scanner/err.h"
#include "awscred.h"
#include "../scanner/banned.h"

static void wipe_free(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

void awscred_release(struct awscred *c)
{
	if (!c)
		return;
	wipe_free(c->access_key);
	wipe_free(c->secret_key);
	wipe_free(c->session_token);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* [s, e) without surrounding blanks */
static void trim(const char **s, const char **e)
{
	while (*s < *e && is_blank(**s))
		(*s)++;
	while (*e > *s && is_blank((*e)[-1]))
		(*e)--;
}

static int eq_n(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && !memcmp(s, word, n);
}

int awscred_parse(const char *text, size_t len, const char *profile,
		  struct awscred *out, char **why)
{
	const char *p = text, *end = text + len;
	char *ak = NULL, *sk = NULL, *tok = NULL;
	int in_profile = 0, lineno = 0, rc;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (memchr(text, '\0', len)) {
		*why = xstrdup("holds a NUL byte");
		return -1;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *s = p, *e = le, *eq;
		char **slot = NULL;

		lineno++;
		p = nl ? nl + 1 : end;
		if ((size_t)(le - s) > AWSCRED_LINE_CAP) {
			*why = xasprintf("line %d: longer than %u bytes", lineno, AWSCRED_LINE_CAP);
			goto bad;
		}
		if (s < e && is_blank(*s))
			continue;	/* a nested value's line */
		trim(&s, &e);
		if (s == e || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			const char *ns = s + 1, *ne = e;
			if (e[-1] != ']' || e - s < 3) {
				*why = xasprintf("line %d: a section header must be \"[name]\"", lineno);
				goto bad;
			}
			ne = e - 1;
			trim(&ns, &ne);
			in_profile = eq_n(ns, (size_t)(ne - ns), profile);
			continue;
		}
		eq = memchr(s, '=', (size_t)(e - s));
		if (!eq) {
			*why = xasprintf("line %d: expected \"key = value\" or \"[profile]\"", lineno);
			goto bad;
		}
		if (!in_profile)
			continue;
		{
			const char *ks = s, *ke = eq, *vs = eq + 1, *ve = e;
			trim(&ks, &ke);
			trim(&vs, &ve);
			if (eq_n(ks, (size_t)(ke - ks), "aws_access_key_id"))
				slot = &ak;
			else if (eq_n(ks, (size_t)(ke - ks), "aws_secret_access_key"))
				slot = &sk;
			else if (eq_n(ks, (size_t)(ke - ks), "aws_session_token"))
				slot = &tok;
			if (!slot)
				continue;
			if ((size_t)(ve - vs) > AWSCRED_VALUE_CAP) {
				*why = xasprintf("line %d: value longer than %u bytes", lineno,
						 AWSCRED_VALUE_CAP);
				goto bad;
			}
			wipe_free(*slot);	/* the later line wins, as in the AWS CLI */
			*slot = xstrndup(vs, (size_t)(ve - vs));
		}
	}
	if (!ak || !sk || !*ak || !*sk) {
		rc = 1;
		goto drop;
	}
	out->access_key = ak;
	out->secret_key = sk;
	out->session_token = tok && *tok ? tok : NULL;
	if (!out->session_token)
		wipe_free(tok);
	return 0;
bad:
	rc = -1;
drop:
	wipe_free(ak);
	wipe_free(sk);
	wipe_free(tok);
	return rc;
}

/* the file, at most AWSCRED_FILE_CAP bytes; 0, 1 absent, -1 after printing */
static int read_cred_file(const char *path, struct buf *b)
{
	struct stat st;
	char chunk[8192];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		return scan_error_errno(errno, "push: cannot read credentials file '%s'", path);
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return scan_error("push: credentials file '%s': not a regular file", path);
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return scan_error_errno(e, "push: cannot read credentials file '%s'", path);
		}
		if (n == 0)
			break;
		if (b->len + (size_t)n > AWSCRED_FILE_CAP) {
			close(fd);
			return scan_error("push: credentials file '%s': larger than %u bytes",
					  path, AWSCRED_FILE_CAP);
		}
		buf_add(b, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

int awscred_load(const char *profile, struct awscred *out)
{
	const char *ak = getenv("AWS_ACCESS_KEY_ID"), *sk = getenv("AWS_SECRET_ACCESS_KEY");
	const char *file = getenv("AWS_SHARED_CREDENTIALS_FILE"), *home = getenv("HOME");
	char *path = NULL, *why = NULL;
	struct buf b = BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!profile && ak && *ak && sk && *sk) {
		const char *tok = getenv("AWS_SESSION_TOKEN");
		out->access_key = xstrdup(ak);
		out->secret_key = xstrdup(sk);
		out->session_token = tok && *tok ? xstrdup(tok) : NULL;
		out->source = xstrdup("environment");
		return 0;
	}
	if (!profile)
		profile = getenv("AWS_PROFILE");
	if (!profile || !*profile)
		profile = "default";
	if (file && *file)
		path = xstrdup(file);
	else if (home && *home)
		path = xasprintf("%s/.aws/credentials", home);
	else
		return scan_error("push: no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
				  " are not set, and HOME is not set to find ~/.aws/credentials");
	rc = read_cred_file(path, &b);
	if (rc == 1) {
		scan_error("push: no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
			   " are not set and '%s' does not exist", path);
		rc = -1;
	} else if (rc == 0) {
		rc = awscred_parse(b.data, b.len, profile, out, &why);
		if (rc < 0)
			scan_error("push: credentials file '%s': %s", path, why);
		else if (rc == 1)
			scan_error("push: credentials file '%s': no profile '%s' with both"
				   " aws_access_key_id and aws_secret_access_key", path, profile);
		else
			out->source = xasprintf("%s [%s]", path, profile);
		rc = rc == 0 ? 0 : -1;
	}
	OPENSSL_cleanse(b.data, b.len);
	buf_release(&b);
	free(why);
	free(path);
	return rc;
}
