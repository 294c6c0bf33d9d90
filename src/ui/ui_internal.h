/* ui_internal.h: what the files of src/ui share and nobody else sees: the state
 * of the running interface, the event loop, drawing helpers and the screens.
 * The only header of tend that includes curses.h. */
#ifndef TEND_UI_INTERNAL_H
#define TEND_UI_INTERNAL_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "tend/app.h"
#include "tend/ui.h"

/* Smallest terminal any screen works in. */
#define UI_MIN_W 40
#define UI_MIN_H 12

/* Semantic colour roles: one table in ui.c maps them to colours, or to
 * bold/reverse/underline on a terminal without colour. */
enum ui_role {
	UI_NORMAL,
	UI_SPEAKER,  /* the partner who has the floor */
	UI_LISTENER, /* the partner who listens */
	UI_ACCENT,   /* titles, selected rows, key names */
	UI_WARNING,  /* errors and "cannot be undone" */
	UI_MUTED,    /* hints and secondary text */
	UI_OK,       /* done, saved */
	UI_BANNER,   /* "Now: <name> speaks": unmistakable */
	UI_ROLE_COUNT
};

/* What the screens share while tend runs. */
struct ui {
	struct app *app;              /* borrowed */
	SCREEN *scr;                  /* the terminal, from newterm (owned) */
	const struct ui_options *opt; /* borrowed */
	bool utf8;                    /* the locale is UTF-8: blocks, dots, lines */
	bool color;                   /* colour pairs in use */
	struct app_reader *reader;    /* the one unlocked reader, or NULL (owned) */
	int64_t last_key_ms;          /* monotonic ms of the last key: idle lock */
	int64_t idle_ms;              /* idle time before the reader locks */
	struct app_checkin *checkin;  /* the check-in in progress, or NULL (owned) */
	bool text_dirty;              /* check-in text changed since its last save */
	int64_t save_try_ms;          /* monotonic ms of the last save attempt */
	bool quit;                    /* Ctrl-C, a signal or a lost terminal */
	int lost;                     /* reads that failed at once in a row */
	bool woke_readable;           /* the last wait ended on input, not time */
	bool pending;                 /* ncurses may hold input: look before sleeping */
	bool niced;                   /* the kernel's poll slack is 0.5%, not 0.1% */
	int64_t timer_slack_us;       /* the thread's timer slack (PR_GET_TIMERSLACK) */
	bool bell_due;                /* ring with the next frame (ui_show) */
	struct ui_signals signals;    /* ours, and what was there before (common.h) */
	char msg[200];                /* a notice for the line above the keys */
	int64_t msg_until;            /* a fading notice (ui_news): monotonic ms it
	                               * goes at, 0 until a frame shows it; -1: it
	                               * stays until a key (ui_say) */
	bool want_cursor;             /* this frame shows the text cursor ... */
	int cur_y, cur_x;             /* ... here */
	int cursor_shown;             /* what curs_set last got (-1 unknown) */
	bool cursor_hides;            /* the terminal can hide its cursor (civis) */
	int timing_fd;                /* TEND_TIMING_FD for make bench, or -1 */
	int timing_last;              /* the second last reported on it */
	bool fatal;                   /* leave with exit status 1 */
	char fatal_msg[300];          /* printed to stderr after endwin */
};

/* Events ui_next() returns. */
enum ui_ev_kind {
	UI_EV_NONE,   /* something changed behind the screen: redraw */
	UI_EV_KEY,    /* ev.key holds a key */
	UI_EV_TICK,   /* the screen's deadline came */
	UI_EV_RESIZE, /* the terminal changed size: re-layout */
	UI_EV_QUIT,   /* leave tend now, saving (u->quit is set) */
	UI_EV_LOCK,   /* the reader locked: leave screens of decrypted text */
};

/* Function keys are KEY_* codes moved past the last code point, so one int
 * holds either a character or a key: case UI_K(KEY_UP). */
#define UI_K(k) (0x110000 + (k))
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 27

struct ui_ev {
	enum ui_ev_kind kind;
	int key; /* a code point, or UI_K(KEY_*) */
};

/* ui_next() flags. */
#define UI_TEXT   0x1u /* keys are text: 'L' is a letter, not "lock" */
#define UI_READER 0x2u /* the screen shows decrypted text: leave on lock */

/* What a screen returns to the one that opened it. */
enum ui_result {
	UI_DONE = 0,  /* finished, back to the caller */
	UI_CANCEL,    /* Esc: nothing was done */
	UI_LOCKED,    /* the reader locked: back to home */
	UI_QUIT,      /* leave tend */
	UI_OTHER,     /* a prompt's other key (struct ui_prompt) */
};

