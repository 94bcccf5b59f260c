/*
 * ctx.c - scan context lifetime and collector notes
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "err.h"
#include "banned.h"

void ctx_init(struct scan_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	buf_init(&ctx->notes);
}

void ctx_release(struct scan_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->root);
	if (ctx->db)
		sqlite3_close(ctx->db);
	for (size_t i = 0; i < ctx->nimages; i++)
		free(ctx->images[i]);
	free(ctx->images);
	for (size_t i = 0; i < ctx->npcaps; i++)
		free(ctx->pcaps[i]);
	free(ctx->pcaps);
	for (size_t i = 0; i < ctx->nflowlogs; i++)
		free(ctx->flowlogs[i]);
	free(ctx->flowlogs);
	buf_release(&ctx->notes);
	free(ctx->selinux);
	free(ctx->proc_hidepid);
	if (ctx->denials)
		buf_release(&ctx->denials->list);
	free(ctx->denials);
	ctx_init(ctx);
}

void ctx_note(struct scan_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	/* not buf_addf_sep: a va_list cannot be passed on to a variadic function */
	if (ctx->notes.len)
		buf_adds(&ctx->notes, "; ");
	va_start(ap, fmt);
	buf_vaddf(&ctx->notes, fmt, ap);
	va_end(ap);
}

void ctx_note_read(struct scan_ctx *ctx, const char *path, int rc)
{
	ctx_note(ctx, "cannot read '%s': %s", path, err_str(rc));
}

int ctx_after_ok(const struct scan_ctx *ctx, const char *name)
{
	for (const char *const *p = ctx->after_ok; p && *p; p++)
		if (!strcmp(*p, name))
			return 1;
	return 0;
}

int ctx_denied(const struct scan_ctx *ctx, const char *path, int rc)
{
	struct ctx_denials *d = ctx->denials;

	if (!d || (rc != -EACCES && rc != -EPERM))
		return rc;
	d->n++;
	if (d->named < CTX_DENIED_NAMED) {
		while (*path == '/')
			path++;
		buf_addf(&d->list, "%s'%s'", d->named ? ", " : "", path);
		d->named++;
	}
	return rc;
}
