/*
 * lvmmeta.c - LVM2 label, PV header, metadata area and volume group text
 *
 * Sources: lvm2's lib/label/label.h (label_header), lib/format_text/
 * layout.h (pv_header, mda_header, raw_locn, RAW_LOCN_IGNORED),
 * format-text.c (the checks on an mda_header; a text that runs past the
 * end of its area wraps to MDA_HEADER_SIZE), lib/misc/crc.c (CRC-32 with
 * initial value 0xf597a6cf, no final inversion), libdm/libdm-config.c (the
 * tokenizer and grammar of the text) and lib/format_text/import_vsn1.c
 * (the sections and keys of a volume group).  See lvmmeta.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "lvmmeta.h"
#include "../../scanner/rd.h"
#include "../../scanner/banned.h"

#define LVM_INITIAL_CRC 0xf597a6cfu
#define LVM_MAGIC " LVM2 x[5A%r0N*>"
#define RAW_LOCN_IGNORED 1u

/* label_header: named offsets (lib/label/label.h) */
enum {
	LH_ID = 0,		/* "LABELONE" */
	LH_SECTOR = 8,		/* u64 */
	LH_CRC = 16,		/* u32, of bytes 20..511 */
	LH_OFFSET = 20,		/* u32, of the pv_header from the label's start */
	LH_TYPE = 24,		/* "LVM2 001" */
};
/* pv_header */
enum { PVH_UUID = 0, PVH_SIZE = 32, PVH_AREAS = 40, LOCN_SIZE = 16 };
/* mda_header */
enum {
	MH_CRC = 0, MH_MAGIC = 4, MH_VERSION = 20, MH_START = 24, MH_SIZE = 32,
	MH_LOCNS = 40,
	/* raw_locn */
	RL_OFFSET = 0, RL_SIZE = 8, RL_CRC = 16, RL_FLAGS = 20, RL_LEN = 24,
};

/* lvm2's calc_crc(): zlib's CRC-32 without its inversions at both ends */
static uint32_t lvm_crc(const unsigned char *p, size_t n)
{
	uLong c = ~(uLong)LVM_INITIAL_CRC & 0xffffffffu;

	while (n) {
		uInt chunk = n > (1u << 30) ? (1u << 30) : (uInt)n;
		c = crc32(c, p, chunk);
		p += chunk;
		n -= chunk;
	}
	return (uint32_t)~c;
}

/* ---- label and headers ---- */

int lvm_label_decode(const unsigned char *p, size_t len, unsigned int flags,
		     struct lvm_label *l, struct buf *why)
{
	struct rd c = rd_make(p, len);
	size_t lab = 0, at;
	unsigned int s;

	memset(l, 0, sizeof(*l));
	for (s = 0; s < 4; s++)
		if (rd_eq(&c, (size_t)s * LVM_SECTOR + LH_ID, "LABELONE", 8))
			break;
	if (s == 4)
		return 1;
	lab = (size_t)s * LVM_SECTOR;
	c.err = 0;
	if (!rd_eq(&c, lab + LH_TYPE, "LVM2 001", 8)) {
		buf_addf_sep(why, "; ", "label in sector %u is not \"LVM2 001\"", s);
		return rd_ok(&c) ? 1 : -1;
	}
	if (rd_le64(&c, lab + LH_SECTOR) != s) {
		buf_addf_sep(why, "; ", "label in sector %u says it is in sector %llu", s,
			     (unsigned long long)rd_le64(&c, lab + LH_SECTOR));
		return -1;
	}
	if (!rd_has(&c, lab, LVM_SECTOR)) {
		buf_addf_sep(why, "; ", "label sector %u truncated", s);
		return -1;
	}
	if (!(flags & LVM_NOCRC) &&
	    lvm_crc(rd_ptr(&c, lab + LH_OFFSET, LVM_SECTOR - LH_OFFSET), LVM_SECTOR - LH_OFFSET) !=
		    rd_le32(&c, lab + LH_CRC)) {
		buf_addf_sep(why, "; ", "label checksum mismatch in sector %u", s);
		return -1;
	}
	l->sector = s;
	at = lab + rd_le32(&c, lab + LH_OFFSET);
	/* the pv_header lies inside the label's sector (lvm2 writes it at 32) */
	if (at < lab + 32 || at + PVH_AREAS + 2 * LOCN_SIZE > lab + LVM_SECTOR) {
		buf_addf_sep(why, "; ", "pv_header offset %u outside the label sector",
			     rd_le32(&c, lab + LH_OFFSET));
		return -1;
	}
	for (int i = 0; i < 32; i++) {
		unsigned char ch = rd_u8(&c, at + PVH_UUID + (size_t)i);
		if (!isalnum(ch) && ch != '!' && ch != '#') {
			buf_addf_sep(why, "; ", "PV UUID holds byte 0x%02x", ch);
			return -1;
		}
		l->pv_uuid[i] = (char)ch;
	}
	l->pv_uuid[32] = '\0';
	l->dev_size = rd_le64(&c, at + PVH_SIZE);
	at += PVH_AREAS;
	/* two lists, each ended by a zero offset, all inside the sector */
	for (int list = 0; list < 2; list++) {
		for (;;) {
			if (at + LOCN_SIZE > lab + LVM_SECTOR) {
				buf_addf_sep(why, "; ", "pv_header area list runs past the label sector");
				return -1;
			}
			uint64_t off = rd_le64(&c, at), size = rd_le64(&c, at + 8);
			at += LOCN_SIZE;
			if (!off)
				break;
			if (list == 1) {
				if (l->nmda < 2) {
					l->mda_off[l->nmda] = off;
					l->mda_size[l->nmda] = size;
				}
				l->nmda++;
			}
		}
	}
	if (!rd_ok(&c)) {
		buf_addf_sep(why, "; ", "label truncated");
		return -1;
	}
	return 0;
}

