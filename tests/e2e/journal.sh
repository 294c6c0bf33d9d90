#!/usr/bin/env bash
# journal.sh: the journals on the screens: each partner unlocks their own,
# writes a private entry and a shared one, reads them back; the other
# partner's list shows the shared entry and never the private one; leaving
# a written entry with Esc asks first and saves nothing; 'tend read' agrees.
. "$(dirname "$0")/lib.sh"

PZ='Zoë journal key: tulips 5' # Zoë's passphrase
PM='美咲 journal key: 月 7'    # 美咲's passphrase
DB=$TEND_DB

JP1='Zoë alone: I worry about my father'   # Zoë's private entry, first line
JP2='and I have not said it aloud yet'     # ... its second line
JS='Zoë to us: the picnic was perfect'     # Zoë's shared entry
MP='美咲 alone: 仕事のことが心配'            # 美咲's private entry
MS='美咲 to us: let us visit Kyoto in May' # 美咲's shared entry
GONE='a draft nobody should ever read'     # typed, then left with Esc

set_up Zoë "$PZ" 美咲 "$PM"

tui
wait_for "Tonight: not yet"

# ---- Zoë ------------------------------------------------------------------

keys j
see "j asks who is reading" "Who is reading?"
keys 1
see "Zoë is asked for her passphrase" "Zoë's passphrase"
keys "$PZ" Enter
see "Zoë's journal opens" "Zoë's journal" 10
see "... empty at first" "Nothing here yet. Press w to write your first entry."
keys w
see "w opens a new entry" "Write in your journal"
see "a new entry is private by default" "[x] only me  [ ] share with 美咲"
keys "$JP1" Enter "$JP2"
see "the entry shows as typed" "$JP2"
keys C-d
see "Ctrl-D saves it" "Saved."
see "the list shows it as hers alone" "yours, only you"
see "... with its first line" "$JP1"
keys w
wait_for "Write in your journal"
keys "$JS" Tab
see "Tab shares the entry" "[ ] only me  [x] share with 美咲"
keys C-d
see "the shared entry is saved" "yours, shared"
# The newest is on top: Enter opens the shared one, j and Enter the other.
keys Enter
see "Enter reads the entry on top" "tend · Journal"
see "... the shared one" "$JS"
see "... labelled as shared" "· yours, shared"
keys Escape
wait_for "Zoë's journal"
keys j Enter
see "the private entry reads back" "$JP1"
see "... both its lines" "$JP2"
see "... labelled as hers alone" "· yours, only you"
keys Escape
wait_for "Zoë's journal"
keys w
wait_for "Write in your journal"
keys "$GONE" Escape
see "Esc with text typed asks first" "Leave without saving?"
keys y
see "... and leaves without saving" "Zoë's journal"
unseen "the left entry is not in the list" "$GONE"
keys L
see "L locks the journal" "Locked."

# ---- 美咲 -----------------------------------------------------------------

keys j
wait_for "Who is reading?"
keys 2
see "美咲 is asked for her passphrase" "美咲's passphrase"
keys "$PM" Enter
see "美咲's journal opens" "美咲's journal" 10
see "美咲 sees Zoë's shared entry" "$JS"
see "... marked as Zoë's" "from Zoë, shared"
unseen "美咲 never sees Zoë's private entry" "$JP1"
unseen "... nor its second line" "$JP2"
keys w
wait_for "Write in your journal"
see "美咲's entry would be shared with Zoë" "share with Zoë"
keys "$MP" C-d
see "美咲's private entry is saved" "yours, only you"
keys w
wait_for "Write in your journal"
keys "$MS" Tab C-d
see "美咲's shared entry is saved" "yours, shared"
see "her list has her two entries and Zoë's shared one" "$MS"
mlist=$(screen)
reads "... her private one" "$mlist" "$MP"
reads "... Zoë's shared one" "$mlist" "$JS"
reads_not "... and not Zoë's private one" "$mlist" "$JP1"
keys Escape
see "Esc leaves the journal" "Tonight: not yet"
keys L
wait_for "Locked."

# ---- Zoë again: 美咲's private entry is not hers to see -----------------------

keys j 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
see "Zoë's journal again" "Zoë's journal" 10
see "Zoë now sees 美咲's shared entry" "$MS"
see "... from 美咲" "from 美咲, shared"
zlist=$(screen)
reads_not "Zoë never sees 美咲's private entry" "$zlist" "$MP"
reads "Zoë still has her own private entry" "$zlist" "$JP1"
keys Escape
wait_for "Tonight: not yet"
keys q
quit_clean "journals" "$JP1" "$JP2" "$JS" "$MP" "$MS" "$GONE" "$PZ" "$PM"

# ---- the command line agrees ----------------------------------------------

run with_pass "$PZ" "$TEND" read --as Zoë
expect_rc "tend read --as Zoë" 0
has "read --as Zoë: her private entry, both lines" "$OUT" "$JP1"$'\n'"$JP2"
has "read --as Zoë: her shared entry" "$OUT" "$JS"
has "read --as Zoë: 美咲's shared entry" "$OUT" "$MS"
lacks "read --as Zoë: not 美咲's private entry" "$OUT" "$MP"
lacks "read --as Zoë: nothing of the entry left with Esc" "$OUT" "$GONE"
has "read --as Zoë: the private one is a journal entry, only hers" "$OUT" \
	"· journal · Zoë · only you"
run with_pass "$PM" "$TEND" read --as 美咲
expect_rc "tend read --as 美咲" 0
has "read --as 美咲: her private entry" "$OUT" "$MP"
has "read --as 美咲: her shared entry" "$OUT" "$MS"
has "read --as 美咲: Zoë's shared entry" "$OUT" "$JS"
lacks "read --as 美咲: not Zoë's private entry" "$OUT" "$JP1"
lacks "read --as 美咲: nothing of the entry left with Esc" "$OUT" "$GONE"

assert_no_plaintext "$DB" "$JP1" "$JP2" "$JS" "$MP" "$MS" "$GONE" "$PZ" "$PM" \
	"worry about my father" "picnic" "仕事" "Kyoto"

done_testing
