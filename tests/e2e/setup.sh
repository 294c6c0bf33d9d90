#!/usr/bin/env bash
# setup.sh: the first run on the screens, as a couple would do it: names in
# three scripts (Latin, Japanese, Cyrillic), each passphrase typed twice (a
# mismatch is refused and asked again), two identical names refused, then
# home with both names; the command line agrees on who was set up and which
# passphrase was kept.
. "$(dirname "$0")/lib.sh"

PZ='Zoë: lantern by the lake 41'  # Zoë's passphrase
PZX='Zoë: lantern by the lake 14' # her mistyped second try
PL='Łukasz: żółw w ogrodzie'      # Łukasz's passphrase
PM='美咲の星空 passphrase 9'      # 美咲's passphrase
PA='Анна sings in the rain'       # Анна's passphrase

# ---- quitting on the welcome screen sets nothing up -------------------------

DB=$E2E_DIR/quit.db
tui --db "$DB"
see "first run: the welcome screen" "Welcome to tend."
keys q
rc=$(tmux_wait_exit 5)
same "q on the welcome screen exits 0" "${rc:-timeout}" 0
run "$TEND" --db "$DB" stats
expect_rc "after quitting the welcome screen nobody is set up (stats -> 1)" 1
has "... and stats says so" "$ERR" "nobody is set up here yet"

# ---- Zoë and Łukasz ----------------------------------------------------------

DB=$E2E_DIR/one.db
tui --db "$DB"
see "the welcome screen" "Welcome to tend."
keys Enter
see "Enter asks for the first name" "First name:"
keys Enter
see "an empty name is refused" "Please type a name."
keys "Zoë" Enter
see "the second name is asked, naming the first" "(The first is Zoë.)"
see "... on its own prompt" "Second name:"
keys "Zoë" Enter
see "the same name twice is refused" "The two names need to be different"
see "... and the second name is asked again" "Second name:"
keys C-u "zoë" Enter
wait_for "Second name: zoë"
see "a name differing only in case is refused too" "The two names need to be different"
keys C-u "Łukasz" Enter
see "Zoë is asked for her passphrase" "Zoë's passphrase"
see "... while Łukasz is asked to look away" "Łukasz, please look away."
keys "$PZ"
sleep 0.2
see "the passphrase field hides what is typed" "(hidden as you type)"
unseen "the passphrase does not show as it is typed" "$PZ"
unseen "... not even part of it" "lantern"
keys Enter
see "she is asked to type it again" "type the same passphrase again"
keys "$PZX" Enter
see "a second typing that differs is refused" \
	"The two passphrases were not the same. Please choose it again."
see "... and she chooses it again from the start" "choose a passphrase for your"
keys "$PZ" Enter
wait_for "type the same passphrase again"
keys "$PZ" Enter
see "the same passphrase twice is taken: Zoë is offered a recovery code" \
	"Zoë, would you like a recovery code?"
keys n
see "then Łukasz's turn" "Łukasz's passphrase"
see "... while Zoë looks away" "Zoë, please look away."
keys "$PL" Enter
wait_for "Łukasz, type the same passphrase again"
keys "$PL" Enter
see "Łukasz is offered a recovery code too" "Łukasz, would you like a recovery code?"
keys n
see "home after the keys are made" "Welcome, Zoë and Łukasz." 15
see "home shows both names" "Zoë & Łukasz"
see "home says who opens tonight" "Tonight: not yet - Zoë opens"
see "home shows the nightly streak" "Nightly streak 0 · longest 0 · 0 in all"
see "home leads with the nights together of the last 14" "of the last 14"
# The title line is 80 columns wide whatever the names' bytes.
title=$(screen | head -n 1)
same "the names end one column before the right edge" \
	"$(printf '%s' "$title" | wc -L)" 79
unseen "no passphrase on the home screen" "lantern"
keys q
quit_clean "Zoë and Łukasz" "$PZ" "$PL" "lantern" "żółw"

