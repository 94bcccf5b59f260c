/*
 * watch.h - the scan's watchdog: every collector bounded in time and memory
 *
 * The scan runs in a worker process under an address-space limit; this
 * process supervises it and kills it when a collector outlives its time
 * budget.  When the worker dies inside a collector, a new worker records
 * that collector as failed with the reason and goes on with the next one.
 */
#ifndef PREMIG_WATCH_H
#define PREMIG_WATCH_H

#include <stdint.h>

#define WATCH_TIMEOUT_S 60		/* --collector-timeout default */
#define WATCH_MAX_MEMORY_MIB 1024	/* --max-memory default */
#define WATCH_TIMEOUT_MAX 86400
/* MiB: the worker's libraries and store take some 45 MiB of address space */
#define WATCH_MEMORY_MIN 64
#define WATCH_MEMORY_MAX (1024 * 1024)

#define WATCH_EXTRAS 2		/* collectors that may wait longer: a capture, a sampling */

struct watch_limits {
	unsigned int timeout_s;		/* per collector; 0: none */
	unsigned int max_memory_mib;	/* of the worker's address space; 0: none */
	/* collectors (table index, -1: none) whose budget is s longer */
	struct { int index; unsigned int s; } extra[WATCH_EXTRAS];
};

/* the time budget of collector index under lim, in seconds (0: none) */
unsigned int watch_budget(const struct watch_limits *lim, int index);

/* where a new worker takes over from one that died inside a collector */
struct watch_resume {
	int64_t scan_id;
	int index;		/* the collector that was running, in table order */
	int64_t us;		/* how long it ran */
	char reason[128];	/* "exceeded the time budget of 60 s" */
};

/*
 * Runs body(arg, NULL) in a worker process under lim and returns its
 * result (an exit status of exitcodes.h).  Each time the worker dies
 * inside a collector, body(arg, resume) runs in a new worker: it must
 * record resume->index as failed with resume->reason and go on after it.
 * With both limits 0, body runs in this process, unwatched.  The caller
 * must hold no SQLite connection: one must never cross a fork.
 */
int watch_run(const struct watch_limits *lim, int (*body)(void *arg, const struct watch_resume *resume),
	      void *arg);

/* the worker's reports to the supervisor; no-ops when unwatched */
void watch_scan_id(int64_t scan_id);
void watch_collector_start(int index);
void watch_collector_done(int index);

/* 1 when this build cannot limit its address space (AddressSanitizer) */
int watch_memory_unlimitable(void);

/*
 * pipe2(fd, O_CLOEXEC), or on kernels before 2.6.27, which answer pipe2
 * ENOSYS (RHEL 5), pipe and FD_CLOEXEC; 0 or -1 with errno
 */
int pipe_cloexec(int fd[2]);

#endif
