/* plan.c: parses check-in plans (format in plan.h). Strict: a plan with
 * anything doubtful is refused with its line and a reason people can act
 * on, rather than half-run. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tend/plan.h"
#include "tend/utf8.h"

#define PLAN_QUOTE_MAX 32 /* bytes of a user's word quoted in a reason */

static const char *const kind_keys[PLAN_KIND_COUNT] = {
	[PLAN_ARRIVE] = "arrive",
	[PLAN_APPRECIATE] = "appreciate",
	[PLAN_SPEAK] = "speak",
	[PLAN_MIRROR] = "mirror",
	[PLAN_WISH] = "wish",
	[PLAN_SOLVE] = "solve",
	[PLAN_CLOSE] = "close",
};

static const char *const kind_labels[PLAN_KIND_COUNT] = {
	[PLAN_ARRIVE] = "Arrive",
	[PLAN_APPRECIATE] = "Appreciation",
	[PLAN_SPEAK] = "Speak",
	[PLAN_MIRROR] = "Mirror",
	[PLAN_WISH] = "Wish",
	[PLAN_SOLVE] = "Agree",
	[PLAN_CLOSE] = "Close",
};

static const char *const card_keys[] = {
	[PLAN_CARD_NONE] = "none",
	[PLAN_CARD_ANY] = "any",
	[PLAN_CARD_LIGHT] = "light",
	[PLAN_CARD_DEEP] = "deep",
	[PLAN_CARD_TOPIC] = "topic",
};

/* The parse in progress. */
struct plan_parser {
	struct plan *plan;      /* being built; owned until handed out */
	struct plan_error *err; /* borrowed; may be NULL */
	int line;               /* 1-based number of the current line */
	bool seen_title, seen_about;
};

/* A static label for people; "?" for an out-of-range kind. */
const char *plan_kind_label(enum plan_kind kind)
{
	return (unsigned)kind < PLAN_KIND_COUNT ? kind_labels[kind] : "?";
}

enum plan_card plan_kind_card(enum plan_kind kind)
{
	return kind == PLAN_SPEAK ? PLAN_CARD_ANY : PLAN_CARD_NONE;
}

int plan_step_start(const struct plan *plan, size_t i)
{
	int at = 0;

	for (size_t k = 0; plan && k < i && k < plan->nsteps; k++)
		at += plan->steps[k].seconds;
	return at;
}

bool plan_step_deep_ok(const struct plan *plan, size_t i)
{
	int end;

	if (!plan || i >= plan->nsteps || plan->steps[i].seconds < PLAN_DEEP_MIN_SECONDS)
		return false;
	end = plan_step_start(plan, i) + plan->steps[i].seconds;
	return end <= plan->total_seconds - PLAN_DEEP_QUIET_SECONDS;
}

bool plan_has_kind(const struct plan *plan, enum plan_kind kind)
{
	for (size_t i = 0; plan && i < plan->nsteps; i++)
		if (plan->steps[i].kind == kind)
			return true;
	return false;
}

/* The set of pillars named by the plan's steps ("any" steps add none). */
pillar_set plan_pillars(const struct plan *plan)
{
	pillar_set set = 0;

	for (size_t i = 0; plan && i < plan->nsteps; i++)
		if (plan->steps[i].pillar >= 0 && plan->steps[i].pillar < PILLAR_COUNT)
			set |= 1u << plan->steps[i].pillar;
	return set;
}

/* Frees the plan and everything it owns; NULL is fine. */
void plan_free(struct plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->nsteps; i++)
		free(plan->steps[i].instruction);
	free(plan->steps);
	free(plan->name);
	free(plan->title);
	free(plan->about);
	free(plan);
}

/* Records why line `line` is wrong (printf-style) and returns
 * TEND_ERR_PARSE, so callers can `return plan_fail(...)`. */
__attribute__((format(printf, 3, 4)))
static enum tend_status plan_fail(struct plan_parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (p->err) {
		p->err->line = line;
		va_start(ap, fmt);
		vsnprintf(p->err->reason, sizeof(p->err->reason), fmt, ap);
		va_end(ap);
	}
	return TEND_ERR_PARSE;
}

