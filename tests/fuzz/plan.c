/* plan.c (fuzz): the plan parser on any bytes, and every helper a screen
 * calls on a plan it accepted. */
#include "fuzz.h"
#include "tend/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan *plan = NULL;
	struct plan_error err;
	enum tend_status st;

	memset(&err, 0, sizeof(err));
	if ((st = plan_parse((const char *)data, size, "fuzz", &plan, &err)) != TEND_OK) {
		/* a refusal says why, on a line of the file (0: the file as a whole) */
		if (st == TEND_ERR_PARSE && (err.line < 0 || !err.reason[0] ||
		                             !memchr(err.reason, '\0', sizeof(err.reason))))
			abort();
		if (plan)
			abort();
		return 0;
	}
	int total = 0;
	for (size_t i = 0; i < plan->nsteps; i++) {
		const struct plan_step *st = &plan->steps[i];
		if (st->seconds < 1 || st->seconds > PLAN_MAX_STEP_SECONDS)
			abort();
		if (plan_step_start(plan, i) != total)
			abort();
		total += st->seconds;
		(void)plan_kind_label(st->kind);
		(void)plan_kind_card(st->kind);
		(void)plan_step_deep_ok(plan, i);
		(void)strlen(st->instruction);
	}
	if (total != plan->total_seconds || plan->nsteps == 0)
		abort();
	(void)plan_pillars(plan);
	(void)plan_has_kind(plan, plan->steps[0].kind);
	(void)strlen(plan->title);
	(void)strlen(plan->about);
	plan_free(plan);
	return 0;
}
