#!/usr/bin/env bash
# The crm CLI: `crm call` prints the reply as JSON and exits non-zero on an error reply.
#   tests/cli/cli_test.sh BUILD_DIR
set -uo pipefail
crm="$1/crm"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/crm.db"
passed=0
failed=0
check() { # description, command status expected, actual status, output, pattern
  if [ "$2" = "$3" ] && grep -qE -- "$5" <<<"$4"; then passed=$((passed + 1)); echo "  ok    $1"
  else failed=$((failed + 1)); echo "  FAIL  $1 (status $3, wanted $2)"; echo "$4" | sed 's/^/        /'; fi
}

export CRM_PASSWORD="Cli-test-2026"
# Regression (probe, 2026-11-25): a mistyped --db used to create an empty database.
out=$("$crm" call client.list '{}' --db "$db" 2>&1); st=$?
check "a database that does not exist is not created by crm call" 1 $st "$out" 'no database at'
[ ! -e "$db" ] || { failed=$((failed + 1)); echo "  FAIL  crm call created $db"; }

out=$("$crm" setup --email chef@pme-test.fr --db "$db"); st=$?
check "setup creates the first administrator" 0 $st "$out" '"role": "admin"'

out=$("$crm" call client.list '{}' --db "$db" 2>&1); st=$?
check "without a session a command is refused" 1 $st "$out" '"code": "unauthenticated"'

out=$("$crm" setup --email autre@pme-test.fr --db "$db"); st=$?
check "setup is refused once an administrator exists" 1 $st "$out" '"reason": "already_set_up"'

out=$(CRM_PASSWORD=wrong-password-1 "$crm" call client.list '{}' --db "$db" --user chef@pme-test.fr); st=$?
check "a wrong password is refused" 1 $st "$out" '"reason": "wrong_credentials"'

out=$(unset CRM_PASSWORD; echo "Cli-test-2026" | "$crm" call auth.me '{}' --db "$db" --user chef@pme-test.fr); st=$?
check "the password can come on standard input" 0 $st "$out" '"email": "chef@pme-test.fr"'

u="--user chef@pme-test.fr"
out=$("$crm" call client.create '{"code":"CLI-1","name":"Société Ligne de Commande","siret":"73282932000074"}' --db "$db" $u); st=$?
check "client.create prints the new client" 0 $st "$out" '"name": "Société Ligne de Commande"'

out=$("$crm" call client.list '{"search":"SOCIETE ligne"}' --db "$db" $u); st=$?
check "client.list finds it without accents" 0 $st "$out" '"total": 1'

out=$("$crm" call client.create '{"code":"cli-1","name":"Doublon"}' --db "$db" $u); st=$?
check "a duplicate code is an error reply, exit 1, naming the field" 1 $st "$out" '"field": "code"'

out=$("$crm" call client.create '{"code":"X","name":"Y","email":"nope"}' --db "$db" $u); st=$?
check "a malformed e-mail is refused" 1 $st "$out" '"reason": "invalid_email"'

out=$("$crm" call client.get '{"id": 999}' --db "$db" $u); st=$?
check "an unknown id is not_found" 1 $st "$out" '"code": "not_found"'

out=$("$crm" call client.list '{not json' --db "$db" $u 2>&1); st=$?
check "malformed parameters are refused before anything runs" 2 $st "$out" 'not valid JSON'

out=$("$crm" call client.list '{}' 2>&1); st=$?
check "no database given" 2 $st "$out" 'no database'

out=$(CRM_DB="$db" "$crm" call client.list '{"limit": 10}' $u); st=$?
check "CRM_DB names the database" 0 $st "$out" '"total": 1'

out=$("$crm" seed --demo --db "$db" $u); st=$?
check "seed --demo refuses a database that holds clients" 1 $st "$out" '"code": "conflict"'

"$crm" setup --email chef@pme-test.fr --db "$tmp/fresh.db" >/dev/null
out=$("$crm" seed --demo --db "$tmp/fresh.db" $u); st=$?
check "seed --demo fills an empty database" 0 $st "$out" '"clients": 8'

