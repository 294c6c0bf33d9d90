#!/usr/bin/env bash
# docs.sh: the manual page, tend(1). It is made from doc/tend.1.scd by the
# Makefile (tend.1 beside ./tend), renders without a warning, opens with
# `man ./tend.1`, carries tend's version, and documents everything `tend
# --help` lists: each command has its entry, each option is there, each
# setting `tend set` takes, and each environment variable tend reads (every
# getenv in src/) is under ENVIRONMENT. The lists are read from the help
# and the sources, so a command or option added there and not here fails.
. tests/e2e/lib.sh

needs man "man-db renders the manual page (scripts/install-deps.sh installs it)"
needs scdoc "scdoc makes the manual page (scripts/install-deps.sh installs it)"

run make -s tend.1
expect_rc "make tend.1 makes the manual page from doc/tend.1.scd" 0
page=${TEND_MAN:-tend.1}
check "tend.1 is there, beside ./tend" test -s "$page"

# Warnings from man (groff's own and man-db's), at a usual width and a narrow one.
for w in 80 40; do
	warn=$(MANWIDTH=$w man --warnings -l "$page" 2>&1 >/dev/null)
	same "man renders it at $w columns without a warning" "$warn" ""
done
run env MANPAGER=cat MANWIDTH=80 man ./tend.1
expect_rc "man ./tend.1 opens it from the build" 0
has "... and it is tend's page" "$OUT" "tend - a nightly check-in for two"

# The page as a reader sees it, one paragraph a line (so nothing depends on
# where a line wraps), with any typographic hyphen made a plain one.
text=$(MANPAGER=cat MANWIDTH=1000 man -l "$page" 2>/dev/null | sed 's/\xe2\x80\x90/-/g; s/\xe2\x88\x92/-/g')
# section NAME: the lines of that section
section() { printf '%s\n' "$text" | awk -v s="$1" '/^[A-Z]/ { on = ($0 == s); next } on'; }

version=$("$TEND" --version)
has "its footer names this version ($version)" "$(printf '%s\n' "$text" | tail -n 1)" "$version"

help=$("$TEND" --help)
cmds=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^Options:/p' |
	sed -nE 's/^  ([a-z]+)( .*)?$/\1/p' | sort -u)
opts=$(printf '%s\n' "$help" | grep -oE -- '(^|[^[:alnum:]-])--?[[:alpha:]][[:alnum:]-]*' |
	sed -E 's/^[^-]//' | sort -u)
keys=$(printf '%s\n' "$help" | grep -oE '[a-z]+-?[a-z]+ (HH:MM|NIGHTS|on\|off|DAY)' |
	cut -d' ' -f1 | sort -u)
envs=$(grep -rhoE 'getenv\("[A-Z_]+"\)' src | sed -E 's/getenv\("(.*)"\)/\1/' | sort -u)
diag "from tend --help: commands:" $cmds "options:" $opts "settings:" $keys \
	"read by src/ with getenv:" $envs
# guard the parsing itself: what the help certainly lists
for want in init write set forget; do
	has "the help's commands were read ($want among them)" "$cmds" "$want"
done
for want in --db --passphrase-fd --as -o; do
	has "the help's options were read ($want among them)" "$(printf ' %s ' $opts)" " $want "
done
has "the settings were read (date-night among them)" "$keys" date-night
has "the environment variables were read (TEND_DB among them)" "$envs" TEND_DB

commands=$(section COMMANDS)
for c in $cmds; do
	# an entry of its own: a line that begins with the command, then its options
	if printf '%s\n' "$commands" | grep -qE "^       $c( |$)"; then
		ok "COMMANDS has an entry for '$c'"
	else
		not_ok "COMMANDS has an entry for '$c'" "no line '       $c ...' in COMMANDS"
	fi
done
words=$(printf '%s\n' "$text" | tr -s ' \t,.;:()[]|"' '\n')
for o in $opts; do
	if printf '%s\n' "$words" | grep -qxF -e "$o"; then
		ok "the page documents $o"
	else
		not_ok "the page documents $o" "'$o' is in tend --help but not in $page"
	fi
done
for k in $keys; do
	if printf '%s\n' "$commands" | grep -qE "^ +$k "; then
		ok "the set entry documents '$k'"
	else
		not_ok "the set entry documents '$k'" "no line '$k ...' under set in COMMANDS"
	fi
done
environment=$(section ENVIRONMENT)
for e in $envs; do
	if printf '%s\n' "$environment" | grep -qxE " +$e"; then
		ok "ENVIRONMENT has an entry for $e"
	else
		not_ok "ENVIRONMENT has an entry for $e" "src/ reads $e (getenv) but ENVIRONMENT does not say"
	fi
done
for s in SYNOPSIS DESCRIPTION OPTIONS COMMANDS "THE SCREENS AND THEIR KEYS" FILES \
	ENVIRONMENT "EXIT STATUS" EXAMPLES; do
	if [ -n "$(section "$s")" ]; then
		ok "the page has a $s section"
	else
		not_ok "the page has a $s section"
	fi
done
status=$(section "EXIT STATUS")
for n in 0 1 2; do
	if printf '%s\n' "$status" | grep -qxE " +$n"; then
		ok "EXIT STATUS says what $n means"
	else
		not_ok "EXIT STATUS says what $n means"
	fi
done
done_testing
