/* plan.h: check-in plans, parsed from plain text. Pure: the caller reads the
 * file; this module only turns its bytes into steps or says which line is
 * wrong and why.
 *
 * The format (data/plans/nightly.plan is the worked example):
 *   # a comment; blank lines are ignored
 *   title: Nightly check-in          header lines, "key: value", before the
 *   about: Fifteen minutes, ...      first step; keys: title, about
 *   KIND LENGTH FLOOR PILLAR [OPTION...] instruction to the end of the line
 * KIND     arrive | appreciate | speak | mirror | wish | solve | close
 * LENGTH   M:SS, or Ns, or Nm      (1 second to 60 minutes)
 * FLOOR    A | B | both            A is whoever opens tonight, B the other
 * PILLAR   a pillar key (see pillar.h) or "any": tend picks the pillar
 *          whose streak is weakest
 * OPTION   key=value, any number of them, before the instruction:
 *          card=none|any|light|deep|topic  whether the step shows a prompt
 *              card and of which depth (default: "any" on speak steps,
 *              "none" on every other kind); "topic" shows the parked topic
 *              the couple chose for tonight (a light card when none was).
 *              A deep card needs a step of at least 1:30 that ends before
 *              the plan's last three minutes (PLAN_DEEP_MIN_SECONDS,
 *              PLAN_DEEP_QUIET_SECONDS).
 *          gate=on|off  mirror steps only: when the mirror's time is up the
 *              speaker says "you got it" with a key, or asks for another
 *              go (PLAN_GATE_AGAIN_SECONDS more); off by default.
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
#define PLAN_DEEP_MIN_SECONDS 90     /* a deep card needs a step this long */
#define PLAN_DEEP_QUIET_SECONDS 180  /* and none in the plan's last minutes */
#define PLAN_GATE_AGAIN_SECONDS 30   /* "another go" at a gated mirror */

enum plan_kind {
	PLAN_ARRIVE,
	PLAN_APPRECIATE,
	PLAN_SPEAK,
	PLAN_MIRROR,
	PLAN_WISH,
	PLAN_SOLVE,  /* one small trial agreement, written down together */
	PLAN_CLOSE,
	PLAN_KIND_COUNT
};

enum plan_floor {
	PLAN_FLOOR_A,    /* tonight's first speaker has the floor */
	PLAN_FLOOR_B,    /* the other partner has the floor */
	PLAN_FLOOR_BOTH, /* both together */
};

/* What card a step shows (the card= option). */
enum plan_card {
	PLAN_CARD_NONE,
	PLAN_CARD_ANY,   /* light or deep, as the step allows */
	PLAN_CARD_LIGHT,
	PLAN_CARD_DEEP,  /* deep when one is fresh, else light */
	PLAN_CARD_TOPIC, /* tonight's parked topic, else a light card */
};

struct plan_step {
	enum plan_kind kind;
	int seconds;        /* planned length, 1..PLAN_MAX_STEP_SECONDS */
	enum plan_floor floor;
	int pillar;         /* enum pillar, or PLAN_ANY_PILLAR */
	enum plan_card card;
	bool gate;          /* mirror: the speaker confirms "you got it" */
	int line;           /* where it is in the file (1-based) */
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

/* "Arrive", "Appreciation", "Speak", "Mirror", "Wish", "Agree", "Close". */
const char *plan_kind_label(enum plan_kind kind);
/* The card a step of this kind shows when its line does not say: only a
 * speak step asks for one (appreciating, mirroring, wishing, agreeing and
 * closing each ask for something of their own). */
enum plan_card plan_kind_card(enum plan_kind kind);
/* Whether step `i` of `plan` may show a deep card: at least
 * PLAN_DEEP_MIN_SECONDS long, and over before the last
 * PLAN_DEEP_QUIET_SECONDS of the plan. */
bool plan_step_deep_ok(const struct plan *plan, size_t i);
/* Seconds from the plan's start to the start of step `i`. */
int plan_step_start(const struct plan *plan, size_t i);
/* Whether the plan has a step of `kind`. */
bool plan_has_kind(const struct plan *plan, enum plan_kind kind);
/* The pillars a plan's steps serve, "any" steps excluded. */
pillar_set plan_pillars(const struct plan *plan);

#endif
