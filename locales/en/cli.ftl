# Messages of the cli part (en). Keys must match the other language (a unit test checks it).

## The command line's frame

# Every error that stops a command.
cli-error = error: { $message }
cli-warning = warning: { $message }

## --help: the English text is the doc comment of the argument (a unit test checks that);
## the Japanese replaces it under a Japanese locale or --lang ja.

help-template = {"{"}before-help{"}"}{"{"}about-with-newline{"}"}
    {"{"}usage-heading{"}"} {"{"}usage{"}"}

    {"{"}all-args{"}"}{"{"}after-help{"}"}
# Appended to a Japanese help line with a default (clap writes its own in English).
help-default = [default: { $value }]
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
help-value-input = INPUT
help-value-export = EXPORT
help-value-file = FILE
help-value-file-json = FILE.json
help-value-dir = DIR
help-value-profile = PROFILE
help-value-name = NAME
help-value-name-value = NAME=VALUE
help-value-n = N
help-value-addr = ADDR
help-value-out = OUT
help-value-key = KEY
help-value-port = PORT
help-value-command = COMMAND
help-about = Turn order-system exports into marketplace upload files, as a TOML mapping profile says.
help-help-about = Print this message or the help of the given subcommand(s)
help-arg-lang = Language of the messages: ja or en (default: $ORDERBRIDGE_LANG, then the locale)
help-arg-help = Print help
help-arg-version = Print version
help-arg-mappings = Folder to look up profiles by name in first
help-arg-profile = Profile name (looked up in --mappings, $ORDERBRIDGE_MAPPINGS, ./mappings, then the built-in ones) or a path to a .toml file
help-run-about = Map export files with a profile and write the upload files
help-run-arg-out = Folder the upload files and the reject file are written under (default: the shop file's `out`)
help-run-arg-as-of = "Today" for relative-date rules and file names (YYYY-MM-DD); default: today in the profile's time zone
help-run-arg-report = Also write the run report as JSON to this file
help-run-arg-dry-run = Do everything except write files; show where each file would go and its first rows
help-run-arg-strict = If any row is rejected, write no upload file at all (exit 1)
help-run-arg-list-excluded = Also write the excluded rows, in the reject file's layout, beside it (`excluded_PROFILE_YYYYMMDD.csv` by default; not an upload file)
help-run-arg-inputs = Export files, processed in order into the same upload files
help-run-arg-set = Override a profile parameter for this run (e.g. `--set window_days=7`); repeatable
help-run-arg-profile = Profile name (looked up in --mappings, $ORDERBRIDGE_MAPPINGS, ./mappings, then the built-in ones) or a path to a .toml file; repeat it to run several profiles over the same exports as one run (default: the shop file's profiles)
help-run-arg-shop = The shop file naming the run's profiles, `out`, `ledger` and parameters (default: ./orderbridge.toml, if there is one); options given here override it
help-validate-profile-about = Check a profile without running it, and run the tests written inside it
help-validate-profile-arg-profile = Profile name or path to a .toml file
help-validate-profile-arg-sample = An export to check the profile against: missing columns, values no lookup covers
help-validate-profile-arg-as-of = "Today" for the sample's relative-date rules (default: today in the profile's time zone)
help-validate-profile-arg-quiet = Print only problems, failed tests, skipped tests and the verdict (the default)
help-validate-profile-arg-verbose = Also list every test that passed, and each test skipped for its parameters by name
help-validate-profile-arg-effective = Print the merged profile (its `extends` chain applied) as TOML instead of checking it
help-list-profiles-about = List the profiles that can be used by name, and whether each validates
help-list-profiles-arg-mappings = Folder to look up profiles in first
help-profile-about = Show a profile's TOML text (`profile show NAME`), built-in profiles included
help-profile-show-about = Print a profile's TOML text as it is found by name (built-in profiles included)
help-profile-show-arg-out = Write the text to this file instead of standard output (e.g. `mappings/my-shop.toml`)
help-profile-show-arg-force = Replace the --out file if it exists
help-serve-about = Serve the page shop staff use in the browser (Japanese; English if preferred)
help-serve-arg-port = Port to listen on (0: any free port)
help-serve-arg-listen = Address to listen on. Anything but loopback lets other machines reach the page: anyone who can reach the address and has the printed URL can use it
help-serve-arg-mappings = Folder to look up profiles in first (then $ORDERBRIDGE_MAPPINGS, ./mappings, built-in)
help-serve-arg-open = Open the page in the default browser
help-serve-arg-max-upload-mb = Largest upload accepted, in MiB (all files of one run together)

## The run summary (stderr after `run`). Indentation and padding are the code's; the English
## is the summary as it always read.

run-summary-profile = orderbridge: profile { $profile } ({ $origin }), as of { $as-of }
run-summary-headline = result: { $written } written, { $rejected } rejected, { $excluded } excluded (of { $read } read)
run-summary-headline-would = result: { $written } would be written, { $rejected } rejected, { $excluded } excluded (of { $read } read)
run-summary-input = input   { $path } ({ $encoding }, { $rows })
run-summary-defaulted = note     { $input } has no column { $field }: every row of it gets "{ $default }"
run-summary-read = read
run-summary-written = written
run-summary-would-write = would write
run-summary-file-note = upload at: { $note }
run-summary-excluded = excluded
run-summary-rejected = rejected
run-summary-count = { $n }
run-summary-one-row = 1 row
run-summary-rows = { $n } rows
run-summary-warnings = warnings { $rows } (written, but check them)
run-summary-rejects-file = rejected rows listed in { $path }: its reason column says what to fix (in the order system, or in the profile when it does not know a value)
run-summary-rejects-file-would = rejected rows would be listed in { $path }: its reason column says what to fix (in the order system, or in the profile when it does not know a value)
run-summary-archived = archived { $file }: the previous run's file, not written by this one, moved to .orderbridge.archive/
run-summary-archived-would = archived { $file }: the previous run's file, not written by this one, would be moved to .orderbridge.archive/
run-summary-not-from-this-run = note     not from this run (left as they are; upload them only if you know them): { $files }
run-summary-manifest-set-aside = note     the output folder's record of earlier runs (.orderbridge.manifest.json) was not followed: { $problem }. It was set aside as { $kept }; no file was archived by it
run-summary-manifest-not-followed = note     the output folder's record of earlier runs (.orderbridge.manifest.json) was not followed: { $problem }; no file was archived by it
manifest-problem-not_a_file = it is a link or not a plain file
manifest-problem-unreadable = it cannot be read as a record this tool wrote
manifest-problem-outside = it names a path outside the output folder or one of the tool's own files
manifest-problem-link = it names a path that goes through a link
manifest-problem-malformed = it holds a hash or a time this tool does not write
run-summary-warned-file = warned rows listed in { $path } (not an upload file)
run-summary-warned-file-would = warned rows would be listed in { $path } (not an upload file)
run-summary-excluded-file = excluded rows listed in { $path } (not an upload file)
run-summary-excluded-file-would = excluded rows would be listed in { $path } (not an upload file)
run-summary-mostly-excluded = note     nothing to upload: { $rule } excluded { $n } of { $read } rows. Check that this is the right export and the right profile
run-summary-strict-blocked = --strict: rows were rejected, so no upload file was written
run-summary-time = time     { $seconds }s
run-summary-example = { $value } ×{ $n }
run-summary-example-join = { $list }, { $next }
run-summary-examples = { $message }: { $list }
run-summary-warning-example = { $value } (×{ $n })
run-summary-all = orderbridge: one run of { $profiles }: written { $written }, rejected { $rejected }, excluded { $excluded }; the files of every profile were written together
run-summary-all-would = orderbridge: one run of { $profiles }: would write { $written }, rejected { $rejected }, excluded { $excluded }; nothing was written
run-needs-out = no output folder given: use --out DIR, or write `out = "DIR"` in the shop file (orderbridge.toml)

## `run --dry-run` previews, and the run's other messages

run-preview-file = { $path } (first { $n } rows):
run-preview-rejected = rejected rows (first { $n }):
run-preview-col-input = input
run-preview-col-row = row
run-preview-col-rule = rule
run-preview-col-reason = reason
run-no-signal-cleanup = cannot handle termination signals: { $error }

## Errors of the operating system, in the words a shop meets them

io-not-found = No such file or directory
io-permission-denied = Permission denied
io-already-exists = File exists
io-is-a-directory = Is a directory
io-not-a-directory = Not a directory
io-storage-full = No space left on device
io-read-only = Read-only file system
io-other = { $error }

## Inputs that stop a run (the file and line are put before these by the code)

did-you-mean = (did you mean `{ $name }`?)
list-join = { $list }, { $next }
list-more = … and { $n } more
input-is-a-directory = is a directory, not an export file
input-empty = the file is empty: no header row
input-header-not-decodable = column { $column }: the header name is not valid { $encoding }
input-unclosed-quote = a quoted field starts on this line and is never closed (a " is missing), so every line after it would be read as part of that one field; fix the quoting and export again
input-csv-error = { $detail }
input-record-too-long-quote = a record over { $mib } MiB: a quoted field starts on line { $line } and is not closed within { $mib } MiB (a " is missing?); fix the quoting and export again
input-record-too-long = a record over { $mib } MiB (no line end): is this really an export? An order row is a few hundred bytes
input-utf16-not-allowed = this file is UTF-16 (Excel's "Unicode text"), but the profile reads { $encoding }: set the profile's [input] encoding = "auto", or save the file again as CSV in UTF-8 or Shift_JIS
input-nuls = { $nuls } of the first { $bytes } bytes are NUL (the first at byte { $at }): this is not a text export (UTF-16 without BOM, or a binary file)
input-same-stem = has the same name `{ $stem }` as { $first }, and the profile names its files after the input (`{"{"}input_stem{"}"}`): both would go into one file. Rename one of them (e.g. add the date) and run again
header-has = the header has: { $cells }
header-ambiguous-same = column `{ $cell }` appears { $times } times (columns { $columns }): which one is `{ $field }` is ambiguous
header-ambiguous = `{ $name }` matches { $times } times (columns { $columns }): which one is `{ $field }` is ambiguous
header-near-miss = column { $column } `{ $cell }` is not a name `{ $field }` accepts (did you mean `{ $name }`?): with no column, `{ $field }` would take its default on every row; rename the column, or add the name to the field's headers
header-required-missing = required column for `{ $field }` not found; accepted names: { $names }{ $hint }
input-is-row-list = this is a list of rows a run wrote (its first columns are { $columns }), not an export: fix those orders in the order system, export again and give that export (the file each row came from is in its { $first } column)
output-would-overwrite-input = refusing to write over an input file

## Finding a profile

find-not-found = profile `{ $name }` not found (looked in { $looked }){ $hint }
origin-builtin = built in
find-builtin-profiles = built-in profiles
find-cannot-read = cannot read this profile: { $error }
find-dir = the { $from } folder `{ $dir }` { $problem }
find-default-dir = default profile
find-dir-not-a-folder = is not a folder
find-dir-env-missing = does not exist (create it, or unset { $var } to use ./mappings and the built-in profiles)
find-dir-missing = does not exist
find-dir-unreadable = cannot be read: { $error }
find-is-a-folder = is a folder, not a profile file
find-broken-link = is a symbolic link to `{ $target }`, which does not exist
find-not-regular = is not a regular file (a device, a pipe or a socket): a profile is a .toml text file
find-too-large = is larger than { $mib } MiB: a profile is a small text file, and this one is not read
find-not-utf8 = is not UTF-8 text: a profile is a .toml text file saved as UTF-8

## A run that cannot start or finish

report-is-a-folder = is a folder
report-is-an-input = is an input of this run
report-names-no-file = names no file
report-folder-unusable = its folder { $dir } cannot be used: { $error }
report-is-reject-file = is the reject file's path
report-is-row-list = is the path of a row list
report-must-be-json = inside the output folder the report's name must end in .json
report-is-upload-file = is an upload file an earlier run wrote
report-cannot-create = cannot create a file in { $dir }: { $error }
run-route-to-own-file = the profile's route sends rows to { $path }, which is another file of this run (the reject file, a list of rows, the report or the ledger)
run-ledger-is-run-file = --ledger { $ledger }: { $what }; the run would replace the ledger with its own output. Give the ledger a place of its own. Nothing was written.
ledger-what-report = it is also the run report (--report { $path })
ledger-what-row-list = it is also a list of rows of this run ({ $path })
ledger-what-own-file = it is one of the tool's own files in the output folder { $dir } (names starting with .orderbridge)
run-row-list-path = the path of a row list: { $error }
run-row-lists-same-path = the profile gives two row lists the same path
run-list-of-other-profile = {$path} is a file of profile {$profile}'s last run in this folder, and this run would write a list of rows over it (or write over that profile's list): nothing was written. Give the lists of this profile a path of their own ([output.rejects] path, warned_path, excluded_path; {"{"}profile{"}"} puts the profile's name in it), or use another --out.
run-input-twice = given more than once
run-no-input = no input file given
run-in-profile = profile { $profile }: { $error } (no profile's files were written)
run-no-profile = no profile given: name one with --profile, or list the shop's in orderbridge.toml
run-profile-twice = the profile { $profile } is given more than once
run-profiles-share-history = the profiles { $first } and { $second } share the ledger's history ({ $scope }): run them one after the other
run-stdin-several-profiles = standard input (-) can be read only once, but every profile reads the inputs: with several profiles, give the export as a file
run-report-several-profiles = --report writes the report of one profile: with several profiles, run the one you need a report of on its own
run-profiles-same-file = the profiles { $first } and { $second } would both write { $path }; nothing was written
shop-invalid = { $path }: not a shop file: { $detail }
shop-param-undeclared = { $file }: the parameter { $name } is declared by none of the profiles run ({ $profiles }); remove it from [params] or check its name
shop-set-undeclared = --set { $name }: the parameter is declared by none of the profiles run ({ $profiles }); check its name
run-cancelled = the run was stopped before it finished; no file was written or changed
run-same-file-as = (the same file as { $first })

## validate-profile

validate-test-passed = test { $name } ... passed
validate-test-failed = test { $name } ... FAILED
validate-verdict-valid = { $file }: valid: { $problems } problem(s), { $tests } test(s) run, { $passed } passed, { $failed } failed, { $skipped } skipped
validate-verdict-base = { $file }: a base other profiles extend (runnable = false): its files parse; its rules are compiled and tested through the profiles that extend it
validate-verdict-invalid = { $file }: INVALID: { $problems } problem(s) ({ $located } in the profile, { $failed } failed test(s)); { $tests } test(s) run, { $passed } passed, { $skipped } skipped
validate-actual-written = written to { $path }
validate-actual-written-warnings = written to { $path } with warnings { $warnings }
validate-actual-excluded = excluded by `{ $rule }`
validate-actual-rejected = rejected by `{ $rule }`: { $message }
validate-expected-rejected = rejected by `{ $rule }`
validate-expected-excluded = excluded by `{ $rule }`
validate-expected-written = written
validate-diff = expected: { $expected }
    {"  "}actual: { $actual }
validate-diff-column = column { $column }: expected { $expected }, actual { $actual }
validate-diff-path = path: expected { $expected }, actual { $actual }
validate-diff-warnings = warnings: expected { $expected }, actual { $actual }
validate-diff-message = message: expected to contain { $expected }, actual { $actual }
validate-test-problem = test `{ $name }`: { $problem }
validate-test-expect-one = say what is expected: `output` (and/or `path`), `excluded` or `rejected`, exactly one kind
validate-test-warnings-need-output = `warnings` are only counted on written rows; expect `output` or `path` with them
validate-test-message-needs-rejected = `message_contains` checks a rejection's message; expect `rejected` with it
validate-test-bad-as-of = as_of `{ $value }` is not a date (YYYY-MM-DD)
validate-test-needs-as-of = needs `as_of = "YYYY-MM-DD"` so its result does not depend on the day it runs
validate-test-no-rule = no rule is named `{ $rule }`{ $hint }
validate-test-no-column = `{ $column }` is not an output column{ $hint }
validate-test-no-as-of = no valid `as_of` for this test

## validate-profile --sample

sample-title = sample { $path }
sample-header = sample { $path } ({ $encoding }, { $columns } columns, as of { $as-of })
sample-rows = { $n } rows (as a run decides them; duplicates count as written): { $outcomes }
sample-all-covered = every value is covered by its lookup
sample-characters = ({ $n } characters)
sample-written = written
sample-excluded-by = excluded by { $rule }
sample-rejected-by = rejected by { $rule }
sample-uncovered-decided = values no lookup covers, in rows they decided:
sample-uncovered-earlier = values no lookup covers, in rows an earlier rule decided (the rule says what happens):
sample-then-rejected = rows with it are rejected ({ $rule })
sample-then-fallback-warning = rows with it get { $value } and warning { $warning }
sample-then-fallback = rows with it get { $value }
sample-uncovered-value = { $value } ×{ $rows } — not in { $lookup }; { $consequence } (this sample: { $seen })
sample-uncovered-value-earlier = { $value } ×{ $rows } — { $seen }; not in { $lookup } either (if they reached it: { $consequence })

## Arguments, list-profiles, profile show, serve

as-of-form = use YYYY-MM-DD, e.g. 2024-10-18
as-of-year = the year must be between { $from } and { $to } (use YYYY-MM-DD, e.g. 2024-10-18)
as-of-no-day = there is no day { $day } in { $month }
as-of-no-month = there is no month { $month } (use YYYY-MM-DD, e.g. 2024-10-18)
list-valid = valid
list-invalid = INVALID ({ $n } problems)
list-unreadable = UNREADABLE
list-base = base
list-builtin = (built in; `orderbridge profile show { $name }` prints it)
list-from = from { $origin }
show-exists = already exists; add --force to replace it
show-is-a-folder = is a folder; give a file name
out-is-an-input = { $path }: this command reads this file (as { $input }): --force never replaces an input of the command. Nothing was written; choose another --out.
show-wrote = wrote { $path } (profile `{ $name }` from { $origin })
serve-not-loopback = WARNING: listening on { $address }, not only on this PC.
    Anyone who can reach this address and has the URL below can read the exports sent to it and the files it makes. Use it only on a network you trust; without --listen, the page is reachable from this PC only.
serve-open = open this address in the browser (Ctrl-C stops the server):
serve-stopped = stopped; the uploaded and converted files were deleted
serve-stopping = stopping… (Ctrl-C again stops at once)
serve-stopped-at-once = stopped at once; the uploaded and converted files were deleted
serve-stopped-at-once-left = stopped at once; { $path } could not be deleted (the next orderbridge serve deletes it)
serve-no-browser = could not open a browser; open the address above by hand

## Writing the files of a run (the journaled commit)

commit-locked = another orderbridge run is writing to { $dir } (waited { $waited } for its lock { $lock }); run again when it has finished
commit-corrupt-journal = unreadable commit journal of an interrupted run ({ $reason }); restore any .orderbridge-*.backup file by hand, then delete the journal
commit-rollback-failed = undoing the commit failed too ({ $failures }); the next run retries from the journal { $journal }
commit-recovery-failed = could not undo an interrupted run's changes ({ $failures }); fix that and run again: the journal { $journal } is kept
commit-creating-output-folder = creating the output folder
commit-opening-lock = opening the lock file
commit-locking = locking
commit-creating-temp = creating a temporary file
commit-creating-folder = creating a folder
commit-syncing-file = syncing the new file
commit-looking-at-file = looking at the file to replace
commit-moving-aside = moving the old file aside
commit-renaming = renaming the new file into place
commit-syncing-folder = syncing the folder
commit-writing-journal = writing the journal
commit-reading-journal = reading the journal
commit-deleting-journal = deleting the journal
commit-writing-report = writing the report; every file of the run was put back
commit-own-name = names starting with .orderbridge are the tool's own
commit-own-file-not-plain = is a link or not a plain file; the tool's own files are never followed through a link
commit-through-link = goes through { $link }, which is a link: the run's files are never written or moved through a link, and stay inside the output folder; make { $link } a real folder (or remove it)
commit-not-inside = not inside the output folder { $dir }
commit-not-utf8 = name is not UTF-8
commit-not-plain = must be a plain path below the output folder
commit-is-out-dir = is the output folder itself
commit-used-twice = used by two operations of one commit
commit-other-lock = staged under another output folder lock
commit-is-a-folder = is a folder; refusing to replace it
commit-gone = is gone; nothing to move
commit-appeared = appeared during the commit

## How an input was read (the summary's input line)

encoding-utf8-bom = UTF-8 with BOM
encoding-utf8 = UTF-8
encoding-shift-jis = Shift_JIS (CP932)
encoding-utf16 = UTF-16 (Excel Unicode text)
encoding-utf16-be = UTF-16 big-endian with BOM
encoding-tab-separated = { $encoding }, tab-separated

## Usage errors (clap words them itself in English; these are for the other language)

usage-missing = a required argument was not given: { $arg }
usage-unknown = unknown argument: { $arg }
usage-unknown-command = unknown command: { $command }
usage-invalid-value = { $arg }: the value `{ $value }` cannot be used
usage-conflict = { $arg } cannot be used with { $other }
usage-values = { $arg }: wrong number of values
usage-valid-values = possible values: { $values }
usage-see-help = For more information, try '--help'.

## Output paths a profile names

path-empty = the output path is empty
path-absolute = `{ $path }` is absolute: an output path must be relative to the output folder
path-drive = `{ $path }` starts with a drive letter: an output path must be relative to the output folder
path-empty-component = `{ $path }` has an empty file or folder name (a doubled, leading or trailing `/`)
path-empty-name = a file or folder name is empty
path-dots = `{ $name }` is not allowed in an output path: it must name a file or folder
path-too-long = `{ $name }` is { $bytes } bytes long: a file or folder name can have at most 255 bytes
path-control = `{ $name }` contains the control character { $code }
path-forbidden = `{ $name }` contains `{ $char }`, which Windows does not allow in a file or folder name
path-reserved = `{ $name }` is a device name reserved by Windows (also with an extension)
path-trailing = `{ $name }` ends in a dot or a space, which Windows drops from names
path-separator = `{ $name }` contains `/`: it must be a single file or folder name
path-date-format = date format `{ $format }`: { $reason }
path-date-render = date format `{ $format }` renders `{ $rendered }` for { $date }: { $problem }
path-date-underscore = the `_` flag pads with spaces, so names would change shape with the date
path-date-space = `%{ $d }` pads with a space (use `%-{ $d }` or `%0{ $d }`)
path-date-control = `%{ $d }` writes a control character

## ---- init and schema
help-init-about = Write a draft profile for your own export: it extends a base profile, adds the header names it matched and lists, as comments, the values still to decide
help-init-arg-base = The profile the draft extends: a name (as for `run --profile`) or a path to a .toml file
help-init-arg-sample = The shop's own export, read as the base would read it
help-init-arg-out = Write the draft to this new file instead of standard output (with --shop: the shop file, ./orderbridge.toml by default)
help-init-arg-force = Replace the --out file if it exists
help-init-arg-name = The shop's name, for the draft's description (default: the --out file's name, else the export's)
help-init-arg-update = Refresh this kept draft (the shop's edits and all) from a new --sample: the columns, header aliases and lookup values it does not mention yet are added at its end, as comments to decide; nothing of it is changed
help-init-arg-as-of = "Today" for the sample's relative-date rules (default: today in the base's time zone)
help-init-arg-shop = Write a shop file instead of a draft: the profiles, folder, ledger and parameters that `orderbridge run EXPORT` uses in the shop file's folder
help-init-arg-profile = With --shop: a profile of the shop (a name, or a path to a .toml file relative to the shop file's folder); repeat it for each
help-init-arg-upload-dir = With --shop: the folder the upload files are written under, relative to the shop file's folder (default: upload)
help-init-arg-ledger = With --shop: the shop's ledger (the sync history), relative to the shop file's folder
help-init-arg-set = With --shop: a parameter of the shop's profiles (e.g. `--set window_days=5`); repeatable
help-schema-about = Print the JSON Schema of the profile format (`mappings/profile.schema.json`)
help-schema-arg-shop = Print the schema of the shop file (orderbridge.toml) instead (`mappings/shop.schema.json`)

## ---- the ledger
help-arg-ledger = The ledger file (default: $ORDERBRIDGE_LEDGER, else the default ledger in the user's data folder, the one every run keeps its history in)
help-run-arg-ledger = The sync history (an SQLite file, created if missing; default: $ORDERBRIDGE_LEDGER, else the default ledger in the user's data folder): rows already in a confirmed upload with the same values are not written again (`already_sent`), and the run is recorded
help-run-arg-resend = With a ledger: write rows even if already sent (still recorded)
help-run-arg-previous = With a ledger: whether the earlier upload files whose upload is not known, holding rows of this run, were uploaded (their rows are then already sent) or not (they go out again); recorded with the run. Without it, an upload that adds stops on them
help-serve-arg-ledger = The sync history every run of the page consults and is recorded in, as `run --ledger` (default: $ORDERBRIDGE_LEDGER, else the default ledger in the user's data folder); the page then has a confirm button per file and a box to look an order up
help-ledger-about = The sync history: confirm uploaded files (or undo it), list them, look an order up
help-ledger-confirm-about = Mark upload files as uploaded: their rows are then `already_sent` until they change. A file is found by the path it was written at (even after a later run archived it), the path it has now, or its content (any copy of it)
help-ledger-files-about = List the upload files written, confirmed or not
help-ledger-show-about = The history of every report whose key starts with KEY (e.g. an order number): each run that saw it, the outcome, the file, whether it was confirmed, the values sent
help-ledger-confirm-arg-files = Upload files, by the path they were written at, their path now, or any copy
help-arg-json = Print JSON (for programs) instead of text
help-run-arg-no-ledger = Run without the sync history: nothing is consulted or recorded
help-serve-arg-no-ledger = Serve the page without the sync history: its runs consult and record nothing
help-serve-arg-shop = The shop file whose profiles the page lists chosen, and whose ledger it uses unless --ledger is given (default: ./orderbridge.toml, if there is one)
help-ledger-unsent-about = Mark upload files as not uploaded (undoing a confirm): their rows go out again
help-ledger-unsent-arg-files = Upload files, by the path they were written at, their path now, or any copy
help-arg-last = Every upload file of the latest run
help-ledger-show-arg-key = The start of a report's key, e.g. an order number
journal-not-a-file = not a plain file
journal-unreadable = { $error }
journal-version = version { $found } is not { $expected }
journal-foreign-path = a path that is not the commit's own
validate-test-unknown-param = `params` names `{ $name }`, which the profile does not declare in [params]{ $hint }
validate-first-failed-test = test `{ $name }` failed: { $diff }
validate-inherited-failed-hint = hint: { $n } of the failed tests come from { $parent }. Where this profile changes that on purpose, skip each in it: [[skip_tests]] with name = "the test's name" and reason = "why"
