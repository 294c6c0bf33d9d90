#!/bin/zsh -f
# zcomplete.zsh DIR LINE...: for each LINE, what zsh's own completion offers
# when Tab is pressed at its end, in a real interactive zsh (driven through
# a pseudo-terminal with zsh/zpty) with compinit and DIR first in fpath:
# a line "> LINE", each match as the shell will read it (its quotes taken
# away), one a line, then "= WORD": the line's last word after Tab, as the
# shell will pass it on (what was put in, quotes taken away). It hooks
# compadd only to note what completion functions add, and adds it all the
# same.
# (tests/e2e/completion.sh runs it.)
zmodload zsh/zpty || exit 2
dir=$1
shift
tmp=$(mktemp -d) || exit 2
export ZCOMPLETE_OUT=$tmp/matches
cat >$tmp/setup.zsh <<SETUP
PS1='%# ' PS2='' RPS1=''
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' list-prompt ''
zstyle ':completion:*' select-prompt ''
LISTMAX=10000
compadd() {
  # -O, -A and -D ask what would match without adding: pass them on
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "\$@"
    return
  fi
  local -a __hits
  builtin compadd -A __hits "\$@"
  (( \$#__hits )) && print -rl -- \${(Q)__hits} >>\$ZCOMPLETE_OUT
  builtin compadd "\$@"
}
_zcomplete() {
  _main_complete
  print -r -- ::done:: >>\$ZCOMPLETE_OUT
}
zle -C zcomplete .complete-word _zcomplete
bindkey '^I' zcomplete
_zbuffer() { print -r -- "::buffer:: \${(Q)\${(z)BUFFER}[-1]}" >>\$ZCOMPLETE_OUT }
zle -N _zbuffer
bindkey '^B' _zbuffer
print ::ready::
SETUP

drain() { local chunk; while zpty -rt z chunk 2>/dev/null; do :; done; }
# waits up to 10 s for PATTERN in FILE
await() {
  local i
  for (( i = 0; i < 200; i++ )); do
    drain
    [[ -f $2 ]] && grep -qF -- $1 $2 && return 0
    sleep 0.05
  done
  return 1
}

zpty z zsh -f -i || exit 2
zpty -w z "source ${(q)tmp}/setup.zsh >${(q)tmp}/ready 2>${(q)tmp}/setup.err"
if ! await ::ready:: $tmp/ready; then
  print -r "zcomplete: zsh did not start: $(<$tmp/setup.err)" >&2
  zpty -d z; rm -rf $tmp; exit 2
fi
rc=0
for l in "$@"; do
  : >$ZCOMPLETE_OUT
  zpty -w -n z "$l"$'\t'
  if ! await ::done:: $ZCOMPLETE_OUT; then
    print -r "zcomplete: no completion came for: $l" >&2
    rc=1
    break
  fi
  zpty -w -n z $'\x02' # Ctrl-B: what the line holds now
  if ! await ::buffer:: $ZCOMPLETE_OUT; then
    print -r "zcomplete: the line did not come back for: $l" >&2
    rc=1
    break
  fi
  print -r -- "> $l"
  grep -vxF ::done:: $ZCOMPLETE_OUT | sed 's/^::buffer:: /= /'
  zpty -w -n z $'\x15' # Ctrl-U: the next line starts afresh
  drain
done
[[ -s $tmp/setup.err ]] && { print -r "zcomplete: $(<$tmp/setup.err)" >&2; rc=1; }
zpty -d z
rm -rf $tmp
exit $rc
