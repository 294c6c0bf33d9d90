#!/usr/bin/env bash
# completion.sh: tend's completion for bash, zsh and fish (completion/),
# each driven for real. Bash: its function called as readline would call it
# (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT set, with bash-completion's
# helpers loaded), COMPREPLY read back; and once in an interactive bash in
# tmux, to see a name with a space and quotes go onto the line as one word.
# Zsh: a real interactive zsh with compinit, driven through a
# pseudo-terminal (tests/e2e/zcomplete.zsh). Fish: `complete -C`. What they
# must offer is read from `tend --help` and from tend itself (each option a
# completion offers for a command, tend takes for it, and the reverse), so
# the three shells, the help and the program cannot drift apart unseen.
. tests/e2e/lib.sh

BASH_COMPLETION=/usr/share/bash-completion/bash_completion
needs zsh "the zsh completion is tested in zsh (scripts/install-deps.sh installs it)"
needs fish "the fish completion is tested in fish (scripts/install-deps.sh installs it)"
if [ ! -r "$BASH_COMPLETION" ]; then
	not_ok "bash-completion is installed" "no $BASH_COMPLETION (scripts/install-deps.sh installs it)"
	done_testing
fi
SRC=$PWD/completion
BIN_ABS=$PWD/$TEND_BIN

# The tend on the PATH is the one under test, at the suite's clock.
mkdir -p "$E2E_DIR/path" "$E2E_DIR/work"
ln -s "$TEND" "$E2E_DIR/path/tend"
export PATH=$E2E_DIR/path:$PATH
unset TEND_DATA_DIR

# Two couples: ours in $TEND_DB, whose names hold a space, quotes, a
# backslash and letters outside ASCII; and another in "~/our db/other.db".
A='Zoë'
B='美咲 "Mi\sa" O'\''Neil'
with_pass "pass one two three
pass four five six" "$TEND" init --partner "$A" --partner "$B" --kdf interactive --allow-weak \
	>/dev/null 2>&1
mkdir -p "$HOME/our db"
with_pass "pass one two three
pass four five six" "$TEND" --db "$HOME/our db/other.db" init --partner Ana --partner Ben \
	--kdf interactive --allow-weak >/dev/null 2>&1
check "the test couples are set up" test -s "$TEND_DB" -a -s "$HOME/our db/other.db"
mkdir -p "$XDG_CONFIG_HOME/tend/plans"
cp data/plans/quick.plan "$XDG_CONFIG_HOME/tend/plans/ours.plan"
touch "$E2E_DIR/work/tonight.bak" "$E2E_DIR/work/mine.plan"
mkdir "$E2E_DIR/work/sub"

# lines TEXT: TEXT's lines sorted, as one line of words (for comparing sets)
lines() { printf '%s\n' "$1" | sed '/^$/d' | sort -u | tr '\n' ' ' | sed 's/ $//'; }

# What tend --help lists: the commands, and the settings `set` takes.
help=$("$TEND" --help)
COMMANDS=$(lines "$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^Options:/p' |
	sed -nE 's/^  ([a-z]+)( .*)?$/\1/p')")
SETTINGS=$(lines "$(printf '%s\n' "$help" |
	grep -oE '[a-z]+-?[a-z]+ (HH:MM|NIGHTS|on\|off|DAY)' | cut -d' ' -f1)")
PLANS=$(lines "$(cd data/plans && for f in *.plan; do echo "${f%.plan}"; done)")
diag "commands: $COMMANDS" "settings: $SETTINGS" "shipped plans: $PLANS"

# ---- bash -------------------------------------------------------------------

