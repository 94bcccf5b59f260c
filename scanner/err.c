/*
 * err.c - error and warning output on stderr
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "banned.h"

static int quiet;

int err_quiet(void)
{
	return quiet;
}

void err_set_quiet(int q)
{
	quiet = q;
}

static void vreport(const char *prefix, int errnum, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", err_str(errnum));
	fputc('\n', stderr);
}

int scan_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("premig: ", 0, fmt, ap);
	va_end(ap);
	return -1;
}

int scan_error_errno(int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("premig: ", errnum ? errnum : EIO, fmt, ap);
	va_end(ap);
	return -1;
}

void scan_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vreport("premig: warning: ", 0, fmt, ap);
	va_end(ap);
}

const char *err_str(int rc)
{
	int e = rc < 0 ? -rc : rc;

	switch (e) {
	case EFBIG:
		return "larger than the size cap";
	case EILSEQ:
		return "binary content where text was expected";
	case EMEDIUMTYPE:
		return "not a regular file";
	case ELOOP:
		return "too many levels of symbolic links";
	}
	return strerror(e);
}
