/* cli_internal.h: what the files of src/cli share: failing in one line,
 * and everything that asks a person something (on the terminal) or reads
 * it from a script (--passphrase-fd). Secrets are read into guarded memory
 * and the terminal's echo is always put back. */
#ifndef TEND_CLI_INTERNAL_H
#define TEND_CLI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "tend/cli.h"

/* What the commands print, made safe for a terminal (out.c): printf to
 * standard output, and to standard error. */
void cli_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Room for the safe form of decrypted text: guarded memory, reused from
 * one text to the next; zeroed to start, cli_text_free wipes it. */
struct cli_text {
	char *p;                /* app_secure_alloc, or NULL */
	size_t cap;
};
/* Decrypted text (`len` bytes, in guarded memory) to standard output, its
 * safe form made in `t`, never in stdio's buffers. 0, or 1 after saying why
 * it could not be written. */
int cli_out_text(struct cli_text *t, const char *s, size_t len);
void cli_text_free(struct cli_text *t);
/* `s` to the terminal `fd` (a prompt, a question), made safe. */
void cli_say(int fd, const char *s);

/* The message for status `st` of a command on the database: a failure of
 * the file itself (an I/O error, a full disk, permissions, read-only,
 * damage) names the database ("PATH: message"). A static buffer. */
const char *cli_why(const struct cli_args *a, enum tend_status st);
/* The partner named by --as (checked present), or -1 after saying why not. */
int cli_partner(const struct cli_args *a, struct app *app);
/* 0 when the key record of every partner in `mask` (bit i: partner i) can
 * be used; otherwise says by name which cannot, then `then`, and returns 1.
 * Checked before any passphrase is asked for or any text read. */
int cli_keys_usable(struct app *app, unsigned mask, const char *then);

/* Reads one line (without its newline) from `fd` into `buf` (room for
 * `cap` bytes with the NUL), a byte at a time so the next line stays for
 * the next read. Returns its length, -1 at end of input or on error, or
 * CLI_TOO_LONG for a line that does not fit. */
#define CLI_TOO_LONG (-2)
ssize_t cli_read_line(int fd, char *buf, size_t cap);
/* "no passphrase given", or that the line was too long (n CLI_TOO_LONG),
 * for a failed read of a `what` ("passphrase", "recovery code"); when
 * there was no terminal to ask on, with how to give it from a script.
 * Static. */
const char *cli_missing(const struct cli_args *a, ssize_t n, const char *what);
/* Asks on the terminal (/dev/tty) after `prompt`, echo off when `hidden`;
 * Ctrl-C puts the terminal back first. Returns the length or -1. */
ssize_t cli_ask(const char *prompt, char *buf, size_t cap, bool hidden);
/* The next secret: a line of --passphrase-fd, or typed hidden on the
 * terminal after `prompt`. `buf` has room for APP_MAX_PASS + 1. */
ssize_t cli_secret(const struct cli_args *a, const char *prompt, char *buf);
/* After reading `lines` lines from --passphrase-fd: 0 when nothing more
 * was there; otherwise says so (what those lines were: `which`) and
 * returns 1, before anything is done. Nothing to check on a terminal. */
int cli_no_more_lines(const struct cli_args *a, int lines, const char *which);
/* Unlocks partner `who` with their passphrase: the one line a command
 * reads from --passphrase-fd (one try, nothing may follow it), or typed on
 * the terminal (three tries). 0 with *out set, or 1 after saying why not,
 * `then` telling what did not happen ("nothing was written"); NULL for a
 * command that changes nothing, where that would reassure for no reason. */
int cli_unlock(const struct cli_args *a, struct app *app, int who, const char *then,
               struct app_reader **out);
/* A new passphrase for partner `who` of the couple `names`: typed twice on
 * the terminal after "<label> for <name>: ", with tend's estimate of a
 * weak one and the choice to keep it anyway; or the next line of
 * --passphrase-fd, where a weak one is refused without --allow-weak.
 * `buf`: APP_MAX_PASS + 1 of guarded memory. Returns the length, or -1
 * after saying why (exit status 1). */
ssize_t cli_new_pass(const struct cli_args *a, const char *label, const char *const names[2],
                     int who, enum app_kdf kdf, char *buf);
/* Asks a yes-or-no question on the terminal; `dflt` when Enter alone.
 * False when there is no terminal. */
bool cli_yes(const char *question, bool dflt);
/* Whether tend can ask on a terminal. */
bool cli_have_tty(void);
/* Shows `name`'s new recovery code: on the terminal's alternate screen
 * (so it leaves nothing in the scrollback), then asks two of its groups
 * back; or, with --passphrase-fd, one line on standard output. 0, or 1
 * after saying why. */
int cli_show_code(const struct cli_args *a, const char *name, const char *other,
                  const char *code);
/* The sentence for a failed app_recover, without "tend: ". */
const char *cli_recover_problem(struct app *app, int who, enum tend_status st, char *buf,
                                size_t size);

#endif
