/*
 * watch.c - the scan's watchdog: every collector bounded in time and memory
 *
 * osquery's watchdog is the model (osquery/core/watcher.cpp): a supervisor
 * process forks the worker that does the job, kills it (SIGKILL) when it
 * goes over its limits and starts another, which skips what was running;
 * the worker dies with its supervisor.  Here the worker runs the scan
 * under an address-space limit (setrlimit(2) RLIMIT_AS), so that a runaway
 * allocation fails in the worker instead of taking the host's memory, and
 * tells on a pipe which collector it starts and ends; the supervisor kills
 * it when a collector runs past its time budget.  When the worker dies
 * inside a collector (killed, out of memory, crashed), a new worker
 * records that collector as failed with the reason and goes on with the
 * next one: the collector fails alone.  The store stays whole: a
 * transaction that the dead worker did not commit never counts
 * (https://sqlite.org/wal.html), and its locks die with it.
 *
 * The supervisor never opens the store: a SQLite connection must not cross
 * a fork (https://sqlite.org/howtocorrupt.html, section 2.6), so each
 * worker opens its own.  The happy path costs one fork.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "exitcodes.h"
#include "watch.h"
#include "banned.h"

/* AddressSanitizer reserves terabytes of address space for its shadow */
#if defined(__SANITIZE_ADDRESS__)
#define WATCH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WATCH_ASAN 1
#endif
#endif
#ifndef WATCH_ASAN
#define WATCH_ASAN 0
#endif

#define WORKER_EXIT_OOM 90	/* worker to supervisor only, never premig's own status */
#define KILL_GRACE_MS 5000	/* a killed worker stuck in the kernel is waited for no longer */

enum { MSG_SCAN = 1, MSG_START, MSG_DONE };

/* 16 bytes, less than PIPE_BUF: each is written and read whole */
struct msg {
	int32_t kind;
	int32_t index;
	int64_t value;
};

/* the supervisor's view of one worker */
struct worker {
	pid_t pid;
	int fd;			/* the read end of its pipe, non-blocking */
	int status;		/* from waitpid, when reaped */
	int reaped;
	int timed_out;		/* killed for the time budget */
	int running;		/* the collector it runs, -1 between collectors */
	int last;		/* the last collector it started, -1 none */
	int64_t started_ms;	/* when it started running */
	int64_t scan_id;
};

static int report_fd = -1;	/* in the worker: the write end of the pipe */

int watch_memory_unlimitable(void)
{
	return WATCH_ASAN;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the worker's side ------------------------------------------------ */

static void report(int kind, int index, int64_t value)
{
	struct msg m = { .kind = kind, .index = index, .value = value };
	ssize_t n;

	if (report_fd < 0)
		return;
	do
		n = write(report_fd, &m, sizeof(m));
	while (n < 0 && errno == EINTR);
}

void watch_scan_id(int64_t scan_id)
{
	report(MSG_SCAN, -1, scan_id);
}

void watch_collector_start(int index)
{
	report(MSG_START, index, 0);
}

void watch_collector_done(int index)
{
	report(MSG_DONE, index, 0);
}

/* the heap is exhausted: no stdio, no abort (a core of the whole address space) */
static void worker_oom(size_t n)
{
	_exit(WORKER_EXIT_OOM);
}

struct spawn {
	const struct watch_limits *lim;
	uint64_t mem_bytes;	/* RLIMIT_AS to set, 0 none */
	struct sigaction old_act;
	sigset_t old_mask;
	int (*body)(void *arg, const struct watch_resume *resume);
	void *arg;
};

static void __attribute__((noreturn))
worker_main(const struct spawn *sp, pid_t parent, int wfd, const struct watch_resume *resume)
{
	/* osquery's worker, too, ends when its watcher is gone */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(EXIT_FATAL);
	sigaction(SIGCHLD, &sp->old_act, NULL);
	sigprocmask(SIG_SETMASK, &sp->old_mask, NULL);
	report_fd = wfd;
	if (sp->mem_bytes) {
		struct rlimit rl = { .rlim_cur = sp->mem_bytes, .rlim_max = sp->mem_bytes };
		int r = setrlimit(RLIMIT_AS, &rl);
#ifdef SYS_setrlimit
		/* glibc's setrlimit is prlimit64, which kernels before 2.6.36 lack */
		if (r < 0 && errno == ENOSYS)
			r = (int)syscall(SYS_setrlimit, RLIMIT_AS, &rl);
#endif
		if (r < 0)
			scan_warn("scan: cannot set the memory limit: %s", strerror(errno));
	}
	xalloc_set_oom_handler(worker_oom);
	/* exit, not _exit: stdio is flushed and the sanitizers check the worker */
	exit(sp->body(sp->arg, resume));
}

/* ---- the supervisor's side -------------------------------------------- */

static void on_sigchld(int sig)
{
	/* only there to make ppoll return */
}

/*
 * Ctrl-C reaches the worker too (one process group): a live capture ends
 * early and the scan goes on, so the supervisor stays to see it through;
 * a worker that Ctrl-C ends outside a capture ends the scan (verdict).
 */
static void on_sigint(int sig)
{
	(void)sig;
}

int pipe_cloexec(int fd[2])
{
	if (pipe2(fd, O_CLOEXEC) == 0)
		return 0;
	/* the call itself: glibc's pipe() is pipe2(fd, 0) */
#ifdef SYS_pipe
	if (errno != ENOSYS || syscall(SYS_pipe, fd) < 0)
		return -1;
#else
	return -1;
#endif
	/* single-threaded here: no exec can come between pipe and fcntl */
	if (fcntl(fd[0], F_SETFD, FD_CLOEXEC) < 0 || fcntl(fd[1], F_SETFD, FD_CLOEXEC) < 0) {
		int e = errno;
		close(fd[0]);
		close(fd[1]);
		errno = e;
		return -1;
	}
	return 0;
}

static int start_worker(const struct spawn *sp, struct worker *w, const struct watch_resume *resume)
{
	int fd[2];
	pid_t parent = getpid();

	memset(w, 0, sizeof(*w));
	w->running = w->last = -1;
	if (pipe_cloexec(fd) < 0)
		return scan_error_errno(errno, "scan: cannot start the scan worker");
	/* what stdio holds must not be written twice */
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return scan_error_errno(errno, "scan: cannot start the scan worker");
	}
	if (w->pid == 0) {
		struct sigaction dfl;

		/* Ctrl-C ends the worker, but where a capture catches it */
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGINT, &dfl, NULL);
		close(fd[0]);
		worker_main(sp, parent, fd[1], resume);
	}
	close(fd[1]);
	w->fd = fd[0];
	fcntl(w->fd, F_SETFL, O_NONBLOCK);
	if (resume)
		w->scan_id = resume->scan_id;
	return 0;
}