int lvm_mda_decode(const unsigned char *p, size_t len, uint64_t start, unsigned int flags,
		   struct lvm_mda *m, struct buf *why)
{
	struct rd c = rd_make(p, len);
	uint64_t off, size, room;

	memset(m, 0, sizeof(*m));
	if (!rd_has(&c, 0, LVM_MDA_HEADER_SIZE)) {
		buf_addf_sep(why, "; ", "metadata area header truncated (%zu bytes)", len);
		return -1;
	}
	if (!rd_eq(&c, MH_MAGIC, LVM_MAGIC, 16)) {
		buf_addf_sep(why, "; ", "no metadata area magic at byte %llu", (unsigned long long)start);
		return -1;
	}
	if (!(flags & LVM_NOCRC) &&
	    lvm_crc(rd_ptr(&c, MH_MAGIC, LVM_MDA_HEADER_SIZE - MH_MAGIC),
		    LVM_MDA_HEADER_SIZE - MH_MAGIC) != rd_le32(&c, MH_CRC)) {
		buf_addf_sep(why, "; ", "metadata area header checksum mismatch");
		return -1;
	}
	if (rd_le32(&c, MH_VERSION) != 1) {
		buf_addf_sep(why, "; ", "metadata area version %u (1 is known)", rd_le32(&c, MH_VERSION));
		return -1;
	}
	m->start = rd_le64(&c, MH_START);
	m->size = rd_le64(&c, MH_SIZE);
	if (m->start != start) {
		buf_addf_sep(why, "; ", "metadata area at byte %llu says it starts at %llu",
			     (unsigned long long)start, (unsigned long long)m->start);
		return -1;
	}
	if (m->size <= LVM_MDA_HEADER_SIZE) {
		buf_addf_sep(why, "; ", "metadata area of %llu bytes", (unsigned long long)m->size);
		return -1;
	}
	/* the first raw_locn is the committed metadata; an empty one: none yet */
	off = rd_le64(&c, MH_LOCNS + RL_OFFSET);
	size = rd_le64(&c, MH_LOCNS + RL_SIZE);
	m->text_crc = rd_le32(&c, MH_LOCNS + RL_CRC);
	if (!off)
		return 1;
	if (rd_le32(&c, MH_LOCNS + RL_FLAGS) & RAW_LOCN_IGNORED)
		return 1;
	room = m->size - LVM_MDA_HEADER_SIZE;
	if (off < LVM_MDA_HEADER_SIZE || off >= m->size || !size || size > room) {
		buf_addf_sep(why, "; ", "metadata text at %llu (%llu bytes) outside its area of %llu bytes",
			     (unsigned long long)off, (unsigned long long)size,
			     (unsigned long long)m->size);
		return -1;
	}
	if (size > LVM_TEXT_MAX) {
		buf_addf_sep(why, "; ", "metadata text of %llu bytes is over the cap of %u",
			     (unsigned long long)size, LVM_TEXT_MAX);
		return -1;
	}
	m->text_off = off;
	m->text_len = size;
	m->piece_off[0] = off;
	if (off + size > m->size) {
		/* the circular buffer wrapped: the rest follows the header */
		m->npieces = 2;
		m->piece_len[0] = m->size - off;
		m->piece_off[1] = LVM_MDA_HEADER_SIZE;
		m->piece_len[1] = size - m->piece_len[0];
	} else {
		m->npieces = 1;
		m->piece_len[0] = size;
	}
	return 0;
}