out=$("$crm" seed --demo --db "$tmp/demo.db"); st=$?
check "seed --demo without a user loads the demo portfolio into a new file" 0 $st "$out" '"invoices": 3000'
out=$("$crm" seed --demo --db "$tmp/demo.db"); st=$?
check "seed --demo refuses a database already set up" 1 $st "$out" 'already_set_up'

out=$("$crm" seed --clients 50 --invoices 400 --seed 9 --db "$tmp/gen.db"); st=$?
check "seed --clients generates a portfolio" 0 $st "$out" '"invoices": 400'

out=$("$crm" call report.aging '{"as_of": "2026-11-24"}' --db "$tmp/gen.db" --user agent1@exemple.fr --session ""); st=$?
check "generated users sign in; an agent gets their own aging" 0 $st "$out" '"over_90"'

out=$("$crm" seed --clients 5 --db "$tmp/gen.db" 2>&1); st=$?
check "seed --clients refuses a database that holds data" 1 $st "$out" 'empty database'

out=$("$crm" call client.delete '{"id": 1}' --db "$tmp/gen.db" --user agent1@exemple.fr); st=$?
check "an agent may not delete" 1 $st "$out" '"code": "forbidden"'

out=$("$crm" methods); st=$?
check "methods lists the command API" 0 $st "$out" '"method": "client.list"'

out=$("$crm" call client.list '{}' --db "$tmp/no/such/dir/x.db" 2>&1); st=$?
check "a database in a missing folder is a clear error" 1 $st "$out" 'no database at'

out=$("$crm" seed --clients 1 --db "$tmp/no/such/dir/x.db" 2>&1); st=$?
check "an unopenable database is a clear error" 1 $st "$out" 'cannot open database'

# Parameters from a file and from standard input (documents over the ~128 KiB of a
# command line): a 200 KB document attached through @FILE.
cid=$("$crm" call client.list '{"search":"ligne"}' --db "$db" $u | grep -m1 '"id"' | grep -oE '[0-9]+')
big=$(head -c 150000 /dev/urandom | base64 -w0)
printf '{"client_id": %s, "name": "gros.bin", "mime_type": "application/octet-stream", "content_base64": "%s"}' "$cid" "$big" > "$tmp/doc.json"
out=$("$crm" call document.attach @"$tmp/doc.json" --db "$db" $u); st=$?
check "parameters from @FILE (a 150 KB document)" 0 $st "$out" '"size_bytes": 150000'
out=$(echo '{"search":"ligne","limit":1}' | "$crm" call client.list - --db "$db" $u); st=$?
check "parameters from standard input (-)" 0 $st "$out" '"total": 1'
out=$("$crm" call client.list @"$tmp/missing.json" --db "$db" $u 2>&1); st=$?
check "a missing parameters file is a usage error" 2 $st "$out" 'cannot read the parameters file'
deep=$(printf '%.0s[' $(seq 1 70000))
out=$("$crm" call client.list "{\"tag\": $deep" --db "$db" $u 2>&1); st=$?
check "deeply nested parameters are refused before parsing" 2 $st "$out" 'deeper than'
out=$("$crm" call client.list '{"limit": 1, "limit": 2}' --db "$db" $u 2>&1); st=$?
check "a repeated key is refused" 2 $st "$out" "appears twice"

# A long command: progress on standard error, and Ctrl+C cancels it, writing nothing.

