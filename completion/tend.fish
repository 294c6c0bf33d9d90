# tend.fish: completion of tend(1) for fish. `make install` puts it in
# PREFIX/share/fish/vendor_completions.d, where fish loads it the first time
# `tend` is completed. It completes the commands, the options each command
# takes, partner names after --as (read from the database with `tend stats
# --json`, which needs no passphrase), plan names after --plan, the settings
# `tend set` takes and their values, and files.
# tests/e2e/completion.sh drives it; keep the tables in step with src/main.c
# (the commands, check_options and check_set) and with tend.bash and _tend.

# The words before the cursor that are not options nor their values: the
# command first, then its arguments.
function __tend_args
    set -l skip 0
    for t in (commandline -opc)[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --db --plan --kdf --passphrase-fd --partner --as --format --output -o --night
                set skip 1
            case '-*'
            case '*'
                printf '%s\n' $t
        end
    end
end

function __tend_no_command
    test (count (__tend_args)) -eq 0
end

# Whether the command is one of $argv and, with -n N first, it has N
# arguments so far.
function __tend_using
    set -l n
    if test "$argv[1]" = -n
        set n $argv[2]
        set -e argv[1..2]
    end
    set -l args (__tend_args)
    contains -- "$args[1]" $argv; or return 1
    test -z "$n"; or test (count $args) -eq (math $n + 1)
end

# Whether the line is `tend set KEY ` with KEY one of $argv.
function __tend_set_value
    set -l args (__tend_args)
    test (count $args) -eq 2; and test "$args[1]" = set; and contains -- $args[2] $argv
end

# The tend being completed (./tend too), else the one on the PATH.
function __tend_program
    set -l p (commandline -opc)[1]
    set p (string replace -r -- '^~(?=/|$)' $HOME $p)
    if string match -q -- '*/*' $p; and test -x $p
        printf '%s\n' $p
    else
        command -s tend
    end
end

# The partners' names, from the database the line names (--db PATH, else
# TEND_DB or the default, as tend itself picks).
function __tend_partners
    set -l db
    set -l tokens (commandline -opc)
    for i in (seq (count $tokens))
        switch $tokens[$i]
            case '--db=*'
                set db (string replace -- --db= '' $tokens[$i])
            case --db
                set db $tokens[(math $i + 1)]
        end
    end
    set -l tend (__tend_program)
    test -n "$tend"; or return
    set -l opt
    if test -n "$db"
        set opt --db (string replace -r -- '^~(?=/|$)' $HOME $db)
    end
    set -l json ($tend $opt stats --json 2>/dev/null </dev/null)
    or return
    # JSON's \" and \\ (a name holds no control character)
    string match -rg -- '"partners":\["((?:[^"\\\\]|\\\\.)*)","((?:[^"\\\\]|\\\\.)*)"\]' "$json" |
        string replace -ra -- '\\\\(.)' '$1'
end

# Plan names tend would find: your own (~/.config/tend/plans) and the
# shipped ones (TEND_DATA_DIR, else data, ../data or ../share/tend beside
# the program, the first that has plans/, as src/app/data.c looks), and
# .plan files.
function __tend_plans
    set -l dirs
    if string match -q -- '/*' "$XDG_CONFIG_HOME"
        set dirs $XDG_CONFIG_HOME/tend/plans
    else if test -n "$HOME"
        set dirs $HOME/.config/tend/plans
    end
    if test -n "$TEND_DATA_DIR"
        set -a dirs $TEND_DATA_DIR/plans
    else
        set -l exe (__tend_program)
        if test -n "$exe"
            set -l here (path dirname (builtin realpath $exe))
            for d in data ../data ../share/tend
                if test -d $here/$d/plans
                    set -a dirs $here/$d/plans
                    break
                end
            end
        end
    end
    for d in $dirs
        for f in $d/*.plan
            string replace -r -- '^.*/(.*)\.plan$' '$1' $f
        end
    end | string match -r -- '^[A-Za-z0-9_-]+$' | sort -u
    __fish_complete_suffix .plan
end

complete -c tend -f

# Before the command: the commands, and the options of the screens.
complete -c tend -n __tend_no_command -a init -d 'set up a couple'
complete -c tend -n __tend_no_command -a write -d 'add a journal entry'
complete -c tend -n __tend_no_command -a read -d 'print everything a partner may read'
complete -c tend -n __tend_no_command -a stats -d 'streaks and tonight, no passphrase'
complete -c tend -n __tend_no_command -a status -d 'one line about tonight, for a prompt'
complete -c tend -n __tend_no_command -a set -d 'change a setting'
complete -c tend -n __tend_no_command -a passphrase -d 'choose a new passphrase'
complete -c tend -n __tend_no_command -a recovery -d 'make a new recovery code'
complete -c tend -n __tend_no_command -a backup -d 'write an encrypted backup'
complete -c tend -n __tend_no_command -a restore -d 'put a backup in place'
complete -c tend -n __tend_no_command -a export -d 'what a partner may read, as plain text'
complete -c tend -n __tend_no_command -a verify -d 'check the whole database'
complete -c tend -n __tend_no_command -a calendar -d 'your shared time as an iCalendar file'
complete -c tend -n __tend_no_command -a forget -d 'delete entries or a night for good'
complete -c tend -n __tend_no_command -l plan -x -a '(__tend_plans)' -d 'the plan for the check-in'
complete -c tend -n __tend_no_command -l plain -d 'line by line, for a screen reader or a dumb terminal'
complete -c tend -n '__tend_no_command; or __tend_using init' -l kdf -x \
    -a 'interactive moderate sensitive' -d 'key derivation cost at setup'
complete -c tend -n __tend_no_command -s h -l help -d 'print the help'
complete -c tend -n __tend_no_command -s V -l version -d "print tend's version"

# Anywhere.
complete -c tend -l db -r -F -d 'the database'

# The options each command takes.
complete -c tend -n '__tend_using write read passphrase recovery export verify forget' \
    -l as -x -a '(__tend_partners)' -d 'the partner'
complete -c tend -n '__tend_using init write read passphrase recovery restore export verify forget' \
    -l passphrase-fd -x -d 'read passphrases from this file descriptor'
complete -c tend -n '__tend_using init passphrase' -l allow-weak -d 'take a passphrase that is easy to guess'
complete -c tend -n '__tend_using init' -l partner -x -d "a partner's name"
complete -c tend -n '__tend_using init' -l recovery -d 'a recovery code for each of you'
complete -c tend -n '__tend_using passphrase' -l recovery -d 'with the recovery code instead'
complete -c tend -n '__tend_using write' -l shared -d 'shared with your partner, no passphrase'
complete -c tend -n '__tend_using stats' -l json -d 'as JSON'
complete -c tend -n '__tend_using status' -l format -x -d 'the pieces, e.g. %s %n'
complete -c tend -n '__tend_using restore' -l replace -d 'over an existing database, keeping it beside'
complete -c tend -n '__tend_using export' -l format -x -a 'markdown json' -d 'the format'
complete -c tend -n '__tend_using export calendar' -s o -l output -r -F -d 'where to write'
complete -c tend -n '__tend_using forget' -l night -x -d 'a night, as YYYY-MM-DD'
complete -c tend -n '__tend_using forget' -l yes -d 'without asking first'

# Arguments: the backup file, and the settings with their values.
complete -c tend -n '__tend_using -n 0 backup restore' -F
complete -c tend -n '__tend_using -n 0 set' -x -a 'day-boundary\t"when a night ends (HH:MM)"
rest-window\t"one rest night in this many nights"
bell\t"ring when the floor passes"
flash\t"flash when the floor passes"
streaks\t"show streak numbers"
ritual-time\t"when you meet each night (HH:MM)"
weekly-day\t"the night of the weekly talk"
date-night\t"the night of your date, or off"
date-time\t"when date night starts (HH:MM)"'
complete -c tend -n '__tend_set_value bell flash streaks' -x -a 'on off'
complete -c tend -n '__tend_set_value weekly-day' -x -a 'mon tue wed thu fri sat sun'
complete -c tend -n '__tend_set_value date-night' -x -a 'mon tue wed thu fri sat sun off'
