/*
 * attrs.h - what premig tells Migration Hub about each host: the
 * PutResourceAttributes request (its attribute set), the migration task's
 * name and its status detail, each validated against the API's
 * constraints (../shared/reference/aws-spec.md section 2.3, from botocore's
 * mgh 2017-05-31 model) before anything is sent
 *
 *   premig export attributes [--db FILE] [--stream NAME] [-o FILE]
 */
#ifndef PREMIG_ATTRS_H
#define PREMIG_ATTRS_H

#include <jansson.h>
#include <sqlite3.h>

#define ATTRS_MAX 100			/* ResourceAttributeList: 1 to 100 */
#define ATTR_VALUE_MAX 256		/* ResourceAttributeValue: 1 to 256 characters */
#define TASK_NAME_MAX 256		/* MigrationTaskName: 1 to 256, no ':' or '|' */
#define STREAM_NAME_MAX 50		/* ProgressUpdateStream: 1 to 50, no '/', ':', '|', controls */
#define STATUS_DETAIL_MAX 500		/* StatusDetail: 0 to 500 (the older model's limit) */

/* one host, as push sends it; every member owned by the struct */
struct push_host {
	char *host_key;		/* premig's stable host key */
	char *task_name;	/* MigrationTaskName made from it (attrs_task_name) */
	json_t *attributes;	/* [{"Type": ..., "Value": ...}], at most ATTRS_MAX */
	char *status_detail;	/* the premig verdicts, at most STATUS_DETAIL_MAX */
	char *problem;		/* NULL, or why this host cannot be sent */
};

/*
 * Calls fn for every host of db (its latest finished scan, else its latest:
 * report.h's REPORT_LATEST_SCANS_SQL), in host-key order; h is borrowed
 * for the call.  Values that fail their format are left out, and a set
 * larger than ATTRS_MAX is cut (FQDN, BIOS id, MACs, IPv4, IPv6 in that
 * order), each with a warning; a host left with no attribute, or whose
 * request fails attrs_validate, has h->problem set.  fn returns 0 to go
 * on, <0 (after printing) to stop.  0, or <0 after printing.
 */
int attrs_each_host(sqlite3 *db, int (*fn)(const struct push_host *h, void *arg), void *arg);

/*
 * The checks of the API's shapes: 0 valid, 1 invalid with *why (malloc'd,
 * the caller's) saying what.  attrs_validate checks a whole attribute list
 * (count, type enum, each value's length and format, the VM_* rule).
 */
int attrs_validate(const json_t *list, char **why);
int attrs_valid_task_name(const char *s, char **why);
int attrs_valid_stream(const char *s, char **why);

/*
 * MigrationTaskName for a host key: the key itself when it fits the
 * pattern, else the key with ':' and '|' made '-' and 8 hex digits of its
 * SHA-256 appended (so that two keys never share a name), cut to fit.
 * malloc'd.
 */
char *attrs_task_name(const char *host_key);

/* the body of PutResourceAttributes for h on stream: a new reference */
json_t *attrs_request(const struct push_host *h, const char *stream);

/* premig export attributes ARGS (argv[0] is "attributes"): the exit status */
int export_attributes(int argc, char **argv);

#endif