int lvm_text_check(const struct lvm_mda *m, const unsigned char *text, size_t len,
		   unsigned int flags, struct buf *why)
{
	if (len != m->text_len) {
		buf_addf_sep(why, "; ", "metadata text truncated (%zu of %llu bytes)", len,
			     (unsigned long long)m->text_len);
		return -1;
	}
	if (!(flags & LVM_NOCRC) && lvm_crc(text, len) != m->text_crc) {
		buf_addf_sep(why, "; ", "metadata text checksum mismatch");
		return -1;
	}
	return 0;
}

/* ---- the text: a tree of sections and values (libdm-config.c) ---- */

enum {
	N_INT, N_FLOAT, N_STR, N_ARRAY, N_SECTION,
};

struct node {
	char *key;		/* NULL in an array */
	int type;
	int64_t i;
	char *s;
	struct node *kids;	/* a section's members, an array's values */
	struct node *next;
	int line;
};

enum {
	T_EOF, T_SECB, T_SECE, T_ARRB, T_ARRE, T_COMMA, T_EQ, T_STRQ, T_STR1, T_INT,
	T_FLOAT, T_IDENT, T_BARE,
};

struct parser {
	const char *p, *end;	/* end: the text's length or its first NUL */
	const char *tb, *te;	/* the current token */
	int t, line;
	size_t nodes;
	struct buf *why;
	int failed;
};

static void perr(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void perr(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed++)
		return;
	if (ps->why->len)
		buf_adds(ps->why, "; ");
	buf_addf(ps->why, "metadata text line %d: ", ps->line);
	va_start(ap, fmt);
	buf_vaddf(ps->why, fmt, ap);
	va_end(ap);
}

/* the next token; numbers and bare strings only where a value may be */
static void next(struct parser *ps, int values)
{
	const char *s = ps->te;
	char ch;

	for (;;) {
		while (s < ps->end && isspace((unsigned char)*s)) {
			if (*s == '\n')
				ps->line++;
			s++;
		}
		if (s < ps->end && *s == '#') {
			while (s < ps->end && *s != '\n')
				s++;
			continue;
		}
		break;
	}
	ps->tb = s;
	if (s >= ps->end) {
		ps->t = T_EOF;
		ps->te = s;
		return;
	}
	ch = *s++;
	switch (ch) {
	case '{': ps->t = T_SECB; break;
	case '}': ps->t = T_SECE; break;
	case '[': ps->t = T_ARRB; break;
	case ']': ps->t = T_ARRE; break;
	case ',': ps->t = T_COMMA; break;
	case '=': ps->t = T_EQ; break;
	case '"':
		ps->t = T_STRQ;
		while (s < ps->end && *s != '"') {
			if (*s == '\\' && s + 1 < ps->end)
				s++;
			if (*s == '\n')
				ps->line++;
			s++;
		}
		if (s >= ps->end) {
			perr(ps, "unterminated string");
			ps->t = T_EOF;
		} else {
			s++;
		}
		break;
	case '\'':
		ps->t = T_STR1;
		while (s < ps->end && *s != '\'')
			s++;
		if (s >= ps->end) {
			perr(ps, "unterminated string");
			ps->t = T_EOF;
		} else {
			s++;
		}
		break;
	default:
		if (values && (isdigit((unsigned char)ch) || ch == '+' || ch == '-' || ch == '.')) {
			int dot = ch == '.';
			while (s < ps->end && (isdigit((unsigned char)*s) || (*s == '.' && !dot))) {
				if (*s == '.')
					dot = 1;
				s++;
			}
			ps->t = dot ? T_FLOAT : T_INT;
			break;
		}
		while (s < ps->end && !isspace((unsigned char)*s) && *s != '#' && *s != '=' &&
		       *s != '{' && *s != '}')
			s++;
		ps->t = values ? T_BARE : T_IDENT;
		break;
	}
	ps->te = s;
}

static struct node *node_new(struct parser *ps, int type)
{
	struct node *n;

	if (++ps->nodes > LVM_NODES_MAX) {
		perr(ps, "more than %d values", LVM_NODES_MAX);
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->type = type;
	n->line = ps->line;
	return n;
}

static void node_free(struct node *n)
{
	while (n) {
		struct node *nx = n->next;
		node_free(n->kids);
		free(n->key);
		free(n->s);
		free(n);
		n = nx;
	}
}

/* the current string token's text, quotes removed and \" \\ unescaped */
static char *tok_string(struct parser *ps)
{
	const char *b = ps->tb, *e = ps->te;
	struct buf s = BUF_INIT;

	if (ps->t == T_STRQ || ps->t == T_STR1) {
		b++;
		e--;
	}
	for (const char *q = b; q < e; q++) {
		if (ps->t == T_STRQ && *q == '\\' && q + 1 < e)
			q++;
		buf_addc(&s, *q);
	}
	return buf_detach(&s);
}

/* one value of the current token, or NULL */
static struct node *scalar(struct parser *ps)
{
	struct node *n = NULL;
	char *end;

