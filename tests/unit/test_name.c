/* test_name.c: partners' names: what is refused and why, the NFC form a
 * name is kept in, and when two names are the same or would look the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tend/name.h"

#define ZOE_NFC "Zo\xc3\xab"   /* Zoë, ë as one code point */
#define ZOE_NFD "Zoe\xcc\x88"  /* Zoë, e and a combining diaeresis */

/* name_clean on a C string into a 65-byte buffer (tend's 64 bytes). */
static enum name_problem clean(const char *s, char out[65], uint32_t *cp)
{
	return name_clean(s, strlen(s), out, 65, cp);
}

/* Each kind of refusal, with the character at fault. */
static void test_refused(void **state)
{
	static const struct {
		const char *s;
		enum name_problem want;
		uint32_t cp;
	} bad[] = {
		{ "", NAME_EMPTY, 0 },
		{ "   ", NAME_EMPTY, 0 },
		{ " \t\n", NAME_EMPTY, 0 },
		{ "\xe3\x80\x80", NAME_EMPTY, 0 },             /* ideographic space only */
		{ "A\xff", NAME_NOT_TEXT, 0 },                 /* not UTF-8 */
		{ "A\xc3", NAME_NOT_TEXT, 0 },                 /* cut short */
		{ "A\xed\xa0\x80", NAME_NOT_TEXT, 0 },         /* a surrogate */
		{ "A\x01" "B", NAME_CONTROL, 0x01 },
		{ "A\nB", NAME_CONTROL, '\n' },
		{ "A\tB", NAME_CONTROL, '\t' },
		{ "Al\x1b]2;T\x07ice", NAME_CONTROL, 0x1b },  /* a terminal escape */
		{ "A\xc2\x9b" "B", NAME_CONTROL, 0x9b },       /* C1 CSI */
		{ "A\xe2\x80\xa8" "B", NAME_CONTROL, 0x2028 }, /* line separator */
		{ "A\xe2\x80\xae" "B", NAME_BIDI, 0x202E },    /* right-to-left override */
		{ "A\xe2\x80\xaa" "B", NAME_BIDI, 0x202A },
		{ "A\xe2\x81\xa6" "B", NAME_BIDI, 0x2066 },    /* left-to-right isolate */
		{ "A\xe2\x81\xa9" "B", NAME_BIDI, 0x2069 },
		{ "A\xe2\x80\x8e" "B", NAME_BIDI, 0x200E },    /* left-to-right mark */
		{ "A\xe2\x80\x8f" "B", NAME_BIDI, 0x200F },
		{ "A\xd8\x9c" "B", NAME_BIDI, 0x061C },        /* Arabic letter mark */
		{ "A\xe2\x80\x8b" "B", NAME_INVISIBLE, 0x200B }, /* zero-width space */
		{ "A\xe2\x80\x8d" "B", NAME_INVISIBLE, 0x200D }, /* zero-width joiner */
		{ "A\xe2\x80\x8c" "B", NAME_INVISIBLE, 0x200C }, /* zero-width non-joiner */
		{ "A\xc2\xad" "B", NAME_INVISIBLE, 0x00AD },     /* soft hyphen */
		{ "A\xef\xbb\xbf" "B", NAME_INVISIBLE, 0xFEFF }, /* byte order mark */
		{ "A\xe2\x81\xa0" "B", NAME_INVISIBLE, 0x2060 }, /* word joiner */
		{ "A\xef\xb8\x8f", NAME_INVISIBLE, 0xFE0F },     /* variation selector */
		{ "A\xe3\x85\xa4" "B", NAME_INVISIBLE, 0x3164 }, /* Hangul filler */
		{ "\xe2\x80\x8b", NAME_INVISIBLE, 0x200B },      /* nothing else */
		{ "Anna  Lee", NAME_DOUBLE_SPACE, ' ' },
		{ "Anna \xc2\xa0Lee", NAME_DOUBLE_SPACE, 0xA0 }, /* space, no-break space */
	};
	char out[65];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t cp = 1234;

		memset(out, 'x', sizeof(out));
		assert_int_equal(clean(bad[i].s, out, &cp), bad[i].want);
		assert_int_equal(cp, bad[i].cp);
		assert_string_equal(out, ""); /* nothing half-made */
	}
}

