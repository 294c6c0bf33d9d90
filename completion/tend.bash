# tend.bash: completion of tend(1) for bash, with the bash-completion
# package's helpers (_init_completion, _filedir). `make install` puts it in
# PREFIX/share/bash-completion/completions/tend, where bash-completion loads
# it the first time `tend` is completed. It completes the commands, the
# options each command takes, partner names after --as (read from the
# database with `tend stats --json`, which needs no passphrase), plan names
# after --plan, the settings `tend set` takes and their values, and files.
# tests/e2e/completion.sh drives it; keep the tables in step with src/main.c
# (the commands, check_options and check_set) and with _tend and tend.fish.

# The options of command $1 ("" for the screens), besides --db, which goes
# anywhere.
_tend_options()
{
    case $1 in
        "") echo --plan --plain --kdf --help --version ;;
        init) echo --partner --kdf --recovery --allow-weak --passphrase-fd ;;
        write) echo --as --shared --passphrase-fd ;;
        read | recovery | verify) echo --as --passphrase-fd ;;
        stats) echo --json ;;
        status) echo --format ;;
        passphrase) echo --as --recovery --allow-weak --passphrase-fd ;;
        restore) echo --replace --passphrase-fd ;;
        export) echo --as --format --output --passphrase-fd ;;
        calendar) echo --output ;;
        forget) echo --as --night --yes --passphrase-fd ;;
    esac
}

_tend_commands="init write read stats status set passphrase recovery backup restore
export verify calendar forget"

# A word as it was typed, without its quotes and with a leading ~ made
# $HOME, into REPLY. Nothing in it is run or expanded otherwise.
_tend_dequote()
{
    local w=$1 c q= i
    REPLY=
    for ((i = 0; i < ${#w}; i++)); do
        c=${w:i:1}
        if [[ $q == "'" ]]; then
            [[ $c == "'" ]] && q= || REPLY+=$c
        elif [[ $c == '\' ]]; then
            i=$((i + 1))
            REPLY+=${w:i:1}
        elif [[ $q == '"' ]]; then
            [[ $c == '"' ]] && q= || REPLY+=$c
        elif [[ $c == "'" || $c == '"' ]]; then
            q=$c
        else
            REPLY+=$c
        fi
    done
    [[ $w == "~" || $w == "~/"* ]] && REPLY=$HOME${REPLY#\~}
}

# The tend being completed (./tend too), else the one on the PATH.
_tend_program()
{
    _tend_dequote "${words[0]}"
    [[ $REPLY == */* && -x $REPLY ]] || REPLY=$(type -P tend)
}

# The partners' names, one a line, from the database the command line
# names (--db PATH, else TEND_DB or the default, as tend itself picks).
_tend_partners()
{
    local json re='"partners":\["(([^"\\]|\\.)*)","(([^"\\]|\\.)*)"\]' n name i c
    _tend_program
    [[ $REPLY ]] || return
    json=$("$REPLY" ${db:+--db "$db"} stats --json 2>/dev/null </dev/null) || return
    [[ $json =~ $re ]] || return
    for n in "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]}"; do
        name= # JSON's \" and \\ (a name holds no control character)
        for ((i = 0; i < ${#n}; i++)); do
            c=${n:i:1}
            [[ $c == '\' ]] && { i=$((i + 1)); c=${n:i:1}; }
            name+=$c
        done
        printf '%s\n' "$name"
    done
}

# Plan names tend would find: your own (~/.config/tend/plans) and the
# shipped ones (TEND_DATA_DIR, else data, ../data or ../share/tend beside
# the program, the first that has plans/, as src/app/data.c looks).
_tend_plans()
{
    local dirs=() d exe f
    if [[ ${XDG_CONFIG_HOME-} == /* ]]; then
        dirs+=("$XDG_CONFIG_HOME/tend/plans")
    elif [[ ${HOME-} ]]; then
        dirs+=("$HOME/.config/tend/plans")
    fi
    if [[ ${TEND_DATA_DIR-} ]]; then
        dirs+=("$TEND_DATA_DIR/plans")
    else
        _tend_program
        exe=$(readlink -f -- "$REPLY" 2>/dev/null)
        for d in data ../data ../share/tend; do
            [[ $exe && -d ${exe%/*}/$d/plans ]] && { dirs+=("${exe%/*}/$d/plans"); break; }
        done
    fi
    for d in "${dirs[@]}"; do
        for f in "$d"/*.plan; do
            f=${f##*/}
            f=${f%.plan}
            [[ $f =~ ^[A-Za-z0-9_-]+$ ]] && printf '%s\n' "$f"
        done
    done | sort -u
}

# COMPREPLY: the lines of $1 that begin with what is typed ($cur, its
# quotes taken away), in capitals or small letters as tend's --as takes
# them. They are given to readline as file names are, so that a name with
# a space is quoted when it goes in.
_tend_reply_lines()
{
    local line typed
    _tend_dequote "$cur"
    typed=${REPLY,,}
    while IFS= read -r line; do
        [[ $line && ${line,,} == "$typed"* ]] && COMPREPLY+=("$line")
    done <<<"$1"
    ((${#COMPREPLY[@]})) && compopt -o filenames 2>/dev/null
    return 0
}

_tend()
{
    local cur prev words cword split
    _init_completion -s -n : || return

    # What is on the line before the word being completed: the command,
    # the words after it that are not options, and --db's value.
    local i w cmd= db= nargs=0 args=()
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        case $w in
            --db=*) _tend_dequote "${w#--db=}"; db=$REPLY ;;
            --db)
                i=$((i + 1))
                ((i < cword)) && { _tend_dequote "${words[i]}"; db=$REPLY; }
                ;;
            --plan | --kdf | --passphrase-fd | --partner | --as | --format | --output | \
                -o | --night) i=$((i + 1)) ;;
            -*) ;;
            *)
                if [[ -z $cmd ]]; then
                    cmd=$w
                else
                    args+=("$w")
                    nargs=$((nargs + 1))
                fi
                ;;
        esac
    done

    case $prev in
        --as)
            _tend_reply_lines "$(_tend_partners)"
            return
            ;;
        --plan)
            _tend_reply_lines "$(_tend_plans)"
            _filedir plan
            return
            ;;
        --kdf)
            COMPREPLY=($(compgen -W "interactive moderate sensitive" -- "$cur"))
            return
            ;;
        --format)
            [[ $cmd == export ]] && COMPREPLY=($(compgen -W "markdown json" -- "$cur"))
            return
            ;;
        --db | --output | -o)
            _filedir
            return
            ;;
        --partner | --passphrase-fd | --night)
            return # a new name, a number, a date: nothing to offer
            ;;
    esac
    $split && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--db $(_tend_options "$cmd")" -- "$cur"))
        return
    fi

    case $cmd in
        "") COMPREPLY=($(compgen -W "$_tend_commands" -- "$cur")) ;;
        set)
            if ((nargs == 0)); then
                COMPREPLY=($(compgen -W "day-boundary rest-window bell flash streaks
                    ritual-time weekly-day date-night date-time" -- "$cur"))
            elif ((nargs == 1)); then
                local days="mon tue wed thu fri sat sun"
                case ${args[0]} in
                    bell | flash | streaks) COMPREPLY=($(compgen -W "on off" -- "$cur")) ;;
                    weekly-day) COMPREPLY=($(compgen -W "$days" -- "$cur")) ;;
                    date-night) COMPREPLY=($(compgen -W "$days off" -- "$cur")) ;;
                esac
            fi
            ;;
        backup | restore) ((nargs == 0)) && _filedir ;;
    esac
} &&
    complete -F _tend tend