	switch (ps->t) {
	case T_INT: {
		char num[32];
		size_t len = (size_t)(ps->te - ps->tb);
		if (len >= sizeof(num)) {
			perr(ps, "number too long");
			return NULL;
		}
		memcpy(num, ps->tb, len);
		num[len] = '\0';
		errno = 0;
		long long v = strtoll(num, &end, 10);
		if (errno || end == num || *end) {
			perr(ps, "bad number '%s'", num);
			return NULL;
		}
		if (!(n = node_new(ps, N_INT)))
			return NULL;
		n->i = v;
		break;
	}
	case T_FLOAT:
		n = node_new(ps, N_FLOAT);
		break;
	case T_STRQ:
	case T_STR1:
	case T_BARE:
		if (!(n = node_new(ps, N_STR)))
			return NULL;
		n->s = tok_string(ps);
		break;
	default:
		perr(ps, "expected a value");
		return NULL;
	}
	return n;
}

/* '[' value (',' value)* ']', after the '[' */
static struct node *array(struct parser *ps)
{
	struct node *a = node_new(ps, N_ARRAY), **tail;

	if (!a)
		return NULL;
	tail = &a->kids;
	for (;;) {
		next(ps, 1);
		if (ps->t == T_ARRE)
			return a;
		if (ps->t == T_COMMA)
			continue;
		if (ps->t == T_EOF) {
			perr(ps, "unterminated array");
			break;
		}
		struct node *v = scalar(ps);
		if (!v)
			break;
		*tail = v;
		tail = &v->next;
	}
	node_free(a);
	return NULL;
}

/*
 * The members of a section up to its '}' (depth > 0) or the end of the
 * text (depth 0).  Returns them, or NULL with ps->failed set.
 */
static struct node *members(struct parser *ps, int depth)
{
	struct node *head = NULL, **tail = &head;

