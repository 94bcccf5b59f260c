/*
 * relfile.h - legacy release files, for the os collector (and `premig
 * debug decode release-file`): hosts without os-release(5)
 *
 * etc/redhat-release and its siblings ("CentOS release 6.10 (Final)",
 * etc/system-release of Amazon Linux AMI), etc/SuSE-release (VERSION and
 * PATCHLEVEL: SLES 11 SP4 is 11.4), etc/slackware-version,
 * etc/lsb-release and etc/debian_version.  Each reader takes the file's
 * text, NUL-terminated with the white space at its end trimmed, and fills
 * a struct osinfo (osrelease.h) with os-release ids.
 */
#ifndef PREMIG_RELFILE_H
#define PREMIG_RELFILE_H

#include <stddef.h>

#include "../../scanner/buf.h"
#include "osrelease.h"

enum relfile_kind {
	RELFILE_RH,		/* "NAME release VERSION (CODENAME)": *-release */
	RELFILE_SUSE,		/* SuSE-release */
	RELFILE_SLACKWARE,	/* slackware-version */
	RELFILE_LSB,		/* lsb-release */
	RELFILE_DEBIAN,		/* debian_version */
};

/* the kind of a release file by its base name (RELFILE_RH for any other) */
enum relfile_kind relfile_kind_of(const char *name);
const char *relfile_kind_name(enum relfile_kind k);

/*
 * Reads text as a file of kind k at path (the path names an unknown
 * distribution's id, "foo-release", and redhat-release or system-release
 * makes the family rhel).  0 read; -1 when it is not such a file (why says
 * so: "'PATH' is not a release line").
 */
int relfile_parse(enum relfile_kind k, const char *path, const char *text, struct osinfo *o,
		  struct buf *why);

/* the first version ("6.10", "2016.03") in text at a word start: its length, *at */
size_t relfile_find_version(const char *text, const char **at);

/*
 * "NAME release VERSION (CODENAME)" as in redhat-release(5)-style files:
 * sets name, version and codename of the first line; returns 0 if it has
 * a " release " word or a version, else -1.
 */
int relfile_release_line(const char *text, char **name, char **version, char **codename);

#endif