/*
 * Reads what the worker said.  Returns 0 once the pipe is closed: the
 * worker is gone (a process it forked may hold the pipe open after it, so
 * its end is learnt from SIGCHLD, not from here).
 */
static int read_msgs(struct worker *w)
{
	struct msg m[32];

	for (;;) {
		ssize_t n = read(w->fd, m, sizeof(m));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;	/* EAGAIN: nothing more for now */
		if (n == 0)
			return 0;
		for (size_t i = 0; i < (size_t)n / sizeof(m[0]); i++) {
			switch (m[i].kind) {
			case MSG_SCAN:
				w->scan_id = m[i].value;
				break;
			case MSG_START:
				w->running = w->last = m[i].index;
				w->started_ms = now_ms();
				break;
			case MSG_DONE:
				w->running = -1;
				break;
			}
		}
	}
}

static int reap(struct worker *w)
{
	pid_t r = waitpid(w->pid, &w->status, WNOHANG);

	if (r == w->pid || (r < 0 && errno == ECHILD))
		w->reaped = 1;
	return w->reaped;
}

/* waits for SIGCHLD or the pipe, at most ms (-1: no limit) */
static void wait_event(struct worker *w, int pipe_open, int64_t ms, const sigset_t *waitmask)
{
	struct pollfd p = { .fd = w->fd, .events = POLLIN };
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	ppoll(&p, pipe_open ? 1 : 0, ms < 0 ? NULL : &ts, waitmask);
}

/* kills the worker for its time budget and waits for it, a while */
static void kill_worker(struct worker *w, const sigset_t *waitmask)
{
	int64_t until = now_ms() + KILL_GRACE_MS;
	int64_t left;

	w->timed_out = 1;
	kill(w->pid, SIGKILL);
	while (!reap(w) && (left = until - now_ms()) > 0)
		wait_event(w, 0, left, waitmask);
	read_msgs(w);
}

/* follows the worker until it ends or is killed */
static void supervise(struct worker *w, const struct watch_limits *lim, const sigset_t *waitmask)
{
	int pipe_open = 1;

	for (;;) {
		int64_t left = -1;

		if (pipe_open)
			pipe_open = read_msgs(w);
		if (reap(w)) {
			read_msgs(w);
			return;
		}
		if (w->running >= 0 && lim->timeout_s) {
			int64_t budget = watch_budget(lim, w->running);
			left = w->started_ms + budget * 1000 - now_ms();
			if (left <= 0) {
				kill_worker(w, waitmask);
				return;
			}
		}
		/* SIGCHLD is blocked but here: one that came since reap() ends the wait */
		wait_event(w, pipe_open, left, waitmask);
	}
}