	for (;;) {
		struct node *n;
		char *key;

		next(ps, 0);
		if (ps->failed)
			break;
		if (ps->t == T_EOF) {
			if (depth)
				perr(ps, "unterminated section");
			else
				return head;
			break;
		}
		if (ps->t == T_SECE) {
			if (!depth) {
				perr(ps, "unexpected '}'");
				break;
			}
			return head;
		}
		if (ps->t != T_IDENT && ps->t != T_STRQ && ps->t != T_STR1) {
			perr(ps, "expected a name");
			break;
		}
		key = tok_string(ps);
		if (!*key) {
			free(key);
			perr(ps, "empty name");
			break;
		}
		next(ps, 0);
		if (ps->t == T_SECB) {
			if (depth + 1 > LVM_DEPTH_MAX) {
				perr(ps, "sections nested deeper than %d", LVM_DEPTH_MAX);
				free(key);
				break;
			}
			if (!(n = node_new(ps, N_SECTION))) {
				free(key);
				break;
			}
			n->key = key;
			*tail = n;
			tail = &n->next;
			n->kids = members(ps, depth + 1);
			if (ps->failed)
				break;
		} else if (ps->t == T_EQ) {
			next(ps, 1);
			n = ps->t == T_ARRB ? array(ps) : scalar(ps);
			if (!n) {
				perr(ps, "bad value of '%s'", key);
				free(key);
				break;
			}
			n->key = key;
			*tail = n;
			tail = &n->next;
		} else {
			perr(ps, "expected '{' or '=' after '%s'", key);
			free(key);
			break;
		}
	}
	node_free(head);
	return NULL;
}

/* ---- the volume group ---- */

static const struct node *find(const struct node *sec, const char *key)
{
	for (const struct node *n = sec ? sec->kids : NULL; n; n = n->next)
		if (n->key && !strcmp(n->key, key))
			return n;
	return NULL;
}

/* a non-negative integer member; 0 found, -1 absent or not one */
static int get_u64(const struct node *sec, const char *key, uint64_t *v)
{
	const struct node *n = find(sec, key);

	if (!n || n->type != N_INT || n->i < 0)
		return -1;
	*v = (uint64_t)n->i;
	return 0;
}

static const char *get_str(const struct node *sec, const char *key)
{
	const struct node *n = find(sec, key);

	return n && n->type == N_STR ? n->s : NULL;
}

static int in_array(const struct node *sec, const char *key, const char *s)
{
	const struct node *n = find(sec, key);

	if (!n || n->type != N_ARRAY)
		return 0;
	for (const struct node *v = n->kids; v; v = v->next)
		if (v->type == N_STR && !strcmp(v->s, s))
			return 1;
	return 0;
}

void lvm_vg_init(struct lvm_vg *vg)
{
	memset(vg, 0, sizeof(*vg));
}

static void seg_release(struct lvm_seg *s)
{
	free(s->type);
	free(s->origin);
	free(s->cow_store);
	for (size_t i = 0; i < s->nareas; i++)
		free(s->areas[i].name);
	free(s->areas);
	for (size_t i = 0; i < s->nlvs; i++)
		free(s->lvs[i]);
	free(s->lvs);
}

void lvm_vg_release(struct lvm_vg *vg)
{
	if (!vg)
		return;
	for (size_t i = 0; i < vg->npvs; i++) {
		free(vg->pvs[i].name);
		free(vg->pvs[i].id);
		free(vg->pvs[i].device);
	}
	for (size_t i = 0; i < vg->nlvs; i++) {
		struct lvm_lv *lv = &vg->lvs[i];
		for (size_t k = 0; k < lv->nsegs; k++)
			seg_release(&lv->segs[k]);
		free(lv->segs);
		free(lv->name);
		free(lv->id);
	}
	free(vg->pvs);
	free(vg->lvs);
	free(vg->name);
	free(vg->id);
	lvm_vg_init(vg);
}

static int bad(struct buf *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct buf *why, const char *fmt, ...)
{
	va_list ap;

	if (why->len)
		buf_adds(why, "; ");
	va_start(ap, fmt);
	buf_vaddf(why, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Names looked up while the LVs are read: sorted, so that a text with
 * thousands of LVs and references costs n log n, not n squared.
 */
struct name_ix {
	const char *name;
	int ix;			/* in vg->pvs or vg->lvs */
};

struct names {
	struct name_ix *pv, *lv;
	size_t npv, nlv;
};

static int ix_cmp(const void *a, const void *b)
{
	return strcmp(((const struct name_ix *)a)->name, ((const struct name_ix *)b)->name);
}

static int ix_find(const struct name_ix *v, size_t n, const char *name)
{
	struct name_ix key = { name, -1 };
	const struct name_ix *f = n ? bsearch(&key, v, n, sizeof(*v), ix_cmp) : NULL;

	return f ? f->ix : -1;
}

/* the LVs a segment names; 0, or -1 past the cap */
static int seg_add_lv(struct lvm_seg *s, const char *name)
{
	for (size_t i = 0; i < s->nlvs; i++)
		if (!strcmp(s->lvs[i], name))
			return 0;
	if (s->nlvs >= LVM_AREAS_MAX)
		return -1;
	s->lvs = xrealloc(s->lvs, (s->nlvs + 1) * sizeof(*s->lvs));
	s->lvs[s->nlvs++] = xstrdup(name);
	return 0;
}

static int parse_seg(const struct names *nx, const char *lvname, const struct node *sn,
		     struct lvm_seg *s, struct buf *why)
{
	const char *type = get_str(sn, "type"), *str;
	uint64_t v;

	if (get_u64(sn, "start_extent", &s->start_extent) || get_u64(sn, "extent_count", &s->extent_count))
		return bad(why, "LV %s %s: no start_extent or extent_count", lvname, sn->key);
	if (!type)
		return bad(why, "LV %s %s: no type", lvname, sn->key);
	s->type = xstrdup(type);
	if ((str = get_str(sn, "origin")))
		s->origin = xstrdup(str);
	if ((str = get_str(sn, "cow_store")))
		s->cow_store = xstrdup(str);
	if (!get_u64(sn, "stripe_count", &v))
		s->stripe_count = v > LVM_AREAS_MAX ? LVM_AREAS_MAX + 1 : (unsigned int)v;
	for (const struct node *m = sn->kids; m; m = m->next) {
		/* pool, metadata, origin, cow_store, thin_pool, cache_pool, ... */
		if (m->type == N_STR && strcmp(m->key, "type") && ix_find(nx->lv, nx->nlv, m->s) >= 0 &&
		    seg_add_lv(s, m->s) < 0)
			return bad(why, "LV %s %s: names more than %d LVs", lvname, sn->key, LVM_AREAS_MAX);
		if (m->type != N_ARRAY)
			continue;
		/* the areas: "stripes" and "mirrors" pairs of a name and an extent, "raids" names */
		int pairs = !strcmp(m->key, "stripes") || !strcmp(m->key, "mirrors");
		if (!pairs && strcmp(m->key, "raids") && strcmp(m->key, "raid0_lvs"))
			continue;
		for (const struct node *e = m->kids; e; e = e->next) {
			struct lvm_area *a;
			int pv;

			if (e->type != N_STR)
				continue;
			pv = ix_find(nx->pv, nx->npv, e->s);
			if (pv < 0 && ix_find(nx->lv, nx->nlv, e->s) < 0)
				return bad(why, "LV %s %s: '%s' is neither a PV nor an LV of the VG",
					   lvname, sn->key, e->s);
			if (s->nareas >= LVM_AREAS_MAX)
				return bad(why, "LV %s %s: more than %d areas", lvname, sn->key,
					   LVM_AREAS_MAX);
			s->areas = xrealloc(s->areas, (s->nareas + 1) * sizeof(*s->areas));
			a = &s->areas[s->nareas++];
			a->name = xstrdup(e->s);
			a->pv = pv;
			a->start = 0;
			if (pairs) {
				if (!e->next || e->next->type != N_INT || e->next->i < 0)
					return bad(why, "LV %s %s: '%s' has no start extent", lvname,
						   sn->key, e->s);
				a->start = (uint64_t)e->next->i;
			}
			if (pv < 0 && seg_add_lv(s, e->s) < 0)
				return bad(why, "LV %s %s: names more than %d LVs", lvname, sn->key,
					   LVM_AREAS_MAX);
		}
	}
	return 0;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct lvm_seg *x = a, *y = b;

	return x->start_extent < y->start_extent ? -1 : x->start_extent > y->start_extent;
}

static int parse_lv(const struct names *nx, const struct node *ln, struct lvm_lv *lv,
		    struct buf *why)
{
	const char *id = get_str(ln, "id");

	lv->name = xstrdup(ln->key);
	lv->parent = -1;
	lv->snapshot_origin = -1;
	if (id)
		lv->id = xstrdup(id);
	lv->visible = in_array(ln, "status", "VISIBLE");
	for (const struct node *sn = ln->kids; sn; sn = sn->next) {
		if (sn->type != N_SECTION || strncmp(sn->key, "segment", 7))
			continue;
		if (lv->nsegs >= LVM_SEGS_MAX)
			return bad(why, "LV %s: more than %d segments", lv->name, LVM_SEGS_MAX);
		lv->segs = xrealloc(lv->segs, (lv->nsegs + 1) * sizeof(*lv->segs));
		memset(&lv->segs[lv->nsegs], 0, sizeof(*lv->segs));
		if (parse_seg(nx, lv->name, sn, &lv->segs[lv->nsegs++], why) < 0)
			return -1;
	}
	if (!lv->nsegs)
		return bad(why, "LV %s has no segments", lv->name);
	qsort(lv->segs, lv->nsegs, sizeof(*lv->segs), seg_cmp);
	return 0;
}

/* who uses each LV: the LV whose segment names it, the origin of a snapshot's store */
static void lv_users(struct lvm_vg *vg, const struct names *nx)
{
	for (size_t i = 0; i < vg->nlvs; i++) {
		const struct lvm_lv *lv = &vg->lvs[i];
		for (size_t k = 0; k < lv->nsegs; k++) {
			const struct lvm_seg *s = &lv->segs[k];
			for (size_t j = 0; j < s->nlvs; j++) {
				int t = ix_find(nx->lv, nx->nlv, s->lvs[j]);
				if (t >= 0 && (size_t)t != i && vg->lvs[t].parent < 0)
					vg->lvs[t].parent = (int)i;
			}
			if (s->cow_store && s->origin) {
				int cow = ix_find(nx->lv, nx->nlv, s->cow_store);
				int o = ix_find(nx->lv, nx->nlv, s->origin);
				if (cow >= 0 && o >= 0 && cow != o)
					vg->lvs[cow].snapshot_origin = o;
			}
		}
	}
}

static int lvs_from_tree(struct lvm_vg *vg, const struct node *lvs, struct buf *why)
{
	struct names nx = { 0 };
	size_t n = 0;
	int rc = 0;

	for (const struct node *ln = lvs->kids; ln; ln = ln->next)
		if (ln->type == N_SECTION && n++ >= LVM_LVS_MAX)
			return bad(why, "VG %s: more than %d LVs", vg->name, LVM_LVS_MAX);
	nx.pv = xcalloc(vg->npvs ? vg->npvs : 1, sizeof(*nx.pv));
	for (size_t i = 0; i < vg->npvs; i++)
		nx.pv[nx.npv++] = (struct name_ix){ vg->pvs[i].name, (int)i };
	qsort(nx.pv, nx.npv, sizeof(*nx.pv), ix_cmp);
	nx.lv = xcalloc(n ? n : 1, sizeof(*nx.lv));
	vg->lvs = xcalloc(n ? n : 1, sizeof(*vg->lvs));
	for (const struct node *ln = lvs->kids; ln; ln = ln->next)
		if (ln->type == N_SECTION) {
			nx.lv[nx.nlv] = (struct name_ix){ ln->key, (int)nx.nlv };
			nx.nlv++;
		}
	qsort(nx.lv, nx.nlv, sizeof(*nx.lv), ix_cmp);
	for (size_t i = 1; i < nx.nlv; i++)
		if (!strcmp(nx.lv[i - 1].name, nx.lv[i].name)) {
			rc = bad(why, "VG %s: two LVs named '%s'", vg->name, nx.lv[i].name);
			goto out;
		}
	/* vg->lvs[i] is the i-th LV section, as the index says */
	for (const struct node *ln = lvs->kids; ln; ln = ln->next) {
		if (ln->type != N_SECTION)
			continue;
		rc = parse_lv(&nx, ln, &vg->lvs[vg->nlvs++], why);
		if (rc < 0)
			goto out;
	}
	lv_users(vg, &nx);
out:
	free(nx.pv);
	free(nx.lv);
	return rc;
}

static int vg_from_tree(const struct node *top, struct lvm_vg *vg, struct buf *why)
{
	const struct node *vgn = NULL, *pvs, *lvs;
	const char *s;

	for (const struct node *n = top; n; n = n->next) {
		if (n->type != N_SECTION)
			continue;
		if (vgn)
			return bad(why, "metadata text holds two volume groups ('%s', '%s')", vgn->key, n->key);
		vgn = n;
	}
	if (!vgn)
		return bad(why, "metadata text holds no volume group");
	vg->name = xstrdup(vgn->key);
	if ((s = get_str(vgn, "id")))
		vg->id = xstrdup(s);
	if (get_u64(vgn, "seqno", &vg->seqno))
		return bad(why, "VG %s: no seqno", vg->name);
	if (get_u64(vgn, "extent_size", &vg->extent_size) || !vg->extent_size)
		return bad(why, "VG %s: no extent_size", vg->name);
	pvs = find(vgn, "physical_volumes");
	if (!pvs || pvs->type != N_SECTION)
		return bad(why, "VG %s: no physical_volumes", vg->name);
	for (const struct node *pn = pvs->kids; pn; pn = pn->next) {
		struct lvm_pv *pv;
		if (pn->type != N_SECTION)
			continue;
		if (vg->npvs >= LVM_PVS_MAX)
			return bad(why, "VG %s: more than %d PVs", vg->name, LVM_PVS_MAX);
		vg->pvs = xrealloc(vg->pvs, (vg->npvs + 1) * sizeof(*vg->pvs));
		pv = &vg->pvs[vg->npvs++];
		memset(pv, 0, sizeof(*pv));
		pv->name = xstrdup(pn->key);
		if ((s = get_str(pn, "id")))
			pv->id = xstrdup(s);
		if ((s = get_str(pn, "device")))
			pv->device = xstrdup(s);
		if (!pv->id || get_u64(pn, "pe_start", &pv->pe_start) ||
		    get_u64(pn, "pe_count", &pv->pe_count))
			return bad(why, "VG %s: PV %s lacks id, pe_start or pe_count", vg->name, pv->name);
	}
	lvs = find(vgn, "logical_volumes");
	if (!lvs)
		return 0;
	if (lvs->type != N_SECTION)
		return bad(why, "VG %s: logical_volumes is not a section", vg->name);
	return lvs_from_tree(vg, lvs, why);
}

int lvm_vg_parse(const char *text, size_t len, struct lvm_vg *vg, struct buf *why)
{
	struct parser ps = { 0 };
	const char *nul = memchr(text, '\0', len);
	struct node *top;
	int rc;

	lvm_vg_init(vg);
	if (len > LVM_TEXT_MAX)
		return bad(why, "metadata text of %zu bytes is over the cap of %u", len, LVM_TEXT_MAX);
	ps.p = ps.tb = ps.te = text;
	ps.end = nul ? nul : text + len;
	ps.line = 1;
	ps.why = why;
	top = members(&ps, 0);
	if (ps.failed) {
		/* the VG's name comes first: say which VG the bad text is of */
		size_t n = 0;
		while (text + n < ps.end && n < 128 &&
		       (isalnum((unsigned char)text[n]) || strchr("+_.-", text[n])))
			n++;
		if (n && text + n < ps.end && text[n] == ' ')
			vg->name = xstrndup(text, n);
		return -1;
	}
	rc = vg_from_tree(top, vg, why);
	node_free(top);
	return rc;
}

/* ---- LVs on PVs ---- */

uint64_t lvm_lv_size(const struct lvm_vg *vg, const struct lvm_lv *lv)
{
	uint64_t ext = 0, unit = vg->extent_size * LVM_SECTOR;

	if (vg->extent_size > UINT64_MAX / LVM_SECTOR)
		return 0;
	for (size_t i = 0; i < lv->nsegs; i++) {
		if (lv->segs[i].extent_count > UINT64_MAX - ext)
			return 0;
		ext += lv->segs[i].extent_count;
	}
	if (unit && ext > UINT64_MAX / unit)
		return 0;
	return ext * unit;
}

int lvm_lv_pieces(const struct lvm_vg *vg, const struct lvm_lv *lv, struct lvm_piece **pieces,
		  size_t *npieces, struct buf *why)
{
	uint64_t next_extent = 0, unit = vg->extent_size * LVM_SECTOR;
	struct lvm_piece *p = NULL;
	size_t n = 0;

	*pieces = NULL;
	*npieces = 0;
	if (!lvm_lv_size(vg, lv))
		return bad(why, "LV %s: size overflows", lv->name);
	for (size_t i = 0; i < lv->nsegs; i++) {
		const struct lvm_seg *s = &lv->segs[i];
		if (strcmp(s->type, "striped")) {
			buf_addf_sep(why, "; ", "a %s LV", s->type);
			goto not_linear;
		}
		if (s->stripe_count != 1 || s->nareas != 1) {
			buf_addf_sep(why, "; ", "striped over %zu areas", s->nareas);
			goto not_linear;
		}
		if (s->areas[0].pv < 0) {
			buf_addf_sep(why, "; ", "stacked on LV %s", s->areas[0].name);
			goto not_linear;
		}
		if (s->start_extent != next_extent) {
			free(p);
			return bad(why, "LV %s: segment at extent %llu, expected %llu", lv->name,
				   (unsigned long long)s->start_extent, (unsigned long long)next_extent);
		}
		next_extent += s->extent_count;
		const struct lvm_pv *pv = &vg->pvs[s->areas[0].pv];
		uint64_t a = s->areas[0].start, c = s->extent_count;
		if (a > pv->pe_count || c > pv->pe_count - a) {
			free(p);
			return bad(why, "LV %s: extents %llu-%llu past the %llu of PV %s", lv->name,
				   (unsigned long long)a, (unsigned long long)(a + c),
				   (unsigned long long)pv->pe_count, pv->name);
		}
		uint64_t off, len, at;
		/* len fits: lvm_lv_size() checked the sum of extent_count * unit */
		len = c * unit;
		if (rd_mul(pv->pe_start, LVM_SECTOR, &off) ||
		    rd_mul(a, unit, &at) || rd_add(off, at, &off) ||
		    rd_add(off, len, &at)) {
			free(p);
			return bad(why, "LV %s: offsets on PV %s overflow", lv->name, pv->name);
		}
		if (n && p[n - 1].pv == (size_t)s->areas[0].pv && p[n - 1].off + p[n - 1].len == off) {
			p[n - 1].len += len;	/* contiguous with the previous segment */
			continue;
		}
		p = xrealloc(p, (n + 1) * sizeof(*p));
		p[n].pv = (size_t)s->areas[0].pv;
		p[n].off = off;
		p[n].len = len;
		n++;
	}
	*pieces = p;
	*npieces = n;
	return 0;
not_linear:
	free(p);
	return 1;
}

static void dm_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			buf_addc(b, '-');
		buf_addc(b, *s);
	}
}

char *lvm_dm_name(const char *vg, const char *lv)
{
	struct buf b = BUF_INIT;

	dm_escape(&b, vg);
	buf_addc(&b, '-');
	dm_escape(&b, lv);
	return buf_detach(&b);
}

/* ---- all at once ---- */

int lvm_pv_decode(const unsigned char *p, size_t len, unsigned int flags, struct lvm_label *l,
		  struct lvm_vg *vg, struct buf *why)
{
	struct lvm_mda m;
	struct rd r = rd_make(p, len), area;
	unsigned char *text;
	size_t at = 0;
	int rc;

