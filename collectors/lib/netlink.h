/*
 * netlink.h - one netlink dump (rtnetlink's RTM_GETLINK for the nics
 * collector, sock_diag's TCPDIAG_GETSOCK for the connections collector)
 *
 * The request goes to the kernel on a socket of the given netlink protocol;
 * the answer's messages of the request's sequence number are handed to fn
 * one by one until NLMSG_DONE (netlink(7)).  Bounded: a receive timeout of
 * half a second (the kernel answers at once; a filtered socket must not
 * hang a scan) and at most max_reads replies of NL_DUMP_BUFSZ bytes.
 */
#ifndef PREMIG_NETLINK_H
#define PREMIG_NETLINK_H

#include <stddef.h>
#include <linux/netlink.h>

#define NL_DUMP_BUFSZ (64 * 1024)

/* a message of the answer; a negative -errno return ends the dump with it */
typedef int nl_msg_fn(const struct nlmsghdr *nh, void *arg);

/*
 * Sends req (len bytes: a struct nlmsghdr with NLM_F_REQUEST | NLM_F_DUMP
 * and its sequence number, then the request) on a new socket of protocol
 * and walks the answer.  Returns 0, the kernel's -errno of an NLMSG_ERROR,
 * fn's negative return, or -errno of the socket (-ETIMEDOUT when the
 * answer did not end within max_reads replies, -EMSGSIZE for a reply
 * larger than the buffer).
 */
int nl_dump(int protocol, const void *req, size_t len, long max_reads, nl_msg_fn *fn, void *arg);

#endif
