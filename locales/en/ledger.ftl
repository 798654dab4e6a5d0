# Messages of the ledger part (en). Keys must match the other language.

## Errors: nothing was written when they happen.
ledger-is-folder = { $path }: a folder, not a ledger file. Nothing was written.
ledger-missing = { $path }: there is no ledger here yet (the first run that uses it creates it).
ledger-cannot-read = { $path }: cannot read the ledger ({ $detail }). Nothing was written.
ledger-not-sqlite = { $path }: not a ledger (not an SQLite database: an export or another file given by mistake?). It was left as it is; nothing was written.
ledger-other-database = { $path }: an SQLite database, but not an orderbridge ledger. It was left as it is; nothing was written.
ledger-damaged = { $path }: the ledger is damaged ({ $detail }); restore it from a backup. Nothing was written.
ledger-read-only = { $path }: the ledger cannot be written ({ $detail }). Nothing was written.
ledger-read-only-older = { $path }: a ledger made by an earlier orderbridge, which must be upgraded before it can be read, and it cannot be written here. Run once with it where it can be written (any run that records in it upgrades it). Nothing was written.
ledger-cannot-open = { $path }: cannot open the ledger ({ $detail }). Nothing was written.
ledger-cannot-write = { $path }: cannot write to the ledger ({ $detail }). Nothing was written.
ledger-busy = { $path }: another program is holding this ledger (waited { $seconds } s): a database tool, or an orderbridge older than this one. Close it, or run again when it has finished. Nothing was written.
ledger-holder-stuck = { $path }: the orderbridge run using this ledger (process { $pid }, started { $since }) has shown no progress for { $seconds } s: it may be suspended (Ctrl-Z) or hung. Let it finish or end it, then run again. Nothing was written.
ledger-waiting = { $path }: waiting for the orderbridge run using this ledger to finish (process { $pid }, started { $since }; waited { $seconds } s)…
ledger-newer = { $path }: made by a newer orderbridge (ledger version { $version }; this program knows up to { $supported }). Update orderbridge. Nothing was written.
ledger-commit-failed = { $path }: the run could not be recorded in the ledger ({ $detail }); every file of the run was put back, so nothing was written.
ledger-no-key = profile { $profile } declares no [ledger] key, so it cannot be run with a ledger.

## The run's summary.
ledger-summary-recorded = ledger   { $path }: run #{ $run } recorded
ledger-summary-dry-run = ledger   { $path }: consulted; nothing recorded (dry run)
ledger-summary-new = { $n } new rows
ledger-summary-changed = { $n } rows changed since their confirmed upload (written again)
ledger-summary-resent = { $n } rows already sent, written again (--resend)
ledger-summary-unconfirmed = { $n } rows written again: they are only in files not yet confirmed as uploaded:
ledger-summary-unconfirmed-file = { $path } (written { $at })
ledger-summary-confirm-hint = after uploading the files, confirm them: { $command }

## ledger confirm / files / show
ledger-confirmed = { $file }: confirmed as uploaded ({ $rows } rows; run #{ $run }, written { $written } as { $path })
ledger-already-confirmed = { $file }: already confirmed ({ $at }; run #{ $run }, written { $written } as { $path })
ledger-files-none = The ledger has no upload file yet.
ledger-col-run = run
ledger-col-written = written
ledger-col-profile = profile
ledger-col-file = file
ledger-col-rows = rows
ledger-col-confirmed = confirmed
ledger-not-confirmed = not confirmed
ledger-files-uploaded = { $at }
ledger-show-none = No report whose key starts with { $key }.
ledger-show-written = run #{ $run } ({ $at }): written to { $file } — { $confirmed }
ledger-show-excluded = run #{ $run } ({ $at }): excluded ({ $rule })
ledger-show-rejected = run #{ $run } ({ $at }): rejected ({ $rule })
ledger-show-confirmed = confirmed { $at }
ledger-show-unconfirmed = not confirmed yet
ledger-show-values = values: { $values }
ledger-show-source = read from { $input }, line { $line }
ledger-show-limit = Only the first { $n } entries are shown; give a longer key.

ledger-none-given = no ledger given, and this system has no data folder for the default one: use --ledger FILE or set ORDERBRIDGE_LEDGER
ledger-summary-strict = ledger   { $path }: consulted; nothing recorded (--strict: no upload file was written)

## A file's upload status; uploads that add (set_uploaded, set_not_uploaded, --previous).
ledger-file-id-unknown = { $path }: the ledger has no upload file #{ $id }. Nothing was changed.
run-pending-uploads = Nothing was written: { $rows } rows of this run are in earlier upload files of { $profile } that nobody said were uploaded or not. This upload adds: sent again, each of those rows would be added a second time.
run-pending-file = { $path } (written { $at }; { $rows } rows of this run)
run-pending-ways = Say what happened to them, then run again:
run-pending-uploaded = they were uploaded (their rows are already sent): { $command }
run-pending-not-uploaded = they were not uploaded (their rows go out again): { $command }
run-pending-on-the-run = or give the same answer for all of them on the run: --previous uploaded, or --previous not-uploaded (--resend sends the rows anyway)
ledger-previous-needs-ledger = --previous needs a ledger (it cannot go with --no-ledger)
ledger-summary-answered-uploaded = { $n } earlier files whose upload was not known marked as uploaded (--previous uploaded):
ledger-summary-answered-not-uploaded = { $n } earlier files whose upload was not known marked as not uploaded (--previous not-uploaded):
ledger-summary-answered-uploaded-dry-run = { $n } earlier files whose upload was not known taken as uploaded for this dry run (--previous uploaded; nothing is recorded):
ledger-summary-answered-not-uploaded-dry-run = { $n } earlier files whose upload was not known taken as not uploaded for this dry run (--previous not-uploaded; nothing is recorded):
ledger-resend-needs-ledger = --resend needs a ledger (it cannot go with --no-ledger)

## ledger confirm / unsent: finding the files, marking them.
ledger-file-not-found = { $file }: no upload file was written at this path, and it cannot be read ({ $detail }). The recorded files: { $list }. Nothing was changed.
ledger-file-unknown = { $file }: not an upload file recorded in this ledger (none was written at this path, and none has the same content). The recorded files: { $list }. Nothing was changed.
ledger-last-none = { $path }: the latest run wrote no upload file. Nothing was changed.
ledger-unsent = { $file }: marked as not uploaded: its { $rows } rows count as not sent, and the next run writes them again (run #{ $run }, written { $written } as { $path })
ledger-unconfirmed = { $file }: confirm undone, marked as not uploaded: its { $rows } rows count as not sent, and the next run writes them again (run #{ $run }, written { $written } as { $path })
ledger-already-unsent = { $file }: already marked as not uploaded ({ $at }; run #{ $run }, written { $written } as { $path })
ledger-marked-unsent = not uploaded ({ $at })
ledger-session-stopped = { $path }: a profile of this run stopped while it was recording; nothing was written.
ledger-show-unsent = marked as not uploaded { $at }
