/*
 * str.h - the string helpers of premig, one of each; where two behaviours
 * are both needed, two names say which
 */
#ifndef PREMIG_STR_H
#define PREMIG_STR_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* does s start with prefix?  (_ci: ASCII case ignored) */
int str_starts_with(const char *s, const char *prefix);
int str_starts_with_ci(const char *s, const char *prefix);

/* does s end with suffix?  s equal to suffix counts (_ci: case ignored) */
int str_ends_with(const char *s, const char *suffix);
int str_ends_with_ci(const char *s, const char *suffix);

/*
 * Is s a non-empty stem followed by suffix ("sshd.service" for ".service";
 * ".service" alone is not): a file name of that type.
 */
int str_has_stem(const char *s, const char *suffix);

/* the part of path after its last '/' (path itself when it has none) */
const char *str_base_name(const char *path);

/*
 * Is word one of the items of list, items separated by any of the bytes
 * of seps (empty items skipped)?  _ci: ASCII case ignored.
 *   str_in_list("fpu vme sse2", " \t", "sse2")   blank-separated flags
 *   str_in_list_ci("ESTABLISHED,NEW", ",", "new") a comma-separated set
 */
int str_in_list(const char *list, const char *seps, const char *word);
int str_in_list_ci(const char *list, const char *seps, const char *word);

#endif
