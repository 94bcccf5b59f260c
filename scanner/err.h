/*
 * err.h - reporting errors once, where they are found
 *
 * Messages are lowercase, name what failed first, quote the subject and end
 * with the reason: "premig: scan: cannot open database 'x.db': file is not a
 * database".  scan_error() and scan_error_errno() print and return -1 so
 * that a caller can write `return scan_error(...)`.
 */
#ifndef PREMIG_ERR_H
#define PREMIG_ERR_H

int scan_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* appends ": strerror(errnum)"; errnum may be negative (-errno style) */
int scan_error_errno(int errnum, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void scan_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* set by --quiet: warnings are not printed, errors still are */
void err_set_quiet(int quiet);
int err_quiet(void);

/*
 * The text of a -errno style code from the readers, including the codes the
 * project gives its own meaning: -EFBIG (over the size cap), -EILSEQ (binary
 * content in a text file), -EMEDIUMTYPE from fsread (not a regular file).
 */
const char *err_str(int rc);

#endif