/* White space comes off both ends silently; the kept form is NFC. */
static void test_kept_form(void **state)
{
	char out[65];
	uint32_t cp;

	(void)state;
	assert_int_equal(clean(" A", out, &cp), NAME_OK);
	assert_string_equal(out, "A");
	assert_int_equal(cp, 0);
	assert_int_equal(clean("A ", out, NULL), NAME_OK);
	assert_string_equal(out, "A");
	assert_int_equal(clean("\t Anna Lee \n", out, NULL), NAME_OK);
	assert_string_equal(out, "Anna Lee");
	assert_int_equal(clean("\xe3\x80\x80" "\xe7\xbe\x8e\xe5\x92\xb2", out, NULL), NAME_OK);
	assert_string_equal(out, "\xe7\xbe\x8e\xe5\x92\xb2"); /* 美咲, ideographic space off */
	assert_int_equal(clean("\xe5\xb1\xb1\xe7\x94\xb0\xe3\x80\x80\xe5\xa4\xaa", out, NULL),
	                 NAME_OK); /* 山田　太: one ideographic space inside is fine */
	assert_int_equal(clean(ZOE_NFD, out, NULL), NAME_OK);
	assert_string_equal(out, ZOE_NFC);
	assert_int_equal(clean(ZOE_NFC, out, NULL), NAME_OK);
	assert_string_equal(out, ZOE_NFC);
	assert_int_equal(clean("\xc5\x81ukasz", out, NULL), NAME_OK); /* Łukasz as is */
	assert_string_equal(out, "\xc5\x81ukasz");
	assert_int_equal(clean("\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0", out, NULL), NAME_OK); /* Анна */
	/* the case is kept: only comparisons fold it */
	assert_int_equal(clean("\xc3\x89VA", out, NULL), NAME_OK);
	assert_string_equal(out, "\xc3\x89VA");
	/* an emoji on its own is a name (no joiner, no variation selector) */
	assert_int_equal(clean("\xf0\x9f\x8c\xbb", out, NULL), NAME_OK);
}

/* The limit is on the kept form: 64 bytes in NFC, whatever was typed. */
static void test_length(void **state)
{
	char in[200], out[65];

	(void)state;
	memset(in, 'a', 64);
	in[64] = '\0';
	assert_int_equal(clean(in, out, NULL), NAME_OK);
	assert_int_equal(strlen(out), 64);
	in[64] = 'a';
	in[65] = '\0';
	assert_int_equal(clean(in, out, NULL), NAME_TOO_LONG);
	/* 64 bytes and spaces around: the spaces do not count */
	memset(in, ' ', 3);
	memset(in + 3, 'a', 64);
	memcpy(in + 67, "   ", 4);
	assert_int_equal(clean(in, out, NULL), NAME_OK);
	/* 21 times e + combining acute (63 bytes) becomes 21 times é (42) */
	in[0] = '\0';
	for (int i = 0; i < 21; i++)
		strcat(in, "e\xcc\x81");
	strcat(in, "eeeeeeeeeeeeeeeeeeeeee"); /* 85 bytes typed, 64 kept */
	assert_int_equal(strlen(in), 85);
	assert_int_equal(clean(in, out, NULL), NAME_OK);
	assert_int_equal(strlen(out), 64);
	/* no room at all */
	assert_int_equal(name_clean("A", 1, out, 1, NULL), NAME_TOO_LONG);
	assert_int_equal(name_clean("A", 1, out, 0, NULL), NAME_TOO_LONG);
}

