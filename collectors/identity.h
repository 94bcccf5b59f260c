/*
 * identity.h - the host's names, shared by the identity collector and the
 * host key of the scan driver
 */
#ifndef PREMIG_IDENTITY_H
#define PREMIG_IDENTITY_H

#include "../scanner/buf.h"
#include "../scanner/ctx.h"

/*
 * The machine-id (machine-id(5): etc/machine-id, else the D-Bus copy in
 * var/lib/dbus/machine-id), lowercased, 32 hex digits.  Returns 0, 1 when
 * absent or not valid (an empty or "uninitialized" file), <0 on a read error.
 */
int identity_machine_id(const struct scan_ctx *ctx, struct buf *out);

/*
 * The static hostname: the running kernel's (live), else etc/hostname,
 * etc/HOSTNAME (SUSE), HOSTNAME= in etc/sysconfig/network (RHEL 6 and
 * older).  *source (may be NULL) names where it came from.  Returns 0 or 1.
 */
int identity_hostname(const struct scan_ctx *ctx, struct buf *out,
		      const char **source);

#endif
