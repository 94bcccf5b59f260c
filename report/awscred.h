/*
 * awscred.h - AWS credentials for premig push: the standard environment
 * variables, or the shared credentials file and its profile
 *
 * Sources, in botocore's order: with --profile, the shared credentials
 * file only; else AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with
 * AWS_SESSION_TOKEN) when both are set; else the file's profile
 * AWS_PROFILE, or "default".  The file is AWS_SHARED_CREDENTIALS_FILE, or
 * ~/.aws/credentials.  Secrets are never printed; awscred_release wipes them.
 */
#ifndef PREMIG_AWSCRED_H
#define PREMIG_AWSCRED_H

#include <stddef.h>

#define AWSCRED_FILE_CAP (1u << 20)	/* bytes of the credentials file read at most */
#define AWSCRED_LINE_CAP 8192		/* a longer line is refused, not cut */
#define AWSCRED_VALUE_CAP 4096		/* longest value kept (session tokens run to ~1,500) */

struct awscred {
	char *access_key;
	char *secret_key;
	char *session_token;	/* NULL when none */
	char *source;		/* where they came from, printable: "environment",
				   "/root/.aws/credentials [default]" */
};

/*
 * Reads profile's keys from the INI text of a credentials file (len bytes,
 * not NUL-terminated).  0 found (access and secret key both set), 1 no such
 * profile or incomplete, -1 malformed: *why (malloc'd) says which line and
 * why.  Nothing is allocated in out unless 0; *why only when -1.
 */
int awscred_parse(const char *text, size_t len, const char *profile,
		  struct awscred *out, char **why);

/*
 * The credentials for profile (NULL: not given on the command line), from
 * the sources above.  0, or -1 after printing what is missing.
 */
int awscred_load(const char *profile, struct awscred *out);

void awscred_release(struct awscred *c);

#endif
