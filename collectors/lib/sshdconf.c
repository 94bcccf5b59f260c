/*
 * sshdconf.c - sshd_config(5): the ports sshd listens on (sshdconf.h)
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../../scanner/fsread.h"
#include "sshdconf.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

static int sshd_file(struct sshd_read *sr, const char *path, int depth);

/* 1 when the port is new to the list */
static int add_port(struct sshd_read *sr, unsigned int port)
{
	struct fw_ports *pp = sr->pp;

	for (size_t i = 0; i < pp->n; i++)
		if (pp->p[i] == port)
			return 0;
	if (pp->n >= FW_MAX_PORTS) {
		if (!pp->partial)
			fw_ev_add(sr->src, "more than %d ports: truncated at %d", FW_MAX_PORTS,
			       FW_MAX_PORTS);
		pp->partial = 1;
		return 0;
	}
	pp->p[pp->n++] = port;
	return 1;
}

/* counts n names against SSHD_MAX_NAMES; 0 within it */
static int sshd_count(struct sshd_read *sr, size_t n)
{
	sr->names += n;
	if (sr->names <= SSHD_MAX_NAMES)
		return 0;
	if (!sr->cut)
		fw_ev_add(sr->src, "Include: too many names listed or tried: truncated at %d",
		       SSHD_MAX_NAMES);
	sr->cut = 1;
	return -1;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The paths a glob pattern (root-relative) matches, sorted as glob(3)
 * sorts them; a path with no wildcard is taken as it is (reading it tells
 * whether it exists).  Wildcards match no leading '.'.  A malloc'd array
 * of malloc'd strings, *n of them.
 */
static char **sshd_glob(struct sshd_read *sr, const char *pat, size_t *n)
{
	char **cur = xcalloc(1, sizeof(*cur)), **next;
	size_t ncur = 1, nnext;
	char *copy = xstrdup(pat), *save = NULL;

	cur[0] = xstrdup("");
	for (char *comp = strtok_r(copy, "/", &save); comp && ncur; comp = strtok_r(NULL, "/", &save)) {
		next = NULL;
		nnext = 0;
		for (size_t i = 0; i < ncur && !sr->cut; i++) {
			const char *sep = *cur[i] ? "/" : "";
			char **names;
			size_t k;
			if (!strpbrk(comp, "*?[")) {
				next = xrealloc(next, (nnext + 1) * sizeof(*next));
				next[nnext++] = xasprintf("%s%s%s", cur[i], sep, comp);
				continue;
			}
			if (sysroot_list(sr->ctx, *cur[i] ? cur[i] : "/", &names, &k) != 0)
				continue;
			if (sshd_count(sr, k) == 0) {
				for (size_t j = 0; j < k; j++) {
					if (fnmatch(comp, names[j], FNM_PERIOD) != 0)
						continue;
					next = xrealloc(next, (nnext + 1) * sizeof(*next));
					next[nnext++] = xasprintf("%s%s%s", cur[i], sep, names[j]);
				}
			}
			sysroot_names_free(names, k);
		}
		sysroot_names_free(cur, ncur);
		cur = next;
		ncur = nnext;
	}
	free(copy);
	if (ncur > 1)
		qsort(cur, ncur, sizeof(*cur), cmp_path);
	*n = ncur;
	return cur;
}

/* the Include at from:lineno of pat, from a file at depth */
static void sshd_include(struct sshd_read *sr, const char *from, unsigned long lineno,
			 const char *pat, int depth)
{
	char *full, **paths;
	size_t n;

	/* sshd prefixes neither, and does not expand '~': no such file */
	if (pat[0] == '~')
		return;
	if (!sr->ctx) {
		fw_ev_add(sr->src, "%s:%lu: Include %.64s not followed (one file read alone)", from,
			  lineno, pat);
		sr->cut = 1;
		return;
	}
	full = pat[0] == '/' ? xstrdup(pat + 1) : xasprintf("etc/ssh/%s", pat);
	paths = sshd_glob(sr, full, &n);
	for (size_t i = 0; i < n && !sr->cut; i++) {
		struct stat st;
		int again = 0;

		if (sshd_count(sr, 1) < 0 || sysroot_stat(sr->ctx, paths[i], &st) != 0)
			continue;
		for (int d = 0; d <= depth && !again; d++)
			again = sr->chain[d].st_dev == st.st_dev && sr->chain[d].st_ino == st.st_ino;
		if (again && !sr->loop) {
			/* the first loop is enough to say sshd will not start */
			fw_ev_add(sr->src, "%s:%lu: Include of '%s' again, in a loop: sshd refuses "
			       "to start (too many recursive includes)", from, lineno, paths[i]);
			sr->loop = 1;
		}
		for (size_t k = 0; k < sr->nseen && !again; k++)
			again = sr->seen[k].st_dev == st.st_dev && sr->seen[k].st_ino == st.st_ino;
		if (again)
			continue;
		if (depth + 1 > SSHD_MAX_DEPTH) {
			fw_ev_add(sr->src, "%s:%lu: Include nests deeper than %d files: sshd refuses to "
			       "start; '%s' not read", from, lineno, SSHD_MAX_DEPTH, paths[i]);
			sr->cut = 1;
			continue;
		}
		if (sr->nseen >= SSHD_MAX_FILES) {
			fw_ev_add(sr->src, "Include: too many files: truncated at %d", SSHD_MAX_FILES);
			sr->cut = 1;
			continue;
		}
		sshd_file(sr, paths[i], depth + 1);
	}
	sysroot_names_free(paths, n);
	free(full);
}

/* the lines of one file's text (NUL-terminated, cut in place), read from path */
static void sshd_text(struct sshd_read *sr, const char *path, char *text, int depth)
{
	unsigned long lineno = 0;
	int in_match = 0;

	for (char *line = text; line;) {
		char *eol = strchr(line, '\n'), *tok[8];
		size_t nt;

		if (eol)
			*eol = '\0';
		lineno++;
		/* "Keyword value" or "Keyword=value" */
		for (char *p = line; *p && *p != '#'; p++)
			if (*p == '=' || *p == '\r')
				*p = ' ';
		nt = *line == '#' ? 0 : fw_split_words(line, tok, ARRAY_SIZE(tok));
		if (nt >= 2 && !strcasecmp(tok[0], "Match")) {
			in_match = strcasecmp(tok[1], "all") != 0;
		} else if (nt >= 2 && !in_match && !strcasecmp(tok[0], "Port")) {
			long port = fw_parse_port(tok[1], strlen(tok[1]));
			if (port > 0 && add_port(sr, (unsigned int)port))
				fw_ev_add(sr->src, "%s:%lu: Port %ld", path, lineno, port);
			else if (port < 0)
				/* sshd refuses to start on such a line */
				fw_ev_once(sr->src, "%s:%lu: Port '%.32s' is not a port", path, lineno, tok[1]);
		} else if (nt >= 2 && !in_match && !strcasecmp(tok[0], "ListenAddress")) {
			/* "0.0.0.0:2222" or "[::]:2222": a port of its own */
			const char *v = tok[1], *c = strrchr(v, ':');
			int bracket = v[0] == '[' && c && c > v && c[-1] == ']';
			if (c && (bracket || strchr(v, ':') == c)) {
				long port = fw_parse_port(c + 1, strlen(c + 1));
				if (port > 0 && add_port(sr, (unsigned int)port))
					fw_ev_add(sr->src, "%s:%lu: ListenAddress %.64s", path, lineno, v);
				else if (port < 0)
					fw_ev_once(sr->src, "%s:%lu: ListenAddress '%.64s' has no valid port",
						path, lineno, v);
			}
		} else if (nt >= 2 && !in_match && !strcasecmp(tok[0], "Include")) {
			for (size_t i = 1; i < nt; i++)
				sshd_include(sr, path, lineno, tok[i], depth);
		}
		line = eol ? eol + 1 : NULL;
	}
}

/* 0 read, 1 absent, <0 unreadable */
static int sshd_file(struct sshd_read *sr, const char *path, int depth)
{
	struct buf b = BUF_INIT;
	struct stat st;
	int rc;

	rc = fsread(sr->ctx, path, &b);
	if (rc != 0)
		goto out;
	/* what was read is known by what the read found, not by its name */
	memset(&sr->chain[depth], 0, sizeof(sr->chain[depth]));
	if (sysroot_stat(sr->ctx, path, &st) == 0) {
		sr->seen = xrealloc(sr->seen, (sr->nseen + 1) * sizeof(*sr->seen));
		sr->seen[sr->nseen++] = st;
		sr->chain[depth] = st;
	}
	sshd_text(sr, path, b.data, depth);
out:
	buf_release(&b);
	return rc;
}

int sshdconf_read(struct sshd_read *sr, const char *path)
{
	return sshd_file(sr, path, 0);
}

void sshdconf_parse(const char *path, const char *text, size_t len, struct fw_ports *pp,
		    struct buf *src, int *cut)
{
	struct sshd_read sr = { .ctx = NULL, .pp = pp, .src = src };
	char *t = xstrndup(text, len);

	sshd_text(&sr, path, t, 0);
	*cut = sr.cut;
	free(t);
}
