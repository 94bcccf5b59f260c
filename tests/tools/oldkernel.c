/*
 * oldkernel - runs a program with the x86_64 system call surface of an
 * older Linux: every call numbered above LAST is answered ENOSYS, as a
 * kernel that predates the call answers it.
 *
 *   oldkernel LAST PROGRAM [ARG]...
 *
 * The x86_64 table only grows (arch/x86/entry/syscalls/syscall_64.tbl), so
 * a kernel's surface is "every number up to its newest call":
 *   2.6.32 (RHEL/CentOS 6)  298  perf_event_open (named perf_counter_open
 *                                 when it came in 2.6.31)
 *   2.6.18 (RHEL 5)         279  move_pages
 * x32 calls (bit 30 set) are refused likewise.  A seccomp filter
 * (Documentation/userspace-api/seccomp_filter.rst) does it: set with
 * no_new_privs, it holds for the program and everything it runs.  Pair it
 * with `qemu-x86_64 -r 2.6.32` for uname (tests/cases/oldkernel.sh).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

int main(int argc, char **argv)
{
	char *end;
	unsigned long last;

	if (argc < 3) {
		fprintf(stderr, "usage: oldkernel LAST PROGRAM [ARG]...\n");
		return 2;
	}
	last = strtoul(argv[1], &end, 10);
	if (*end || last > 1000) {
		fprintf(stderr, "oldkernel: LAST must be a system call number\n");
		return 2;
	}
	struct sock_filter prog[] = {
		/* another architecture's calls (an i386 int 0x80) are refused */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* nr > last (x32's numbers, bit 30, are all greater) */
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (unsigned)last, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fprog = { sizeof prog / sizeof prog[0], prog };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) {
		perror("oldkernel: seccomp");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("oldkernel: exec");
	return 127;
}
