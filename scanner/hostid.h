/*
 * hostid.h - what identifies a host, for the identity and hardware collectors
 * and the host key (hostkey.c)
 */
#ifndef PREMIG_HOSTID_H
#define PREMIG_HOSTID_H

#include "buf.h"
#include "ctx.h"

/*
 * The machine-id (machine-id(5): etc/machine-id, else the D-Bus copy in
 * var/lib/dbus/machine-id), lowercased, 32 hex digits.  Returns 0, 1 when
 * absent or not valid (an empty or "uninitialized" file), <0 on a read error.
 */
int hostid_machine_id(const struct scan_ctx *ctx, struct buf *out);

/*
 * The static hostname: the running kernel's (live), else etc/hostname,
 * etc/HOSTNAME (SUSE), HOSTNAME= in etc/sysconfig/network (RHEL 6 and
 * older).  *source (may be NULL) names where it came from.  Returns 0 or 1.
 */
int hostid_hostname(const struct scan_ctx *ctx, struct buf *out,
		      const char **source);

/*
 * Is s (a DMI product_uuid as read) a real identity: a well-formed UUID that
 * is not one of the placeholders boards ship with (all zeros, all ones, the
 * common dummy)?  Lowercases s in place.  Returns 1 or 0.
 */
int hostid_uuid_usable(char *s);

/* is s a well-formed UUID text (8-4-4-4-12 hex digits)?  Lowercases s in place */
int hostid_uuid_valid(char *s);

#endif