	lvm_vg_init(vg);
	rc = lvm_label_decode(p, len, flags, l, why);
	if (rc)
		return rc;
	if (!l->nmda)
		return 1;
	if (l->mda_off[0] > len)
		return bad(why, "metadata area at byte %llu past the end (%zu bytes)",
			   (unsigned long long)l->mda_off[0], len);
	area = rd_sub(&r, (size_t)l->mda_off[0], len - (size_t)l->mda_off[0]);
	rc = lvm_mda_decode(area.p, area.len, l->mda_off[0], flags, &m, why);
	if (rc)
		return rc;
	text = xmalloc((size_t)m.text_len);
	for (unsigned int i = 0; i < m.npieces; i++) {
		uint64_t off;
		if (rd_add(l->mda_off[0], m.piece_off[i], &off) || off > len ||
		    m.piece_len[i] > len - off) {
			free(text);
			return bad(why, "metadata text past the end (%zu bytes)", len);
		}
		rd_copy(&r, (size_t)off, text + at, (size_t)m.piece_len[i]);
		at += (size_t)m.piece_len[i];
	}
	rc = lvm_text_check(&m, text, at, flags, why);
	if (rc == 0)
		rc = lvm_vg_parse((const char *)text, at, vg, why);
	free(text);
	return rc;
}