unsigned int watch_budget(const struct watch_limits *lim, int index)
{
	uint64_t s = lim->timeout_s;

	if (!s)
		return 0;
	for (int i = 0; i < WATCH_EXTRAS; i++)
		if (index >= 0 && lim->extra[i].index == index)
			s += lim->extra[i].s;
	return s > UINT_MAX ? UINT_MAX : (unsigned int)s;
}

/* why the worker ended, when it did not end well */
static void why(const struct worker *w, unsigned int mem_mib, const struct watch_limits *lim,
		char *out, size_t size)
{
	if (w->timed_out)
		snprintf(out, size, "exceeded the time budget of %u s", watch_budget(lim, w->last));
	else if (WIFEXITED(w->status) && WEXITSTATUS(w->status) == WORKER_EXIT_OOM && mem_mib)
		snprintf(out, size, "exceeded the memory limit of %u MiB (out of memory)", mem_mib);
	else if (WIFEXITED(w->status) && WEXITSTATUS(w->status) == WORKER_EXIT_OOM)
		snprintf(out, size, "out of memory");
	else if (WIFSIGNALED(w->status))
		snprintf(out, size, "crashed: %s", strsignal(WTERMSIG(w->status)));
	else
		snprintf(out, size, "ended the scan process (exit status %d)", WEXITSTATUS(w->status));
}

/*
 * After the worker ended: its exit status when it finished the scan, or
 * -1 with *resume filled when a new worker must take over.
 */
static int verdict(const struct worker *w, const struct watch_limits *lim, unsigned int mem_mib,
		   struct watch_resume *resume)
{
	char reason[sizeof(resume->reason)];

	if (!w->timed_out && WIFEXITED(w->status) && WEXITSTATUS(w->status) != WORKER_EXIT_OOM &&
	    w->running < 0)
		return WEXITSTATUS(w->status);
	if (!w->timed_out && WIFSIGNALED(w->status) && WTERMSIG(w->status) == SIGINT) {
		scan_error("scan: interrupted");
		return EXIT_INTERRUPTED;
	}
	why(w, mem_mib, lim, reason, sizeof(reason));
	/*
	 * Killed just as its collector ended, it is resumed all the same: the
	 * new worker records a failure only for a collector that has no run.
	 */
	if (w->last < 0 || !w->scan_id || (w->running < 0 && !w->timed_out)) {
		scan_error("scan: the scan stopped outside a collector: %s", reason);
		return EXIT_FATAL;
	}
	memset(resume, 0, sizeof(*resume));
	resume->scan_id = w->scan_id;
	resume->index = w->last;
	resume->us = (now_ms() - w->started_ms) * 1000;
	snprintf(resume->reason, sizeof(resume->reason), "%s", reason);
	return -1;
}

/* the address space to allow the worker, never more than it has already */
static uint64_t memory_limit(unsigned int mib, unsigned int *eff_mib)
{
	uint64_t want = (uint64_t)mib << 20;
	struct rlimit rl;
	int r;

	*eff_mib = 0;
	if (!mib || WATCH_ASAN)
		return 0;
	r = getrlimit(RLIMIT_AS, &rl);
#ifdef SYS_getrlimit
	if (r < 0 && errno == ENOSYS)	/* prlimit64, as above */
		r = (int)syscall(SYS_getrlimit, RLIMIT_AS, &rl);
#endif
	if (r == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
		want = rl.rlim_cur;
	*eff_mib = (unsigned int)(want >> 20);
	return want;
}

int watch_run(const struct watch_limits *lim, int (*body)(void *arg, const struct watch_resume *resume),
	      void *arg)
{
	struct spawn sp = { .lim = lim, .body = body, .arg = arg };
	struct sigaction sa, old_int;
	struct watch_resume resume;
	const struct watch_resume *rp = NULL;
	sigset_t chld, waitmask;
	unsigned int mem_mib;
	int ret;

	if (!lim->timeout_s && !lim->max_memory_mib)
		return body(arg, NULL);
	sp.mem_bytes = memory_limit(lim->max_memory_mib, &mem_mib);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &sp.old_mask);
	sigaction(SIGCHLD, &sa, &sp.old_act);
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, &old_int);
	waitmask = sp.old_mask;
	sigdelset(&waitmask, SIGCHLD);
	for (;;) {
		struct worker w;

		if (start_worker(&sp, &w, rp) < 0) {
			ret = EXIT_FATAL;
			break;
		}
		supervise(&w, lim, &waitmask);
		close(w.fd);
		/*
		 * This ends: each new worker starts after the collector its
		 * predecessor died in, and one that dies before it starts a
		 * collector ends the scan.
		 */
		ret = verdict(&w, lim, mem_mib, &resume);
		if (ret >= 0)
			break;
		rp = &resume;
	}
	sigaction(SIGCHLD, &sp.old_act, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigprocmask(SIG_SETMASK, &sp.old_mask, NULL);
	return ret;
}