# The relance engine through the CLI: dates relative to today, so the steps fall due now.
rel="$tmp/relance.db"
"$crm" setup --email chef@pme-test.fr --db "$rel" >/dev/null
day() { date -u -d "$1 days" +%Y-%m-%d; }
"$crm" call client.create '{"code":"REL","name":"Relance SARL","email":"compta@relance.fr","phone":"0102030405"}' --db "$rel" $u >/dev/null
"$crm" call settings.update '{"legal_name":"Recouvra SAS","iban":"FR76 3000 6000 0112 3456 7890 189","bic":"AGRIFRPP"}' --db "$rel" $u >/dev/null
y=$(date -u +%Y); m=$(date -u +%-m); half=$(( m <= 6 ? 1 : 2 ))
"$crm" call rate.set "{\"year\":$y,\"half\":$half,\"rate_bp\":215}" --db "$rel" $u >/dev/null
"$crm" call invoice.create "{\"number\":\"R-7\",\"client_id\":1,\"issue_date\":\"$(day -40)\",\"due_date\":\"$(day -7)\",\"amount_cents\":123456}" --db "$rel" $u >/dev/null
out=$("$crm" call relance.plan '{}' --db "$rel" $u); st=$?
check "relance.plan: the J+7 e-mail is due, with its reason" 0 $st "$out" '"step": "Première relance"'
check "relance.plan: 40 € fee per late invoice" 0 $st "$out" '"fee_cents": 4000'
out=$("$crm" call relance.execute '{"keys":"all"}' --db "$rel" $u --progress 2>/dev/null); st=$?
check "relance.execute runs the automatic actions" 0 $st "$out" '"executed": 1'
out=$("$crm" call relance.execute '{"keys":"all"}' --db "$rel" $u); st=$?
check "relance.execute again the same day: nothing twice" 0 $st "$out" '"executed": 0'
out=$("$crm" call relance.execute "{\"keys\":\"all\",\"as_of\":\"$(day 1)\"}" --db "$rel" $u); st=$?
check "relance.execute refuses a day after today" 1 $st "$out" '"reason": "in_future"'
out=$("$crm" call relance.deliver '{"id":1,"format":"link"}' --db "$rel" $u); st=$?
check "relance.deliver gives the mailto: link" 0 $st "$out" '"url": "mailto:compta@relance.fr\?subject='
out=$("$crm" call relance_template.create '{"code":"X","name":"X","channel":"email","body":"Bonjour {client.nom}"}' --db "$rel" $u); st=$?
check "a template with an unknown placeholder is refused with its position" 1 $st "$out" 'line 1, column 9'
out=$("$crm" call hold.create '{"kind":"promise","client_id":1,"amount_cents":5000}' --db "$rel" $u); st=$?
check "a promise without its date is refused" 1 $st "$out" '"field": "date"'

# Snapshots: export, import into a new file, export again: the same bytes; refusals.
out=$("$crm" export --db "$rel" --out "$tmp/snap1.json"); st=$?
check "crm export writes the snapshot" 0 $st "$(head -c 80 "$tmp/snap1.json")" '"format":"crm-recouvrement-snapshot"'
out=$("$crm" import --db "$tmp/copy.db" "$tmp/snap1.json"); st=$?
check "crm import into a new database" 0 $st "$out" '"imported": true'
# The import is in the log it brought (by the command line, with the file's SHA-256); without
# that line the database is the snapshot, byte for byte.
out=$(sqlite3 "$tmp/copy.db" "SELECT after_json FROM system_logs WHERE action = 'snapshot.import'")
check "crm import logs itself with the file's SHA-256" 0 0 "$out" "\"by\":\"command line\".*\"sha256\":\"$(sha256sum "$tmp/snap1.json" | cut -c1-64)\""
same_without_import_line() { # database, snapshot file
  cp "$1" "$tmp/check.db" && sqlite3 "$tmp/check.db" "DELETE FROM system_logs WHERE action = 'snapshot.import'"
  "$crm" export --db "$tmp/check.db" > "$tmp/check.json"
  cmp -s "$2" "$tmp/check.json"
}
same_without_import_line "$tmp/copy.db" "$tmp/snap1.json"; st=$?
check "export, import, export: the same bytes" 0 $st "same" 'same'
out=$("$crm" import --db "$tmp/copy.db" "$tmp/snap1.json"); st=$?
check "crm import into a database with data asks for --replace" 1 $st "$out" '"reason": "not_empty"'
sed 's/"amount_cents":123456/"amount_cents":-5/' "$tmp/snap1.json" > "$tmp/bad.json"
out=$("$crm" import --db "$tmp/copy.db" "$tmp/bad.json" --replace); st=$?
check "a negative amount is refused with its path" 1 $st "$out" '"path": "\$.tables.invoices\[0\]"'
same_without_import_line "$tmp/copy.db" "$tmp/snap1.json"; st=$?
check "a refused import changes nothing" 0 $st "same" 'same'
out=$("$crm" import --db "$tmp/none.db" "$tmp/bad.json"); st=$?
check "a refused import into a new file is refused" 1 $st "$out" '"imported": false'
[ -e "$tmp/none.db" ]; st=$?
check "and leaves no file behind" 1 $st "no file" 'no file'