run "$TEND" --db "$DB" stats --json
expect_rc "stats --json after setting up on the screens" 0
has "stats --json names both partners, in order" "$OUT" '"partners":["Zoë","Łukasz"]'
has "stats --json: Zoë opens the first night" "$OUT" '"opens_tonight":"Zoë"'
has "stats --json: no night yet" "$OUT" '"nights_total":0'
run "$TEND" --db "$DB" stats
has "stats says the couple is set up" "$OUT" "Zoë and Łukasz"
run with_pass "$PZ" "$TEND" --db "$DB" read --as Zoë
expect_rc "Zoë's passphrase (typed twice alike) opens her key" 0
run with_pass "$PZX" "$TEND" --db "$DB" read --as Zoë
expect_rc "the refused mistyping does not open it" 1
run with_pass "$PL" "$TEND" --db "$DB" read --as Łukasz
expect_rc "Łukasz's passphrase opens his key" 0
run with_pass "$PZ" "$TEND" --db "$DB" read --as Łukasz
expect_rc "Zoë's passphrase does not open Łukasz's key" 1
assert_no_plaintext "$DB" "$PZ" "$PZX" "$PL" "lantern by the lake" "żółw w ogrodzie"

# A second start goes straight home.
tui --db "$DB"
see "a second start opens home, not the setup" "Tonight: not yet - Zoë opens"
unseen "... with no welcome" "Welcome to tend."
keys q
quit_clean "second start"

# ---- 美咲 and Анна: Japanese and Cyrillic -----------------------------------

DB=$E2E_DIR/two.db
tui --db "$DB"
see "second couple: the welcome screen" "Welcome to tend."
keys Enter
wait_for "First name:"
keys "美咲" Enter
see "the first name in Japanese is taken" "(The first is 美咲.)"
keys "美咲" Enter
see "the same Japanese name twice is refused" "The two names need to be different"
keys C-u "Анна" Enter
see "美咲 is asked for her passphrase" "美咲's passphrase"
see "... while Анна looks away" "Анна, please look away."
keys "$PM" Enter
wait_for "type the same passphrase again"
keys "$PM" Enter
wait_for "美咲, would you like a recovery code?"
keys n
see "then Анна's passphrase" "Анна's passphrase"
keys "$PA" Enter
wait_for "Анна, type the same passphrase again"
keys "$PA-" Enter
see "Анна's mismatch is refused too" "The two passphrases were not the same."
keys "$PA" Enter
wait_for "Анна, type the same passphrase again"
keys "$PA" Enter
wait_for "Анна, would you like a recovery code?"
keys n
see "home with 美咲 and Анна" "美咲 & Анна" 15
see "the welcome names both" "Welcome, 美咲 and Анна."
see "美咲 opens the first night" "Tonight: not yet - 美咲 opens"
title=$(screen | head -n 1)
same "wide names end one column before the right edge too" \
	"$(printf '%s' "$title" | wc -L)" 79
keys q
quit_clean "美咲 and Анна" "$PM" "$PA" "星空" "sings in the rain"

run "$TEND" --db "$DB" stats --json
expect_rc "stats --json for the second couple" 0
has "stats --json names 美咲 and Анна" "$OUT" '"partners":["美咲","Анна"]'
has "stats --json: 美咲 opens" "$OUT" '"opens_tonight":"美咲"'
run with_pass "$PM" "$TEND" --db "$DB" read --as 美咲
expect_rc "美咲's passphrase opens her key" 0
run with_pass "$PA" "$TEND" --db "$DB" read --as Анна
expect_rc "Анна's passphrase opens her key" 0
run with_pass "$PA-" "$TEND" --db "$DB" read --as Анна
expect_rc "Анна's refused mistyping does not" 1
assert_no_plaintext "$DB" "$PM" "$PA" "$PA-" "星空" "sings in the rain"

done_testing
