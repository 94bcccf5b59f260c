/*
 * livecap.c - a live capture into a flow table (livecap.h)
 *
 * Source: pcap(3PCAP), pcap_create(3PCAP) and pcap_activate's error codes
 * (PCAP_ERROR_PERM_DENIED, PCAP_ERROR_NO_SUCH_DEVICE), pcap-filter(7).
 * Linux's DLT_RAW is 12 in libpcap's API and LINKTYPE_RAW (101) in files;
 * pkt.c reads LINKTYPE_ values.
 */
#include <errno.h>
#include <poll.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "livecap.h"
#include "pkt.h"
#include "../../scanner/banned.h"

static pcap_t *volatile live;		/* for the SIGINT handler */
static volatile sig_atomic_t stop;

static void on_sigint(int sig)
{
	(void)sig;
	stop = 1;
	if (live)
		pcap_breakloop(live);
}

struct run {
	struct flowtab *t;
	struct dnsnames *dns;
	struct livecap_stats *s;
	int link;
};

static void on_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct run *r = (struct run *)arg;
	struct pkt p;
	int64_t ts = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec * 1000;

	r->s->packets++;
	if (pkt_decode(r->link, bytes, h->caplen, h->len, &p) != PKT_OK)
		return;
	if (p.udp_len && r->dns && dnsmsg_port(p.sport))
		dnsnames_add(r->dns, p.udp_data, p.udp_len, ts);
	if (flowtab_add(r->t, &p, ts, h->len) == 0)
		r->s->counted++;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int livecap_check_filter(const char *filter, char *why, size_t n)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, LIVECAP_SNAPLEN);
	struct bpf_program prog;
	int rc = 0;

	if (!p) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(why, n, "%s", pcap_geterr(p));
		rc = -1;
	} else {
		pcap_freecode(&prog);
	}
	pcap_close(p);
	return rc;
}

int livecap_run(const char *iface, unsigned int seconds, const char *filter, int syn_only,
		int progress, struct flowtab *t, struct dnsnames *dns, struct livecap_stats *s)
{
	char err[PCAP_ERRBUF_SIZE] = "", expr[1024];
	struct run r = { t, dns, s, 0 };
	struct sigaction sa, old;
	struct bpf_program prog;
	struct pcap_stat ps;
	pcap_t *p;
	int64_t end, next_line = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	p = pcap_create(iface, err);
	if (!p) {
		snprintf(s->why, sizeof(s->why), "%s", err);
		return -1;
	}
	pcap_set_snaplen(p, LIVECAP_SNAPLEN);
	pcap_set_promisc(p, 0);
	pcap_set_timeout(p, 200);
	rc = pcap_activate(p);
	if (rc < 0) {
		snprintf(s->why, sizeof(s->why), "%s",
			 rc == PCAP_ERROR_PERM_DENIED ? "capturing needs root or CAP_NET_RAW" :
			 rc == PCAP_ERROR_NO_SUCH_DEVICE ? "no such interface" :
			 pcap_geterr(p));
		if (rc == PCAP_ERROR_NO_SUCH_DEVICE || rc == PCAP_ERROR_PERM_DENIED) {
			size_t k = strlen(s->why);
			snprintf(s->why + k, sizeof(s->why) - k, " ('%s')", iface);
		}
		pcap_close(p);
		return -1;
	}
	if (filter && syn_only)
		snprintf(expr, sizeof(expr), "(%s) and (%s)", filter, LIVECAP_SYN_ONLY);
	else
		snprintf(expr, sizeof(expr), "%s", filter ? filter : syn_only ? LIVECAP_SYN_ONLY : "");
	if (expr[0]) {
		if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0 ||
		    pcap_setfilter(p, &prog) < 0) {
			snprintf(s->why, sizeof(s->why), "filter: %s", pcap_geterr(p));
			pcap_close(p);
			return -1;
		}
		pcap_freecode(&prog);
	}
	r.link = pcap_datalink(p);
	if (r.link == DLT_RAW)
		r.link = PKT_LINK_RAW;	/* the API's 12 (or 14) is the files' 101 */
	s->link = r.link;
	live = p;
	stop = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	end = now_ms() + (int64_t)seconds * 1000;
	/*
	 * Non-blocking, with a poll of our own: with TPACKET_V3 a quiet
	 * interface can hold pcap_dispatch past its timeout indefinitely
	 */
	if (pcap_setnonblock(p, 1, err) < 0 || pcap_get_selectable_fd(p) < 0) {
		snprintf(s->why, sizeof(s->why), "cannot poll the capture: %s", err[0] ? err : "no fd");
		sigaction(SIGINT, &old, NULL);
		live = NULL;
		pcap_close(p);
		return -1;
	}
	while (!stop && now_ms() < end) {
		struct pollfd pfd = { pcap_get_selectable_fd(p), POLLIN, 0 };
		int64_t rest = end - now_ms();

		if (poll(&pfd, 1, rest < 200 ? (int)(rest > 0 ? rest : 0) : 200) < 0 && errno != EINTR) {
			snprintf(s->why, sizeof(s->why), "poll: %s", strerror(errno));
			break;
		}
		if (pcap_dispatch(p, -1, on_packet, (u_char *)&r) < 0 && !stop) {
			snprintf(s->why, sizeof(s->why), "%s", pcap_geterr(p));
			break;
		}
		if (progress && now_ms() >= next_line) {
			int64_t left = (end - now_ms() + 999) / 1000;
			fprintf(stderr, "\rcapturing on %s: %llu packets, %zu flows, %lld s left ", iface,
				(unsigned long long)s->packets, t->n, (long long)(left > 0 ? left : 0));
			next_line = now_ms() + 1000;
		}
	}
	if (progress)
		fprintf(stderr, "\rcapturing on %s: %llu packets, %zu flows, done%-12s\n", iface,
			(unsigned long long)s->packets, t->n, stop ? " (Ctrl-C)" : "");
	sigaction(SIGINT, &old, NULL);
	live = NULL;
	s->interrupted = stop;
	if (pcap_stats(p, &ps) == 0)
		s->dropped = ps.ps_drop;
	pcap_close(p);
	return 0;
}
