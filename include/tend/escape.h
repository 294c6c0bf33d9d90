/* escape.h: stored text made safe to print, the one place tend decides it.
 * Pure. Whatever a command prints from the database, a plan, a deck or a
 * backup (names, texts, questions) was written by someone, maybe by someone
 * who edited the file: none of it may reach a terminal as something the
 * terminal acts on (a title change, a clipboard write, colours, text put
 * back to front).
 *
 * The terminal form keeps every character a person can read, and newlines
 * and tabs, and shows the rest visibly, the way C and Python write them:
 *   a control byte (C0 but '\n' and '\t', DEL)   \x1b
 *   a byte that is not UTF-8                     \xff
 *   a C1 control (U+0080 to U+009F)              \u009b
 *   a bidirectional override or isolate          \u202e
 * so ESC ] 2 ; TITLE BEL prints as \x1b]2;TITLE\x07. A backslash the text
 * holds is left as it is.
 *
 * The JSON form is a JSON string (RFC 8259), quotes included, that a
 * program reads back as the text itself: '"' and '\\' escaped, the controls
 * as \n, \t, \r, \b, \f or \u00XX, DEL and C1, U+2028 and U+2029 and the
 * bidirectional controls as \uXXXX too (so even the raw JSON is safe on a
 * terminal), and each byte that is not UTF-8 as \ufffd. */
#ifndef TEND_ESCAPE_H
#define TEND_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes the forms of `len` bytes can need at most, without the NUL (every
 * byte may become "\x1b"; in JSON "\u001b", and two quotes). Callers with
 * a bounded text size their buffer with these. */
#define ESCAPE_TERM_MAX(len) (4 * (size_t)(len))
#define ESCAPE_JSON_MAX(len) (6 * (size_t)(len) + 2)

/* True for what a terminal must never be given as is: C0 controls (all,
 * '\n' and '\t' too: callers decide about those), DEL, C1 controls, and
 * the bidirectional embeddings, overrides and isolates (U+202A to U+202E,
 * U+2066 to U+2069). */
bool escape_is_unsafe(uint32_t cp);

/* The terminal form of the `len` bytes at `s` into `out`, which has room
 * for `cap` bytes; like snprintf, it writes at most cap - 1 of them and a
 * NUL (when cap > 0) and returns the length of the whole form, so a result
 * >= cap means it was cut short. `out` may be NULL when cap is 0. */
size_t escape_term(const char *s, size_t len, char *out, size_t cap);
/* The same form on one line, for a line another program places (a shell
 * prompt, a status bar): '\n' and '\t' are shown too (\x0a, \x09), and
 * so are U+2028 and U+2029 (\u2028), which some terminals and programs
 * take for line ends. As escape_term for `out`, `cap` and the result. */
size_t escape_line(const char *s, size_t len, char *out, size_t cap);
/* The JSON string of the `len` bytes at `s`, quotes included; as
 * escape_term for `out`, `cap` and the result. */
size_t escape_json(const char *s, size_t len, char *out, size_t cap);

#endif
