/* plan.h: check-in plans, parsed from plain text. Pure: the caller reads the
 * file; this module only turns its bytes into steps or says which line is
 * wrong and why.
 *
 * The format (data/plans/nightly.plan is the worked example):
 *   # a comment; blank lines are ignored
 *   title: Nightly check-in          header lines, "key: value", before the
 *   about: Fifteen minutes, ...      first step; keys: title, about
 *   KIND LENGTH FLOOR PILLAR instruction to the end of the line
 * KIND     arrive | appreciate | speak | mirror | wish | close
 * LENGTH   M:SS, or Ns, or Nm      (1 second to 60 minutes)
 * FLOOR    A | B | both            A is whoever opens tonight, B the other
 * PILLAR   a pillar key (see pillar.h) or "any": tend picks the pillar
 *          whose streak is weakest
 * An arrive step ends once both partners have confirmed. */
#ifndef TEND_PLAN_H
#define TEND_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "tend/pillar.h"
#include "tend/status.h"

#define PLAN_MAX_STEPS 64
#define PLAN_MAX_STEP_SECONDS (60 * 60)
#define PLAN_MAX_TOTAL_SECONDS (3 * 60 * 60)
#define PLAN_MAX_INSTRUCTION 240 /* bytes of UTF-8 */
#define PLAN_MAX_TITLE 80        /* bytes of UTF-8 */
#define PLAN_ANY_PILLAR (-1)     /* plan_step.pillar: tend chooses */

enum plan_kind {
	PLAN_ARRIVE,
	PLAN_APPRECIATE,
	PLAN_SPEAK,
	PLAN_MIRROR,
	PLAN_WISH,
	PLAN_CLOSE,
	PLAN_KIND_COUNT
};

enum plan_floor {
	PLAN_FLOOR_A,    /* tonight's first speaker has the floor */
	PLAN_FLOOR_B,    /* the other partner has the floor */
	PLAN_FLOOR_BOTH, /* both together */
};

struct plan_step {
	enum plan_kind kind;
	int seconds;        /* planned length, 1..PLAN_MAX_STEP_SECONDS */
	enum plan_floor floor;
	int pillar;         /* enum pillar, or PLAN_ANY_PILLAR */
	char *instruction;  /* owned; UTF-8, one line */
};

struct plan {
	char *name;         /* owned; what --plan names it, e.g. "nightly" */
	char *title;        /* owned; "Nightly check-in" (name when absent) */
	char *about;        /* owned; may be "" */
	struct plan_step *steps; /* owned; nsteps of them, at least one */
	size_t nsteps;
	int total_seconds;  /* sum of the steps' lengths */
};

/* Where a plan file is wrong: 1-based line (0: the file as a whole) and a
 * sentence for people, e.g. "unknown floor 'C' (use A, B or both)". */
struct plan_error {
	int line;
	char reason[160];
};

/* Parses `len` bytes of `text` into a new plan named `name` (owned by the
 * caller, free with plan_free). On TEND_ERR_PARSE fills `err` (may be NULL). */
enum tend_status plan_parse(const char *text, size_t len, const char *name,
                            struct plan **out, struct plan_error *err);
void plan_free(struct plan *plan);

/* "Arrive", "Appreciation", "Speak", "Mirror", "Wish", "Close". */
const char *plan_kind_label(enum plan_kind kind);
/* Whether a step of this kind shows the speaker a prompt card: not arrive
 * (nobody speaks yet) nor mirror (the listener says back what they heard). */
bool plan_kind_has_card(enum plan_kind kind);
/* The pillars a plan's steps serve, "any" steps excluded. */
pillar_set plan_pillars(const struct plan *plan);

#endif