gen="$tmp/long.db"
"$crm" setup --email chef@pme-test.fr --db "$gen" >/dev/null
out=$("$crm" call demo.generate '{"clients": 50, "invoices": 3000}' --db "$gen" $u --progress 2>"$tmp/bar.txt"); st=$?
check "demo.generate writes the portfolio" 0 $st "$out" '"invoices": 3000'
check "demo.generate --progress draws a bar to 100 %" 0 $st "$(cat "$tmp/bar.txt")" '\[#{30}\] 100 %'

gen2="$tmp/long2.db"
"$crm" setup --email chef@pme-test.fr --db "$gen2" >/dev/null
"$crm" call demo.generate '{"clients": 1000, "invoices": 3000000}' --db "$gen2" $u --progress >"$tmp/cancel.json" 2>/dev/null &
pid=$!
sleep 3
kill -INT $pid
wait $pid; st=$?
out=$(cat "$tmp/cancel.json")
check "Ctrl+C cancels a long command" 1 $st "$out" '"code": "cancelled"'
out=$("$crm" call client.list '{}' --db "$gen2" $u); st=$?
check "a cancelled generation wrote nothing" 0 $st "$out" '"total": 0'

# The database as a whole file: crm backup, crm restore (checked first, the replaced one kept).
bk="$tmp/backup"
mkdir -p "$bk"
"$crm" seed --clients 12 --invoices 80 --db "$bk/live.db" >/dev/null
out=$("$crm" backup --db "$bk/live.db" --out "$bk/copy.sqlite"); st=$?
check "crm backup writes a copy and says what it holds" 0 $st "$out" '"invoices": 80'
out=$(sqlite3 "$bk/copy.sqlite" "PRAGMA integrity_check; SELECT count(*) FROM invoices; SELECT count(*) FROM payments" | tr '\n' ' ')
want=$(sqlite3 "$bk/live.db" "SELECT 'ok', count(*) FROM invoices; SELECT count(*) FROM payments" | tr '|\n' '  ')
check "Debian's sqlite3 opens the copy: integrity ok, the same counts" 0 0 "$out" "^${want}$"
out=$("$crm" backup --db "$bk/live.db" --out "$bk/copy.sqlite"); st=$?
check "crm backup never overwrites a file" 1 $st "$out" '"reason": "exists"'
"$crm" call client.create '{"code":"APRES","name":"Créé après la copie"}' --db "$bk/live.db" --user admin@exemple.fr >/dev/null
before=$(sqlite3 "$bk/live.db" "SELECT count(*) FROM clients")
refuse_restore() { # description, file, reason
  local out st
  out=$("$crm" restore --db "$bk/live.db" "$2"); st=$?
  check "$1" 1 $st "$out" "\"reason\": \"$3\""
  [ "$(sqlite3 "$bk/live.db" "SELECT count(*) FROM clients")" = "$before" ] \
    || { failed=$((failed + 1)); echo "  FAIL  a refused restore changed the database"; }
}
echo "not a database" >"$bk/text.sqlite"
refuse_restore "a file that is not SQLite is refused" "$bk/text.sqlite" not_sqlite
sqlite3 "$bk/foreign.sqlite" "CREATE TABLE notes (x)"
refuse_restore "another program's SQLite file is refused" "$bk/foreign.sqlite" foreign
# Files that only look like ours: the four tables by name (with or without our schema
# version), or every table with one column missing.
sqlite3 "$bk/lookalike.sqlite" "CREATE TABLE users (x); CREATE TABLE clients (x); CREATE TABLE invoices (x); CREATE TABLE payments (x)"
refuse_restore "empty look-alike tables with no schema version are refused" "$bk/lookalike.sqlite" foreign
latest=$(ls "$root"/schema/[0-9]*.sql | wc -l)
sqlite3 "$bk/lookalike.sqlite" "PRAGMA user_version = $latest"
refuse_restore "look-alike tables at our schema version are refused" "$bk/lookalike.sqlite" foreign
out=$("$crm" restore --db "$bk/live.db" "$bk/lookalike.sqlite")
check "... the message names the first missing table" 1 1 "$out" "has no table '[a-z_]*', which schema version $latest has"
cp "$bk/copy.sqlite" "$bk/nocolumn.sqlite" && sqlite3 "$bk/nocolumn.sqlite" "ALTER TABLE clients DROP COLUMN tags"
out=$("$crm" restore --db "$bk/live.db" "$bk/nocolumn.sqlite")
check "a file missing one column is refused, naming it" 1 1 "$out" "table 'clients' has no column 'tags"
check "... and the database still answers" 0 0 "$("$crm" call client.list '{}' --db "$bk/live.db" --user admin@exemple.fr | grep -c APRES)" '^1$'
out=$("$crm" restore --db "$bk/absent.db" "$bk/copy.sqlite"); st=$?
check "crm restore into a missing --db is refused" 1 $st "$out" '"reason": "no_database"'
check "... and creates no file" 0 0 "$(ls "$bk"/absent.db* 2>/dev/null | wc -l)" '^0$'
: >"$bk/zero.db"
out=$("$crm" call auth.status '{}' --db "$bk/zero.db"); st=$?
check "a 0-byte --db is refused as an empty file, as JSON" 1 $st "$out" '"reason": "empty_file"'
check "... and stays 0 bytes" 0 0 "$(stat -c %s "$bk/zero.db")" '^0$'
out=$("$crm" call auth.status '{}' --db "$bk/typo.db"); st=$?
check "a mistyped --db answers the JSON error object" 1 $st "$out" '"code": "not_found"'
cp "$bk/copy.sqlite" "$bk/newer.sqlite" && sqlite3 "$bk/newer.sqlite" "PRAGMA user_version = 99"
refuse_restore "a file from a newer program is refused" "$bk/newer.sqlite" newer_schema
head -c $(($(stat -c %s "$bk/copy.sqlite") / 2)) "$bk/copy.sqlite" >"$bk/damaged.sqlite" # cut in half
refuse_restore "a damaged file is refused" "$bk/damaged.sqlite" damaged
refuse_restore "a missing file is refused" "$bk/nothing-here.sqlite" not_found
out=$("$crm" restore --db "$bk/live.db" "$bk/copy.sqlite"); st=$?
check "crm restore replaces the database by the copy" 0 $st "$out" '"restored": true'
check "the client created after the copy is gone" 0 0 "$(sqlite3 "$bk/live.db" "SELECT count(*) FROM clients WHERE code = 'APRES'")" '^0$'
kept=$(ls "$bk"/live.db.before-restore-*.sqlite 2>/dev/null | head -n1)
check "what the restore replaced is kept beside it" 0 0 "$(sqlite3 "$kept" "SELECT count(*) FROM clients WHERE code = 'APRES'" 2>&1)" '^1$'
# A file from an older schema (the first three migrations only) is migrated on restore.
cat "$root"/schema/0001_*.sql "$root"/schema/0002_*.sql "$root"/schema/0003_*.sql | sqlite3 "$bk/old.sqlite" && sqlite3 "$bk/old.sqlite" "PRAGMA user_version = 3"
out=$("$crm" restore --db "$bk/live.db" "$bk/old.sqlite"); st=$?
check "a file from an older schema is migrated when restored" 0 $st "$out" "\"schema_version\": $(ls "$root"/schema/[0-9]*.sql | wc -l)"
check "... starting from its own version" 0 $st "$out" '"from_schema_version": 3'

# crm schema: the script schema/new_database.sql holds, which builds a database Debian's
# sqlite3 finds whole (every table, the seeded templates dated now).
"$crm" schema > "$tmp/new.sql"; st=$?
check "crm schema prints schema/new_database.sql as it is" 0 $st "$(cmp "$tmp/new.sql" "$root/schema/new_database.sql" 2>&1 && echo same)" '^same$'
out=$(sqlite3 "$tmp/script.db" < "$tmp/new.sql" 2>&1 && sqlite3 "$tmp/script.db" "PRAGMA integrity_check; SELECT count(*) > 0 FROM relance_templates WHERE created_at >= strftime('%Y-%m-%d', 'now', '-1 day')" 2>&1 | tr '\n' ' ')
check "the script builds a whole database with its seeded rows" 0 0 "$out" '^ok 1 $'

echo "[cli] test cases: $((passed + failed)) | $passed passed | $failed failed"
[ $failed -eq 0 ]
