/*
 * jsontext.h - JSON strings from bytes read off the scanned system, for
 * the rule engine's evidence rows and the report writers
 */
#ifndef PREMIG_JSONTEXT_H
#define PREMIG_JSONTEXT_H

#include <stddef.h>
#include <jansson.h>

/*
 * A new JSON string from n bytes that need not be UTF-8: each byte of an
 * invalid sequence (a stray byte, an overlong form, a surrogate, NUL)
 * becomes U+FFFD.  Never NULL.
 */
json_t *json_text(const char *s, size_t n);

#endif
