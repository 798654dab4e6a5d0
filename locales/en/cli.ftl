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
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
help-value-command = COMMAND
help-about = Turn order-system exports into marketplace upload files, as a TOML mapping profile says.
help-help-about = Print this message or the help of the given subcommand(s)
help-arg-lang = Language of the messages: ja or en (default: $ORDERBRIDGE_LANG, then the locale)
help-arg-help = Print help
help-arg-version = Print version
help-arg-mappings = Folder to look up profiles by name in first
help-arg-profile = Profile name (looked up in --mappings, $ORDERBRIDGE_MAPPINGS, ./mappings, then the built-in ones) or a path to a .toml file
help-run-about = Map export files with a profile and write the upload files
help-run-arg-out = Folder the upload files and the reject file are written under
help-run-arg-as-of = "Today" for relative-date rules and file names (YYYY-MM-DD); default: today in the profile's time zone
help-run-arg-report = Also write the run report as JSON to this file
help-run-arg-dry-run = Do everything except write files; show where each file would go and its first rows
help-run-arg-strict = If any row is rejected, write no upload file at all (exit 1)
help-run-arg-list-excluded = Also write the excluded rows, in the reject file's layout, beside it (`excluded_YYYYMMDD.csv` by default; not an upload file)
help-run-arg-inputs = Export files, processed in order into the same upload files
help-validate-profile-about = Check a profile without running it, and run the tests written inside it
help-validate-profile-arg-profile = Profile name or path to a .toml file
help-validate-profile-arg-sample = An export to check the profile against: missing columns, values no lookup covers
help-validate-profile-arg-as-of = "Today" for the sample's relative-date rules (default: today in the profile's time zone)
help-validate-profile-arg-quiet = Print only problems, failed tests and the verdict (not each test that passed)
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
run-summary-defaulted = note     { $input } has no column { $field }: every row of it gets { $default }
run-summary-read = read
run-summary-written = written
run-summary-would-write = would write
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
run-summary-warned-file = warned rows listed in { $path } (not an upload file)
run-summary-warned-file-would = warned rows would be listed in { $path } (not an upload file)
run-summary-excluded-file = excluded rows listed in { $path } (not an upload file)
run-summary-excluded-file-would = excluded rows would be listed in { $path } (not an upload file)
run-summary-mostly-excluded = note     { $rule } excluded { $n } of { $read } rows: check that this is what you expect
run-summary-strict-blocked = --strict: rows were rejected, so no upload file was written
run-summary-time = time     { $seconds }s

## `run --dry-run` previews, and the run's other messages

run-preview-file = { $path } (first { $n } rows):
run-preview-rejected = rejected rows (first { $n }):
run-preview-col-input = input
run-preview-col-row = row
run-preview-col-rule = rule
run-preview-col-reason = reason
run-no-signal-cleanup = cannot handle termination signals: { $error }