/* term.c: whether ncurses knows the terminal TERM names (terminfo). */
bool ui_term_known(void);

/* ui.c: the loop and the terminal. */
/* Waits for a key, the screen's `deadline` (monotonic ms; -1 for none), the
 * idle lock, a check-in autosave or a notice fading (UI_EV_NONE: redraw),
 * whichever comes first; never polls. */
struct ui_ev ui_next(struct ui *u, int64_t deadline, unsigned flags);
/* Colour or attributes of a role. */
attr_t ui_attr(const struct ui *u, enum ui_role role);
/* Frees the reader (if any), builds the terminal anew so ncurses holds none
 * of what was shown, and says "Locked.". */
void ui_lock(struct ui *u);
/* Gives back what a running turn does without: the database's statements
 * and cached pages, the heap's free pages, the stack below the caller. */
void ui_release_memory(struct ui *u);
/* Saves the check-in in progress now; a failure becomes u->msg. */
void ui_checkin_save(struct ui *u);
/* term.c: after newterm failed, why this terminal cannot be used and what
 * to do, as one line for standard error (no "tend: " before it). */
void ui_term_why(char *buf, size_t size);
/* Copies a notice into u->msg (printf-style); it stays until a key. For
 * what went wrong and what to do next. */
void ui_say(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for news that needs no answer ("Locked.", "Saved."): it fades
 * UI_NOTE_MS after a frame first shows it (or at a key). */
#define UI_NOTE_MS 4000
void ui_news(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* draw.c: drawing helpers. A rectangle of the screen. */
struct ui_rect {
	int y, x, h, w;
};
/* Draws UTF-8 `s` (len bytes; (size_t)-1: up to the NUL) at y,x in at most
 * `cols` columns: control characters as spaces, broken bytes (or anything
 * beyond ASCII in a non-UTF-8 locale) as '?'. Returns the columns used. */
int ui_put(const struct ui *u, int y, int x, const char *s, size_t len, int cols, attr_t attr);
/* Centres `s` in the w columns starting at x. */
void ui_put_center(const struct ui *u, int y, int x, int w, const char *s, attr_t attr);
/* Wraps `s` into r, from row `skip` of the wrapped text; returns the rows
 * the whole text needs at r.w columns. */
int ui_wrap(const struct ui *u, struct ui_rect r, const char *s, size_t len, int skip,
            attr_t attr, bool center);
/* Rows `s` takes wrapped at `cols`. */
int ui_wrap_rows(const char *s, size_t len, int cols);
/* A box (lines, or + - | without UTF-8) around r. */
void ui_box(const struct ui *u, struct ui_rect r, attr_t attr);
/* A horizontal rule. */
void ui_hline(const struct ui *u, int y, int x, int w, attr_t attr);
/* Width and drawing of text in the block font (digits and ':'), 5 rows
 * high at scale 1 and 5 * scale rows at a larger scale. */
#define UI_BIG_ROWS 5
int ui_big_width(const char *s, int scale);
void ui_big(const struct ui *u, int y, int x, const char *s, int scale, attr_t attr);
/* layout.c: the rows of the timer screen (checkin.c). One layout: */
struct ui_timer_layout {
	int scale;      /* the block digits' scale (0: the time on one line) */
	int instr;      /* rows of the instruction */
	int card;       /* rows of the card text (0: no card section) */
	int gap;        /* blank rows between sections (0 or 1) */
	int total;      /* rows of it all, the session bar included */
};
/* The widest the instruction and the card run, in a column in the middle. */
#define UI_TEXT_W_MAX 76
/* The roomiest layout that fits `c` for an instruction and a card that
 * need `instr_need` and `card_need` rows (the arrive step shows its two
 * names instead of a card) with the time `clock` ("M:SS"): the largest
 * digits that leave every text whole with a blank row between sections,
 * else the first of a list of tries, from roomy to bare, that fits. */
struct ui_timer_layout ui_timer_layout(struct ui_rect c, int instr_need, int card_need,
                                       bool arrive, bool has_card, const char *clock);
/* Draws and shows a screen holding only `text`, wrapped, under `title`. */
void ui_text_screen(struct ui *u, const char *title, const char *const *keys,
                    const char *text, attr_t attr);
/* Starts a frame: clears, draws the title line and the key hints (pairs of
 * key and label, NULL-ended) and the notice, and fills *content with what
 * is left. When the terminal is smaller than min_w x min_h, it draws the
 * "please make the window larger" sentence instead and returns false. */
bool ui_frame(struct ui *u, const char *title, const char *right, const char *const *keys,
              int min_w, int min_h, struct ui_rect *content);
/* Ends a frame: puts it on the terminal with one doupdate, in one write
 * (cork.c), ringing the bell first when u->bell_due. */
void ui_show(struct ui *u);
/* cork.c: while corked, writes to `fd` are gathered; ui_uncork sends them
 * in one write and wipes them. */
void ui_cork(int fd);
void ui_uncork(void);
/* app_set_note's hook while the screens run: a frame of its own saying
 * `text` ("Opening Noor's key..."), on the terminal before the slow work
 * starts. `ctx` is the struct ui. */
void ui_say_busy(void *ctx, const char *text);
/* Turns the whole frame drawn so far into its reverse video: the visual
 * bell, drawn for a moment and undone by the next frame, so the screen
 * loop never sleeps for it (ncurses' flash() does, 100 ms in xterm's). */
void ui_invert(void);
/* A centred box with `title` and wrapped `text` over the frame. */
void ui_popup(struct ui *u, const char *title, const char *text, const char *keys);
/* The separator dot: "·" in UTF-8, "-" otherwise (static). */
const char *ui_dot(const struct ui *u);
/* "Sep 29": the month and day of a night. */
void ui_night_short(tend_night n, char *buf, size_t size);
/* "Tuesday 2026-11-24". */
void ui_night_long(tend_night n, char *buf, size_t size);
/* "M:SS" of whole seconds. */
void ui_clock(int seconds, char *buf, size_t size);
/* A short tag for a pillar: "Vuln", "Listen", ... */
const char *ui_pillar_tag(int p);

/* editor.c: text fields. One multi-line text of a form. */
struct ui_field {
	const char *label;  /* the question or heading above the text */
	struct textbuf *tb; /* the text (borrowed) */
	bool *shared;       /* the sharing toggle, or NULL when there is none */
	int top;            /* first wrapped row shown */
};
/* A screen of one or more text fields; Tab moves between them. */
struct ui_form {
	const char *title;
	const char *intro;    /* a paragraph above the fields; may be NULL */
	const char *other;    /* the partner named in "share with <other>" */
	struct ui_field *fields;
	int nfields;
	int focus;
	bool tab_toggles;     /* Tab toggles sharing (a single-field form) */
	bool checkin;         /* the text is the check-in's: autosaved */
	bool esc_leaves;      /* Esc leaves (asking first when there is text) */
	const char *done_key; /* label of Ctrl-D: "done", "save" */
};
/* Runs the form until Ctrl-D / F10 (UI_DONE), Esc when esc_leaves
 * (UI_CANCEL), or UI_QUIT. */
enum ui_result ui_form_run(struct ui *u, struct ui_form *f);
/* A one-line entry: the body paragraphs, a label and the field. `hidden`
 * shows nothing of what is typed. Enter: UI_DONE; Esc: UI_CANCEL. */
struct ui_prompt {
	const char *title;
	const char *body;   /* paragraphs ("\n\n" between them) */
	const char *label;  /* "Name:", "Passphrase:" */
	bool hidden;
	const char *enter;  /* label of Enter: "next", "unlock" */
	const char *esc;    /* label of Esc: "back"; NULL: Esc does nothing */
	int other_key;      /* one more key, which returns UI_OTHER; 0: none */
	const char *other_name, *other; /* its name and label: "Ctrl-R", "forgot it" */
};
enum ui_result ui_prompt_line(struct ui *u, const struct ui_prompt *p, struct textbuf *tb);
/* A screen titled `title` asking `text`; *yes is true after y, false after
 * n or Esc. UI_DONE, or UI_QUIT. */
enum ui_result ui_confirm(struct ui *u, const char *title, const char *text, bool *yes);
/* Shows a message until a key; UI_DONE or UI_QUIT. */
enum ui_result ui_notice(struct ui *u, const char *title, const char *text);
/* True for Enter, however the terminal sends it. */
bool ui_is_enter(int key);
/* Shows `text` under `title` with the key hints `keys` until Enter
 * (UI_DONE) or the letter `other` in either case (UI_OTHER); or UI_QUIT. */
enum ui_result ui_enter_or(struct ui *u, const char *title, const char *const *keys,
                           const char *text, int other);

/* view.c: a scrolling document of text blocks (decrypted text is copied
 * into guarded memory and wiped). */
struct ui_block {
	char *text;    /* owned: guarded memory when `secret`, else malloc */
	size_t len;
	enum ui_role role;
	attr_t extra;  /* A_BOLD etc. */
	int indent;
	bool secret;
};
struct ui_doc {
	struct ui_block *b; /* owned */
	size_t n, cap;
};
/* Appends a copy of `len` bytes of `text` (guarded memory when `secret`). */
enum tend_status ui_doc_add(struct ui_doc *d, enum ui_role role, attr_t extra, int indent,
                            const char *text, size_t len, bool secret);
/* Appends a formatted line (not secret; at most 511 bytes). */
enum tend_status ui_doc_addf(struct ui_doc *d, enum ui_role role, attr_t extra, int indent,
                             const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Wipes the secret blocks and frees everything. */
void ui_doc_free(struct ui_doc *d);
/* Shows the document until Esc/q (UI_DONE); `flags` as for ui_next. */
enum ui_result ui_doc_view(struct ui *u, const char *title, const struct ui_doc *d,
                           unsigned flags);
/* The help of a screen as a document. */
enum ui_result ui_help(struct ui *u, const char *title, const char *text);

/* The screens. Each returns when it is done, or UI_QUIT to leave tend. */
/* setup.c: the first run, up to the couple's keys being made. */
enum ui_result ui_setup(struct ui *u);
/* home.c: "finish or discard?" when a check-in was interrupted. */
enum ui_result ui_draft(struct ui *u);
/* home.c: home, until q. */
enum ui_result ui_home(struct ui *u);
/* evening.c: [c] on home: which plan tonight (unless --plan said), and for
 * a plan that talks a parked topic through, which topic; then the check-in. */
enum ui_result ui_evening(struct ui *u);
/* checkin.c: a new check-in of `plan` (NULL: the default) talking `topic`
 * through (0: none; `topic_text` its words, guarded, or NULL), or the
 * interrupted one (`resume`), to its save. While it runs u->checkin owns
 * it. */
enum ui_result ui_checkin(struct ui *u, bool resume, const char *plan, int64_t topic,
                          const char *topic_text);
/* reflect.c: each partner's reflections in turn (the phase says who is
 * next), then c->phase moves on: UI_DONE or UI_QUIT. In a resumed
 * check-in, what each wrote before comes back once they unlock. */
enum ui_result ui_reflect(struct ui *u, struct app_checkin *c);
/* reflect.c: the couple's note (with the plan's agreement and "next
 * together"); a resumed check-in's note comes back once either unlocks. */
enum ui_result ui_note(struct ui *u, struct app_checkin *c);
/* history.c: the saved check-ins. */
enum ui_result ui_history(struct ui *u);
/* journal.c: the unlocked reader's journal. */
enum ui_result ui_journal(struct ui *u);
/* secret.c: a new passphrase for partner `who` of `names`, typed twice
 * into `tb` (guarded memory, APP_MAX_PASS + 1), after `intro`; a weak one
 * is said so, with tend's estimate, and taken only if they insist.
 * UI_DONE with tb holding it, UI_CANCEL (Esc at the first typing) or
 * UI_QUIT. */
enum ui_result ui_choose_pass(struct ui *u, const char *const names[2], int who,
                              enum app_kdf kdf, const char *intro, struct textbuf *tb);
/* secret.c: shows `name`'s new recovery code (`other` is asked to look
 * away) until it is written down and two of its groups are typed back:
 * UI_DONE or UI_QUIT. */
enum ui_result ui_show_code(struct ui *u, const char *name, const char *other,
                            const char *code);
/* secret.c: a forgotten passphrase: `partner` types their recovery code,
 * then a new passphrase. UI_DONE with *out their key (the caller's),
 * UI_CANCEL or UI_QUIT. */
enum ui_result ui_recover(struct ui *u, int partner, struct app_reader **out);
/* secret.c: a new recovery code for `partner`, who unlocks for it, shown
 * once. UI_DONE, UI_CANCEL or UI_QUIT. */
enum ui_result ui_new_code(struct ui *u, int partner);

/* unlock.c: asks who is reading: *partner, UI_CANCEL or UI_QUIT. `title`
 * and `intro` say what for. */
enum ui_result ui_pick_partner(struct ui *u, const char *title, const char *intro, int *partner);
/* unlock.c: makes sure a reader is unlocked, asking who and the
 * passphrase: UI_DONE with u->reader set, UI_CANCEL, or UI_QUIT. */
enum ui_result ui_unlock(struct ui *u);
/* unlock.c: asks `partner` for their passphrase (not who): UI_DONE with
 * *out their key, the caller's to free; UI_CANCEL (Esc, or a key record
 * that cannot be used, said on the status line) or UI_QUIT. */
enum ui_result ui_unlock_partner(struct ui *u, int partner, struct app_reader **out);

#endif
