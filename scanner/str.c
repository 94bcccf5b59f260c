/*
 * str.c - the string helpers (str.h)
 */
#include <string.h>
#include <strings.h>

#include "str.h"
#include "banned.h"

int str_starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

int str_starts_with_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

int str_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

int str_ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

int str_has_stem(const char *s, const char *suffix)
{
	return strlen(s) > strlen(suffix) && str_ends_with(s, suffix);
}

const char *str_base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int in_list(const char *list, const char *seps, const char *word, int ci)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		size_t len;

		p += strspn(p, seps);
		len = strcspn(p, seps);
		if (len == n && len && !(ci ? strncasecmp(p, word, n) : strncmp(p, word, n)))
			return 1;
		p += len;
	}
	return 0;
}

int str_in_list(const char *list, const char *seps, const char *word)
{
	return in_list(list, seps, word, 0);
}

int str_in_list_ci(const char *list, const char *seps, const char *word)
{
	return in_list(list, seps, word, 1);
}