# bcomp WORD...: COMPREPLY, one a line, for Tab on the last WORD (the word
# being completed, '' for a new one), the WORDs as readline splits a line
# (quotes kept, "=" a word of its own), in $E2E_DIR/work.
bcomp() {
	(cd "$E2E_DIR/work" && bash --norc --noprofile -c '
		. "$1" || exit 3
		. "$2" || exit 3
		shift 2
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_LINE=${COMP_LINE// = /=} # "--db=x": no space around the =
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_tend tend "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BASH_COMPLETION" "$SRC/tend.bash" "$@" 2>&1)
}
# bsame NAME WANT WORD...: bcomp WORD... offers exactly WANT (words, any order)
bsame() {
	local name=$1 want=$2
	shift 2
	same "$name" "$(lines "$(bcomp "$@")")" "$want"
}

bsame "bash: tend <Tab> offers every command tend --help lists" "$COMMANDS" tend ''
bsame "bash: tend wr<Tab> is write" "write" tend wr
bsame "bash: tend --db F <Tab> offers the commands, past --db's value" "$COMMANDS" \
	tend --db "$E2E_DIR/x.db" ''
bsame "bash: tend -<Tab> offers the screens' options" "--db --help --kdf --plain --plan --version" tend -
bsame "bash: tend stats -<Tab> offers --db and --json" "--db --json" tend stats -
bsame "bash: tend init --<Tab> offers init's options" \
	"--allow-weak --db --kdf --partner --passphrase-fd --recovery" tend init --

# Every option bash offers a command, tend takes for that command (a usage
# error, exit 2, would say it does not), and each option only some commands
# take (src/main.c: check_options, and --as) is offered wherever tend takes it.
declare -A base=(
	[init]="--partner P --partner Q" [write]="--as P" [read]="--as P" [stats]=""
	[set]="bell on" [passphrase]="--as P" [recovery]="--as P" [backup]="$E2E_DIR/f.bak"
	[restore]="$E2E_DIR/f.bak" [export]="--as P" [verify]="" [calendar]=""
	[forget]="--as P --night 2026-11-25"
)
declare -A value=(
	[--as]=P [--partner]=P [--format]=json [--output]=$E2E_DIR/out.txt
	[--night]=2026-11-25 [--kdf]=interactive [--plan]=quick [--passphrase-fd]=3
	[--db]=$E2E_DIR/none.db
)
only_some="--as --partner --shared --json --recovery --replace --yes --format --output --night --allow-weak"
# takes CMD OPT: whether tend takes OPT for CMD (no usage error); never a
# database: --db names one that is not there, and no passphrase comes
takes() {
	local o=("$2") b=${base[$1]}
	[ -n "${value[$2]:-}" ] && o+=("${value[$2]}")
	[ "$1 $2" = "init --partner" ] && b="--partner Q" # the second one
	# shellcheck disable=SC2086
	"$TEND" --db "$E2E_DIR/none.db" --passphrase-fd 3 "$1" $b "${o[@]}" \
		3</dev/null </dev/null >/dev/null 2>&1
	[ $? -ne 2 ]
}
declare -A offered
for c in $COMMANDS; do
	offered[$c]=$(lines "$(bcomp tend "$c" --)")
	bad=
	for o in ${offered[$c]}; do
		takes "$c" "$o" || bad="$bad $o (tend says it is not an option of $c)"
	done
	for o in $only_some; do
		if [[ " ${offered[$c]} " != *" $o "* ]] && takes "$c" "$o"; then
			bad="$bad $o (tend takes it, bash does not offer it)"
		fi
	done
	if [ -z "$bad" ]; then
		ok "bash: tend $c --<Tab> offers what tend takes for $c: ${offered[$c]}"
	else
		not_ok "bash: tend $c --<Tab> offers what tend takes for $c" "$bad"
	fi
done
check "... and asking tend made no database" test ! -e "$E2E_DIR/none.db"

# Partner names, from the database on the line (TEND_DB when none is).
bsame "bash: --as <Tab> offers both partners of \$TEND_DB" "$(lines "$A
$B")" tend read --as ''
bsame "bash: --as zo<Tab> finds Zoë in small letters" "$A" tend write --as zo
bsame "bash: --as 美<Tab> finds a name with a space, quotes and a backslash" "$B" \
	tend export --as 美
bsame "bash: --as '美<Tab> finds it after an opening quote too" "$B" tend export --as "'美"
bsame "bash: --db ~/our\\ db/other.db ... --as <Tab> reads that database" "Ana Ben" \
	tend --db '~/our\ db/other.db' verify --as ''
bsame "bash: --db=\"~/our db/other.db\" (quoted: no ~) finds nothing there" "" \
	tend --db = '"~/our db/other.db"' read --as ''
bsame "bash: --db=$HOME/\"our db\"/other.db ... --as <Tab> reads that database" "Ana Ben" \
	tend --db = "$HOME/\"our db\"/other.db" read --as ''
bsame "bash: --db after the command counts too" "Ana Ben" \
	tend read --db "$HOME/our\\ db/other.db" --as ''
bsame "bash: --as <Tab> on a database that is not there offers nothing" "" \
	tend --db "$E2E_DIR/none.db" read --as ''
check "... and makes none" test ! -e "$E2E_DIR/none.db"
bsame "bash: init --partner <Tab> offers nothing (a new couple's names)" "" \
	tend init --partner ''

# Settings and their values.
bsame "bash: tend set <Tab> offers every setting tend --help lists" "$SETTINGS" tend set ''
bsame "bash: tend set bell <Tab> is on or off" "off on" tend set bell ''
bsame "bash: tend set streaks o<Tab> is on or off" "off on" tend set streaks o
bsame "bash: tend set weekly-day <Tab> offers the days" "fri mon sat sun thu tue wed" \
	tend set weekly-day ''
bsame "bash: tend set date-night s<Tab> offers sat and sun" "sat sun" tend set date-night s
bsame "bash: tend set date-night <Tab> offers off too" "fri mon off sat sun thu tue wed" \
	tend set date-night ''
bsame "bash: nothing after a setting's value" "" tend set bell on ''

# Plans: the shipped ones beside the program, yours, and .plan files.
bsame "bash: $TEND_BIN --plan <Tab> offers the plans beside it, yours and .plan files" \
	"$(lines "$PLANS ours mine.plan sub" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/ $//')" \
	"$BIN_ABS" --plan ''
export TEND_DATA_DIR=$PWD/data
bsame "bash: tend --plan q<Tab> finds quick in TEND_DATA_DIR" "quick" tend --plan q
bsame "bash: tend --plan o<Tab> finds your own plan" "ours" tend --plan o
unset TEND_DATA_DIR
bsame "bash: --kdf <Tab> offers the three levels" "interactive moderate sensitive" tend --kdf ''
bsame "bash: --format <Tab> is markdown or json" "json markdown" tend export --format ''
bsame "bash: tend backup <Tab> offers files" "mine.plan sub tonight.bak" tend backup ''
bsame "bash: tend restore t<Tab> offers the backup" "tonight.bak" tend restore t
bsame "bash: tend export -o <Tab> offers files" "mine.plan sub tonight.bak" tend export -o ''

# The real thing: readline in an interactive bash puts a name with a space
# and quotes on the line so that the shell passes it as the one word.
cat >"$E2E_DIR/bashrc" <<EOF
PS1='$ '
. $BASH_COMPLETION
. $SRC/tend.bash
EOF
tmux_start bash --rcfile "$E2E_DIR/bashrc" -i
wait_for '$'
keys "tend export --as 美" Tab
wait_re 'export --as 美咲' || true
keys C-a "printf '<%s>\n' " Enter
see "bash, in a terminal: the name goes in whole, the shell reads it back as written" "<$B>"
tmux_stop

# ---- zsh --------------------------------------------------------------------

# Every line in one zsh: "> LINE", the matches, "= WORD" (the last word
# after Tab, as the shell passes it on).
zlines=(
	"tend " "tend wr" "tend --db $E2E_DIR/x.db " "tend read --as " "tend write --as zo"
	"tend export --as 美" "tend --db ~/our\\ db/other.db verify --as "
	"tend --db=$HOME/our\\ db/other.db read --as " "tend set " "tend set bell "
	"tend set date-night " "tend --plan q" "tend --kdf " "tend export --format "
)
for c in $COMMANDS; do zlines+=("tend $c --"); done
zout=$(cd "$E2E_DIR/work" && TEND_DATA_DIR=$OLDPWD/data timeout 120 zsh -f \
	"$OLDPWD/tests/e2e/zcomplete.zsh" "$SRC" "${zlines[@]}" 2>"$E2E_DIR/zsh.err")
zrc=$?
same "zsh: every line was completed, with no error" "$zrc $(cat "$E2E_DIR/zsh.err")" "0 "
# zcomp LINE: the matches zsh offered for LINE, one a line; zword LINE: "= WORD"
zcomp() { printf '%s\n' "$zout" | awk -v l="> $1" '/^> / { on = ($0 == l); next } on' | grep -v '^= '; }
zword() { printf '%s\n' "$zout" | awk -v l="> $1" '/^> / { on = ($0 == l); next } on' | sed -n 's/^= //p'; }
zsame() { same "$1" "$(lines "$(zcomp "$2")")" "$3"; }

zsame "zsh: tend <Tab> offers every command" "tend " "$COMMANDS"
same "zsh: tend wr<Tab> puts write on the line" "$(zword "tend wr")" write
zsame "zsh: tend --db F <Tab> offers the commands" "tend --db $E2E_DIR/x.db " "$COMMANDS"
zsame "zsh: --as <Tab> offers both partners" "tend read --as " "$(lines "$A
$B")"
same "zsh: --as zo<Tab> puts Zoë on the line" "$(zword "tend write --as zo")" "$A"
same "zsh: --as 美<Tab> puts the name with a space and quotes on the line, as one word" \
	"$(zword "tend export --as 美")" "$B"
zsame "zsh: --db ~/our\\ db/other.db ... --as <Tab> reads that database" \
	"tend --db ~/our\\ db/other.db verify --as " "Ana Ben"
zsame "zsh: --db=PATH ... --as <Tab> reads that database" \
	"tend --db=$HOME/our\\ db/other.db read --as " "Ana Ben"
zsame "zsh: tend set <Tab> offers every setting" "tend set " "$SETTINGS"
zsame "zsh: tend set bell <Tab> is on or off" "tend set bell " "off on"
zsame "zsh: tend set date-night <Tab> offers the days and off" "tend set date-night " \
	"fri mon off sat sun thu tue wed"
same "zsh: tend --plan q<Tab> puts quick on the line" "$(zword "tend --plan q")" quick
zsame "zsh: --kdf <Tab> offers the three levels" "tend --kdf " "interactive moderate sensitive"
zsame "zsh: --format <Tab> is markdown or json" "tend export --format " "json markdown"
for c in $COMMANDS; do
	same "zsh: tend $c --<Tab> offers what bash offers" \
		"$(lines "$(zcomp "tend $c --" | grep '^--')")" "${offered[$c]}"
done

# ---- fish -------------------------------------------------------------------

# fcomp LINE: what fish offers for LINE (its candidates, without their
# descriptions), in $E2E_DIR/work
fcomp() {
	(cd "$E2E_DIR/work" && fish -N -c 'source $argv[1]; and complete -C $argv[2]' \
		"$SRC/tend.fish" "$1" 2>&1 | cut -f1)
}
fsame() { same "$1" "$(lines "$(fcomp "$2")")" "$3"; }

fsame "fish: tend <Tab> offers every command" "tend " "$COMMANDS"
fsame "fish: tend wr<Tab> is write" "tend wr" write
fsame "fish: tend --db F <Tab> offers the commands" "tend --db $E2E_DIR/x.db " "$COMMANDS"
fsame "fish: --as <Tab> offers both partners" "tend read --as " "$(lines "$A
$B")"
fsame "fish: --as 美<Tab> finds the name with a space and quotes" "tend export --as 美" "$B"
fsame "fish: --db ~/our\\ db/other.db ... --as <Tab> reads that database" \
	"tend --db ~/our\\ db/other.db verify --as " "Ana Ben"
fsame "fish: --db 'PATH' after the command counts too" \
	"tend read --db '$HOME/our db/other.db' --as " "Ana Ben"
fsame "fish: tend set <Tab> offers every setting" "tend set " "$SETTINGS"
fsame "fish: tend set bell <Tab> is on or off" "tend set bell " "off on"
fsame "fish: tend set date-night <Tab> offers the days and off" "tend set date-night " \
	"fri mon off sat sun thu tue wed"
fsame "fish: nothing after a setting's value" "tend set bell on " ""
fplans=" $(lines "$(fcomp "$BIN_ABS --plan ")") "
missing=
for p in $PLANS ours mine.plan; do
	[[ $fplans == *" $p "* ]] || missing="$missing $p"
done
same "fish: $TEND_BIN --plan <Tab> offers the plans beside it, yours and .plan files" \
	"$missing" ""
fsame "fish: --kdf <Tab> offers the three levels" "tend --kdf " "interactive moderate sensitive"
fsame "fish: --format <Tab> is markdown or json" "tend export --format " "json markdown"
fsame "fish: tend restore t<Tab> offers the backup" "tend restore t" "tonight.bak"
for c in $COMMANDS; do
	same "fish: tend $c --<Tab> offers what bash offers" \
		"$(lines "$(fcomp "tend $c --" | grep '^--')")" "${offered[$c]}"
done
done_testing
