/*
 * netlink.c - one netlink dump, read bounded (netlink.h)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../../scanner/buf.h"
#include "netlink.h"

/* the answer's messages to fn; 0 or -errno */
static int nl_read(int fd, unsigned int seq, long max_reads, nl_msg_fn *fn, void *arg)
{
	char *buf = xmalloc(NL_DUMP_BUFSZ);
	int rc = 0, done = 0;

	for (long reads = 0; !done && rc == 0 && reads < max_reads; reads++) {
		struct sockaddr_nl from;
		struct iovec iov = { buf, NL_DUMP_BUFSZ };
		struct msghdr msg;
		ssize_t got;
		int len;

		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		got = recvmsg(fd, &msg, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			break;
		}
		if (msg.msg_flags & MSG_TRUNC) {
			rc = -EMSGSIZE;
			break;
		}
		if (from.nl_pid != 0)	/* not the kernel */
			continue;
		len = (int)got;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)(void *)buf; NLMSG_OK(nh, len);
		     nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_seq != seq)
				continue;
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);
				rc = nh->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) && e->error ? e->error : -EIO;
				break;
			}
			if ((rc = fn(nh, arg)) < 0)
				break;
			rc = 0;
		}
	}
	free(buf);
	return rc ? rc : done ? 0 : -ETIMEDOUT;
}

int nl_dump(int protocol, const void *req, size_t len, long max_reads, nl_msg_fn *fn, void *arg)
{
	const struct nlmsghdr *nh = req;
	struct sockaddr_nl kernel;
	struct timeval tv = { 0, 500000 };
	int fd, rc;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
	if (fd < 0)
		return -errno;
	/* the kernel answers at once; never hang on a filtered socket */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&kernel, 0, sizeof(kernel));
	kernel.nl_family = AF_NETLINK;
	if (sendto(fd, req, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		rc = -errno;
	else
		rc = nl_read(fd, nh->nlmsg_seq, max_reads, fn, arg);
	close(fd);
	return rc;
}