/* Copies the `len` bytes at `s` into `out` (of `size` bytes) for quoting
 * in a reason: cut at a code point boundary, with "..." when cut. */
static const char *plan_quote(char *out, size_t size, const char *s, size_t len)
{
	size_t n = len;

	if (n > PLAN_QUOTE_MAX) {
		n = PLAN_QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(out, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
	return out;
}

/* A new NUL-terminated copy of `len` bytes at `s`, or NULL. */
static char *plan_strndup(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (d) {
		if (len > 0)
			memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

static bool plan_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Moves *s forward over blanks, up to `end`. */
static void plan_skip_blanks(const char **s, const char *end)
{
	while (*s < end && plan_is_blank(**s))
		(*s)++;
}

/* The next blank-separated field at *s: sets *field and *flen, moves *s past
 * it. Returns false when the line has no more fields. */
static bool plan_field(const char **s, const char *end, const char **field, size_t *flen)
{
	plan_skip_blanks(s, end);
	if (*s >= end)
		return false;
	*field = *s;
	while (*s < end && !plan_is_blank(**s))
		(*s)++;
	*flen = (size_t)(*s - *field);
	return true;
}

/* True when the `len` bytes at `s` are `word`, ignoring case. */
static bool plan_word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* Reads a run of at most 7 decimal digits at [s, end) into *v; returns the
 * digits read (0 when there are none, or too many to be a sane length). */
static size_t plan_digits(const char *s, const char *end, long *v)
{
	size_t n = 0;

	*v = 0;
	while (s + n < end && s[n] >= '0' && s[n] <= '9') {
		if (n == 7)
			return 0;
		*v = *v * 10 + (s[n] - '0');
		n++;
	}
	return n;
}

/* Parses a LENGTH field (M:SS, Ns or Nm) into seconds. */
static enum tend_status plan_length(struct plan_parser *p, const char *s, size_t len, int *out)
{
	const char *end = s + len;
	char q[PLAN_QUOTE_MAX + 8];
	long a, b, secs;
	size_t n = plan_digits(s, end, &a);

	plan_quote(q, sizeof(q), s, len);
	if (n == 0)
		return plan_fail(p, p->line, "length '%s' is not a time: write M:SS, "
		                 "seconds or minutes (1:30, 90s or 2m)", q);
	if (n == len)
		return plan_fail(p, p->line, "length '%s' needs a unit: write M:SS, "
		                 "seconds or minutes (1:30, 90s or 2m)", q);
	if (s[n] == ':') {
		size_t m = plan_digits(s + n + 1, end, &b);

		if (m != 2 || n + 1 + m != len)
			return plan_fail(p, p->line, "length '%s' is not a time: write M:SS "
			                 "with two digits of seconds, e.g. 1:30", q);
		if (b > 59)
			return plan_fail(p, p->line, "length '%s' has %ld seconds; "
			                 "use 00 to 59 after the colon", q, b);
		secs = a * 60 + b;
	} else if (n + 1 == len && (s[n] == 's' || s[n] == 'S')) {
		secs = a;
	} else if (n + 1 == len && (s[n] == 'm' || s[n] == 'M')) {
		secs = a * 60;
	} else {
		return plan_fail(p, p->line, "length '%s' is not a time: write M:SS, "
		                 "seconds or minutes (1:30, 90s or 2m)", q);
	}
	if (secs < 1)
		return plan_fail(p, p->line, "length '%s' is zero; a step lasts at "
		                 "least 1 second", q);
	if (secs > PLAN_MAX_STEP_SECONDS)
		return plan_fail(p, p->line, "length '%s' is too long; a step lasts "
		                 "at most %d minutes", q, PLAN_MAX_STEP_SECONDS / 60);
	*out = (int)secs;
	return TEND_OK;
}

/* Handles a "key: value" header line; `s` is the trimmed line, `keylen`
 * the key's length and `colon` where its ':' is (right after the key). */
static enum tend_status plan_header(struct plan_parser *p, const char *s, size_t keylen,
                                    const char *colon, const char *end)
{
	char q[PLAN_QUOTE_MAX + 8];
	const char *v = colon + 1;
	size_t vlen;
	char **slot;
	bool *seen;

	plan_quote(q, sizeof(q), s, keylen);
	if (p->plan->nsteps > 0)
		return plan_fail(p, p->line, "header '%s:' comes after the first step; "
		                 "put title and about at the top", q);
	if (plan_word_is(s, keylen, "title")) {
		slot = &p->plan->title;
		seen = &p->seen_title;
	} else if (plan_word_is(s, keylen, "about")) {
		slot = &p->plan->about;
		seen = &p->seen_about;
	} else {
		return plan_fail(p, p->line, "unknown header '%s' (use title or about)", q);
	}
	if (*seen)
		return plan_fail(p, p->line, "'%s:' is given twice", q);
	plan_skip_blanks(&v, end);
	vlen = (size_t)(end - v);
	if (memchr(v, '\t', vlen))
		return plan_fail(p, p->line, "the %s contains a tab; use spaces",
		                 slot == &p->plan->title ? "title" : "about line");
	if (slot == &p->plan->title) {
		if (vlen == 0)
			return plan_fail(p, p->line, "the title is empty");
		if (vlen > PLAN_MAX_TITLE)
			return plan_fail(p, p->line, "the title is too long (%zu bytes; "
			                 "at most %d)", vlen, PLAN_MAX_TITLE);
	}
	free(*slot);
	*slot = plan_strndup(v, vlen);
	if (!*slot)
		return TEND_ERR_NOMEM;
	*seen = true;
	return TEND_OK;
}

/* Whether the field [f, f+len) looks like an option: lowercase letters,
 * '=', then something. */
static bool plan_is_option(const char *f, size_t len, size_t *eq)
{
	size_t i = 0;

	while (i < len && f[i] >= 'a' && f[i] <= 'z')
		i++;
	if (i == 0 || i >= len || f[i] != '=')
		return false;
	*eq = i;
	return true;
}

/* Reads the key=value options after the pillar into `st`, moving *s past
 * them. */
static enum tend_status plan_options(struct plan_parser *p, struct plan_step *st,
                                     const char **s, const char *end)
{
	char q[PLAN_QUOTE_MAX + 8], v[PLAN_QUOTE_MAX + 8];

	for (;;) {
		const char *at = *s, *f;
		size_t flen, eq;

		if (!plan_field(s, end, &f, &flen) || !plan_is_option(f, flen, &eq)) {
			*s = at;
			return TEND_OK;
		}
		plan_quote(q, sizeof(q), f, eq);
		plan_quote(v, sizeof(v), f + eq + 1, flen - eq - 1);
		if (plan_word_is(f, eq, "card")) {
			size_t c;

			for (c = 0; c < sizeof(card_keys) / sizeof(card_keys[0]); c++)
				if (plan_word_is(f + eq + 1, flen - eq - 1, card_keys[c]))
					break;
			if (c == sizeof(card_keys) / sizeof(card_keys[0]))
				return plan_fail(p, p->line, "unknown card '%s' (use card=none, "
				                 "any, light, deep or topic)", v);
			st->card = (enum plan_card)c;
			if (st->card == PLAN_CARD_DEEP && st->seconds < PLAN_DEEP_MIN_SECONDS)
				return plan_fail(p, p->line, "a deep card needs a step of at "
				                 "least %d:%02d; make it longer or use card=light",
				                 PLAN_DEEP_MIN_SECONDS / 60, PLAN_DEEP_MIN_SECONDS % 60);
			if (st->kind == PLAN_ARRIVE && st->card != PLAN_CARD_NONE)
				return plan_fail(p, p->line, "an arrive step shows no card "
				                 "(nobody speaks yet)");
		} else if (plan_word_is(f, eq, "gate")) {
			bool on = plan_word_is(f + eq + 1, flen - eq - 1, "on");

			if (!on && !plan_word_is(f + eq + 1, flen - eq - 1, "off"))
				return plan_fail(p, p->line, "gate is on or off, not '%s'", v);
			if (on && st->kind != PLAN_MIRROR)
				return plan_fail(p, p->line, "gate=on belongs on a mirror step "
				                 "(the speaker says \"you got it\" to the listener)");
			if (on && st->floor == PLAN_FLOOR_BOTH)
				return plan_fail(p, p->line, "a gated mirror needs one listener "
				                 "mirroring (floor A or B)");
			st->gate = on;
		} else {
			return plan_fail(p, p->line, "unknown option '%s=' (use card= or gate=)", q);
		}
	}
}

/* Parses a step line, the trimmed bytes [s, end), and appends the step. */
static enum tend_status plan_step_line(struct plan_parser *p, const char *s, const char *end)
{
	struct plan *plan = p->plan;
	struct plan_step st = { 0 };
	char q[PLAN_QUOTE_MAX + 8];
	const char *f;
	size_t flen, ilen;
	enum tend_status rc;
	int k;

	plan_field(&s, end, &f, &flen); /* the line is not blank: there is one */
	for (k = 0; k < PLAN_KIND_COUNT; k++)
		if (plan_word_is(f, flen, kind_keys[k]))
			break;
	if (k == PLAN_KIND_COUNT && (plan_word_is(f, flen, "title") || plan_word_is(f, flen, "about")))
		return plan_fail(p, p->line, "write the header with its colon right after "
		                 "the word: '%s: ...'", plan_quote(q, sizeof(q), f, flen));
	if (k == PLAN_KIND_COUNT)
		return plan_fail(p, p->line, "unknown step '%s' (use arrive, appreciate, "
		                 "speak, mirror, wish, solve or close)",
		                 plan_quote(q, sizeof(q), f, flen));
	st.kind = (enum plan_kind)k;
	st.card = plan_kind_card(st.kind);
	st.line = p->line;

	if (!plan_field(&s, end, &f, &flen))
		return plan_fail(p, p->line, "missing length after '%s' (e.g. 1:30)",
		                 kind_keys[k]);
	rc = plan_length(p, f, flen, &st.seconds);
	if (rc != TEND_OK)
		return rc;

	if (!plan_field(&s, end, &f, &flen))
		return plan_fail(p, p->line, "missing floor after the length (A, B or both)");
	if (plan_word_is(f, flen, "a"))
		st.floor = PLAN_FLOOR_A;
	else if (plan_word_is(f, flen, "b"))
		st.floor = PLAN_FLOOR_B;
	else if (plan_word_is(f, flen, "both"))
		st.floor = PLAN_FLOOR_BOTH;
	else
		return plan_fail(p, p->line, "unknown floor '%s' (use A, B or both)",
		                 plan_quote(q, sizeof(q), f, flen));

	if (!plan_field(&s, end, &f, &flen))
		return plan_fail(p, p->line, "missing pillar after the floor (vulnerability, "
		                 "listening, empathy, affirmation, shared or any)");
	if (plan_word_is(f, flen, "any")) {
		st.pillar = PLAN_ANY_PILLAR;
	} else {
		st.pillar = pillar_from_key(f, flen);
		if (st.pillar < 0)
			return plan_fail(p, p->line, "unknown pillar '%s' (use %s, %s, %s, %s, "
			                 "%s or any)", plan_quote(q, sizeof(q), f, flen),
			                 pillar_key(PILLAR_VULNERABILITY), pillar_key(PILLAR_LISTENING),
			                 pillar_key(PILLAR_EMPATHY), pillar_key(PILLAR_AFFIRMATION),
			                 pillar_key(PILLAR_SHARED));
	}

	if ((rc = plan_options(p, &st, &s, end)) != TEND_OK)
		return rc;
	plan_skip_blanks(&s, end);
	ilen = (size_t)(end - s);
	if (ilen == 0)
		return plan_fail(p, p->line, "missing instruction after the pillar: say in "
		                 "words what the two of you do in this step");
	if (memchr(s, '\t', ilen))
		return plan_fail(p, p->line, "the instruction contains a tab; use spaces");
	if (ilen > PLAN_MAX_INSTRUCTION)
		return plan_fail(p, p->line, "the instruction is too long (%zu bytes; at "
		                 "most %d)", ilen, PLAN_MAX_INSTRUCTION);

	if (plan->nsteps >= PLAN_MAX_STEPS)
		return plan_fail(p, p->line, "too many steps; a plan has at most %d",
		                 PLAN_MAX_STEPS);
	if (st.seconds > PLAN_MAX_TOTAL_SECONDS - plan->total_seconds)
		return plan_fail(p, p->line, "with this step the plan lasts more than %d "
		                 "hours in all", PLAN_MAX_TOTAL_SECONDS / 3600);
	st.instruction = plan_strndup(s, ilen);
	if (!st.instruction)
		return TEND_ERR_NOMEM;
	plan->steps[plan->nsteps++] = st;
	plan->total_seconds += st.seconds;
	return TEND_OK;
}

/* Says why the line [s, s+len) is not acceptable text. */
static enum tend_status plan_bad_text(struct plan_parser *p, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r')
			return plan_fail(p, p->line, "stray carriage return (save the file "
			                 "with ordinary line endings)");
		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return plan_fail(p, p->line, "control character 0x%02X is not allowed", c);
	}
	return plan_fail(p, p->line, "this line is not valid UTF-8 text (save the file "
	                 "as UTF-8)");
}

/* Parses one raw line [s, end) without its '\n'. */
static enum tend_status plan_line(struct plan_parser *p, const char *s, const char *end)
{
	const char *k;

	if (end > s && end[-1] == '\r')
		end--; /* CRLF line endings */
	if (memchr(s, '\0', (size_t)(end - s)))
		return plan_fail(p, p->line, "the line contains a NUL byte; "
		                 "is this a text file?");
	if (!utf8_valid_text(s, (size_t)(end - s), true))
		return plan_bad_text(p, s, (size_t)(end - s));
	if (p->line == 1 && end - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3; /* a byte order mark some editors write */
	plan_skip_blanks(&s, end);
	while (end > s && plan_is_blank(end[-1]))
		end--;
	if (s == end || *s == '#')
		return TEND_OK;

	/* "key:" (letters, then a colon) is a header. */
	k = s;
	while (k < end && ((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z')))
		k++;
	if (k > s && k < end && *k == ':')
		return plan_header(p, s, (size_t)(k - s), k, end);
	return plan_step_line(p, s, end);
}

/* Parses the text line by line; the steps array is allocated at its
 * maximum size once, so no step is ever moved. */
enum tend_status plan_parse(const char *text, size_t len, const char *name,
                            struct plan **out, struct plan_error *err)
{
	struct plan_parser p = { .err = err, .line = 0 };
	enum tend_status rc = TEND_OK;
	size_t pos = 0;

	if (err) {
		err->line = 0;
		err->reason[0] = '\0';
	}
	if (!out || (!text && len > 0))
		return TEND_ERR_INVALID;
	*out = NULL;
	p.plan = calloc(1, sizeof(*p.plan));
	if (!p.plan)
		return TEND_ERR_NOMEM;
	p.plan->name = plan_strndup(name ? name : "", name ? strlen(name) : 0);
	p.plan->steps = calloc(PLAN_MAX_STEPS, sizeof(*p.plan->steps));
	if (!p.plan->name || !p.plan->steps) {
		rc = TEND_ERR_NOMEM;
		goto out;
	}

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t eol = nl ? (size_t)(nl - text) : len;

		p.line++;
		rc = plan_line(&p, text + pos, text + eol);
		if (rc != TEND_OK)
			goto out;
		pos = eol + 1;
	}
	if (p.plan->nsteps == 0) {
		rc = plan_fail(&p, 0, "the plan has no steps");
		goto out;
	}
	/* A deep card needs quiet after it: known once the plan's length is. */
	for (size_t i = 0; i < p.plan->nsteps; i++) {
		if (p.plan->steps[i].card == PLAN_CARD_DEEP && !plan_step_deep_ok(p.plan, i)) {
			rc = plan_fail(&p, p.plan->steps[i].line, "a deep card is not for the "
			               "last %d minutes of a plan; use card=light here",
			               PLAN_DEEP_QUIET_SECONDS / 60);
			goto out;
		}
	}
	if (!p.plan->title)
		p.plan->title = plan_strndup(p.plan->name, strlen(p.plan->name));
	if (!p.plan->about)
		p.plan->about = plan_strndup("", 0);
	if (!p.plan->title || !p.plan->about) {
		rc = TEND_ERR_NOMEM;
		goto out;
	}
	*out = p.plan;
	p.plan = NULL;
out:
	plan_free(p.plan);
	return rc;
}
