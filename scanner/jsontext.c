/*
 * jsontext.c - JSON strings from bytes that need not be UTF-8
 *
 * Files under the root, libblkid's strings and rule evidence can hold any
 * bytes, but JSON text is UTF-8 (RFC 8259 section 8.1) and jansson refuses
 * a string that is not (json_stringn returns NULL).
 */
#include <jansson.h>

#include "buf.h"
#include "jsontext.h"
#include "banned.h"

/* each byte of an invalid sequence becomes U+FFFD (RFC 3629 section 3) */
json_t *json_text(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	json_t *j;
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 :
			     (c >> 3) == 30 ? 4 : 0;
		int ok = len > 0 && i + len <= n && c != 0;
		for (size_t k = 1; ok && k < len; k++)
			ok = ((unsigned char)s[i + k] & 0xc0) == 0x80;
		if (ok && len > 1) {
			/* overlong forms and surrogates are invalid too */
			unsigned char d = (unsigned char)s[i + 1];
			if ((c == 0xc0 || c == 0xc1) || (c == 0xe0 && d < 0xa0) ||
			    (c == 0xed && d >= 0xa0) || (c == 0xf0 && d < 0x90) ||
			    (c == 0xf4 && d >= 0x90) || c > 0xf4)
				ok = 0;
		}
		if (ok) {
			buf_add(&b, s + i, len);
			i += len;
		} else {
			buf_adds(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	j = json_stringn(b.data, b.len);
	buf_release(&b);
	return j ? j : json_string("");
}