/* The same name: NFC and case folding, white space at the ends ignored. */
static void test_same(void **state)
{
	(void)state;
	assert_true(name_same("Sam", "Sam"));
	assert_true(name_same("Sam", "sAM"));
	assert_true(name_same(ZOE_NFC, ZOE_NFD));
	assert_true(name_same("zo\xc3\xab", ZOE_NFD));        /* zoë NFC finds Zoë NFD */
	assert_true(name_same("zoe\xcc\x88", ZOE_NFC));       /* and the other way */
	assert_true(name_same("\xc3\x89VA", "\xc3\xa9VA"));   /* ÉVA, éVA */
	assert_true(name_same("\xc5\x82ukasz", "\xc5\x81ukasz")); /* łukasz, Łukasz */
	assert_true(name_same("\xd0\xb0\xd0\xbd\xd0\xbd\xd0\xb0",
	                      "\xd0\x90\xd0\x9d\xd0\x9d\xd0\x90")); /* анна, АННА */
	assert_true(name_same("Stra\xc3\x9f" "e", "STRASSE"));    /* full folding: ß = ss */
	assert_true(name_same(" A", "A "));
	assert_false(name_same("Zoe", ZOE_NFC));               /* the accent counts */
	assert_false(name_same("Anna", "\xd0\x90nna"));        /* Cyrillic А is not Latin */
	assert_false(name_same("Sam", "Sammy"));
	assert_false(name_same("A\xff", "A\xff"));             /* not UTF-8: never the same */
	assert_false(name_same("", "A"));
}

/* Would look the same: the NFKC fold and the look-alike skeletons. */
static void test_lookalike(void **state)
{
	static const char *const alike[][2] = {
		{ "Sam", "sAM" },
		{ ZOE_NFC, ZOE_NFD },
		{ "Anna", "\xd0\x90nna" },                       /* Cyrillic А */
		{ "anna", "\xd0\xb0nn\xd0\xb0" },                /* Cyrillic а twice */
		{ "Oscar", "\xce\x9f" "scar" },                  /* Greek Ο */
		{ "Eva", "E\xce\xbd" "a" },                      /* Greek ν drawn like v */
		{ "NINA", "\xce\x9dINA" },                       /* Greek Ν drawn like N */
		{ "Nina", "\xce\x9dina" },                       /* ... in capitals at least */
		{ "HOPE", "\xd0\x9d\xd0\x9e\xd0\xa0\xd0\x95" },  /* Cyrillic НОРЕ */
		{ "Ioana", "\xd0\x86" "oana" },                  /* Cyrillic І */
		{ "Jo", "\xd0\x88o" },                           /* Cyrillic Ј */
		{ "Chloe", "\xd0\xa1hl\xd0\xbe\xd0\xb5" },       /* Cyrillic С, о, е */
		{ "Zo\xc3\xab", "Z\xd0\xbe\xc3\xab" },           /* a Cyrillic о in Zoë */
		{ "Alyosha", "Al\xd1\x83osha" },                 /* Cyrillic у */
		{ "Pia", "\xcf\x81ia" },                         /* Greek ρ drawn like p */
		{ "Sam", "\xef\xbc\xb3\xef\xbd\x81\xef\xbd\x8d" }, /* full-width Ｓａｍ */
		{ "Anna Lee", "Anna\xc2\xa0Lee" },               /* a no-break space */
		{ "Fiona", "\xef\xac\x81ona" },                  /* the ﬁ ligature */
	};
	static const char *const apart[][2] = {
		{ "Zoe", ZOE_NFC },
		{ "Anna", "Hanna" },
		{ "Anna", "\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0" },  /* Анна: н is not n */
		{ "\xc5\x81ukasz", "Lukasz" },
		{ "\xe7\xbe\x8e\xe5\x92\xb2", "\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0" },
		{ "Sam", "Pam" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(alike) / sizeof(alike[0]); i++) {
		assert_true(name_lookalike(alike[i][0], alike[i][1]));
		assert_true(name_lookalike(alike[i][1], alike[i][0]));
	}
	for (size_t i = 0; i < sizeof(apart) / sizeof(apart[0]); i++) {
		assert_false(name_lookalike(apart[i][0], apart[i][1]));
		assert_false(name_lookalike(apart[i][1], apart[i][0]));
	}
	/* the Cyrillic and Greek look-alikes are not the same name, only alike */
	assert_false(name_same("Anna", "\xd0\x90nna"));
	assert_false(name_same("Sam", "\xef\xbc\xb3\xef\xbd\x81\xef\xbd\x8d"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_kept_form),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_lookalike),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
