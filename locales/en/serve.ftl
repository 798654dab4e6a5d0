# orderbridge serve: the page shop staff use (English). Every key here must also be in
# locales/ja/serve.ftl with the same placeables (a unit test checks it).

## The page's fixed text (rendered into index.html by the server)

page-title = orderbridge — convert order exports
page-heading = Convert order exports
page-intro = Turns an order export from GoQ into the marketplaces' upload files. This page runs on this computer only and sends the data nowhere.
other-language = 日本語
nav-run = Convert
nav-check = Check
noscript = This page needs JavaScript.
step-profile = 1. Choose a profile
profile-label = Profile (how to convert)
profile-loading = Loading…
step-files = 2. Choose the order exports
drop-hint = Drop the order export files (CSV) here, or choose them below. Several files are converted together in one run.
files-label = Order export files
as-of-label = As-of date
as-of-hint = The date taken as "today" (for the dates in file names and for old orders). Normally leave it at today.
strict-label = Strict: if any row has an error, write no upload file
run-button = Convert
upload-progress = Upload
process-progress = Conversion
step-result = 3. Result
step-check = 4. Check
result-empty = Choose the order exports and press "Convert"; the result appears here.
check-empty = Choose a profile to see its check here. After a conversion, this also checks that the export's values are in the profile's lookups.

## Messages the page's script shows (served by /api/text)

busy-uploading = Uploading…
busy-running = Converting…
busy-waiting-queue = Waiting for the run before this one to finish…
busy-checking = Checking…
profile-invalid-suffix = (has problems, cannot be used)
profile-base-suffix = (a base other profiles extend, not run itself)
profile-invalid = This profile has problems and cannot be used.
profile-from = From: { $origin }
profile-builtin = built in
no-files-chosen = No file chosen.
files-total = { $count } file(s), { $size } in all
too-large = The files are too large ({ $size } in all, the limit is { $limit }). Split them, or restart orderbridge serve with --max-upload-mb.
upload-failed = The upload failed. Check that orderbridge serve is still running.
server-error = The server had an error: { $message }
unit-rows = rows
count-read = Read
count-written = Written
count-excluded = Excluded
count-rejected = Errors
count-warnings = With warnings
n-rows = { $n } rows
summary-inputs = Order exports
summary-input = { $file } ({ $encoding }, { $n } rows)
summary-time = Took { $seconds } s
files-title = Upload files
files-none = No row was written, so there is no upload file.
strict-blocked = Strict: rows had errors, so no upload file was written.
download = Download
download-all = Download everything as a ZIP
preview-caption = Show the first { $n } rows
rules-excluded = Excluded, by rule (orders not sent)
rules-rejected = Errors, by rule (orders to fix and export again)
rules-none = None
col-rule = Rule
col-count = Rows
col-message = Meaning (from the profile)
rejects-title = Rows with errors
rejects-intro = These orders could not be converted. Fix them in GoQ, export again and convert again. The other rows were written (unless strict).
rejects-download = Download the list of rows with errors (opens in Excel)
rejects-shown = Showing the first { $shown }. All { $total } are in the downloaded list.
col-file = File
col-line = Line
col-reason = Reason
col-order = Order number
warnings-title = Warnings (written, but check them)
warned-download = Download the list of the { $rows } rows with warnings (opens in Excel)
warned-title = Rows with warnings
warned-intro = These rows were written but carry a warning. Check them before uploading.
excluded-title = Excluded rows
excluded-intro = These orders are not sent (other stores' orders, cancelled orders, orders older than the update window, …). Look here to check that no order you meant to send is among them.
excluded-download = Download the list of the { $rows } excluded rows (opens in Excel)
file-note = Upload at: { $note }
warning-example = { $message } ({ $n } rows)
error-title = The conversion failed
error-file = File: { $file }
error-line = Line: { $line }
error-detail = Details: { $message }
error-hint-input = No file was written. Check that GoQ's export settings (custom CSV) and the chosen profile match. If the file was saved again in Excel, save it as "CSV UTF-8" or "CSV (comma delimited)".
error-hint-output = No file was written. Check the free disk space and convert again.
error-hint-request = Check what was entered and try again.
error-run-gone = This result is no longer kept (too old, or orderbridge serve was restarted). Convert again.
check-profile = Check of profile { $name }
check-valid = No problems. The profile's tests: { $passed } of { $run } passed.
check-invalid = { $problems } problem(s). The profile's tests: { $passed } of { $run } passed.
check-test-failed = Test "{ $name }" failed
check-sample = Check of the export { $file } ({ $encoding }, { $columns } columns, as of { $as_of })
check-covered = Every value is in the profile's lookups.
check-uncovered-intro = These values are not in the profile's lookups. If a new status or delivery method was made in GoQ, add it to the profile's lookup.
check-uncovered-later = These values are not in the lookups either, but only in rows another rule excludes or rejects now.
col-column = Column
col-value = Value
col-lookup = Lookup
col-effect = What happens to such rows
col-seen = In this export
effect-rejected = error ({ $rule })
effect-fallback = written as "{ $value }"
effect-fallback-warn = written as "{ $value }", with warning { $rule }
where-to-add = Where to add it: [lookups.{ $lookup }] in { $file }
where-to-add-builtin = Do not copy or edit the shipped profile { $name }: make the shop's own child profile and add it to its [lookups.{ $lookup }]: orderbridge init --base { $name } --sample <export> --out mappings/<shop>.toml (the draft lists this value as a commented entry).
outcome-written = written
outcome-excluded = excluded ({ $rule })
outcome-rejected = error ({ $rule })

## The page shown without the access token (rendered by the server)

unauthorized-title = This page cannot be opened
unauthorized-text = Open the address that orderbridge serve printed when it started (of the form http://127.0.0.1:…/?token=…) as it is. If orderbridge serve was restarted, open the new address it printed.
forbidden-host = This address cannot be used. Open the address that orderbridge serve printed.
forbidden-origin = Requests from another site are refused.
not-found = Not found.

## The ledger (serve --ledger)

page-ledger-title = History
page-ledger-new = { $n } new
page-ledger-changed = { $n } changed since their confirmed upload
page-ledger-unconfirmed = { $n } written again: only in files not yet confirmed ({ $files })
page-ledger-confirm-button = Uploaded: confirm
page-ledger-confirmed = Confirmed as uploaded
page-ledger-confirm-failed = Could not confirm: { $message }
page-ledger-lookup-title = Look an order up
page-ledger-lookup-label = Order number (or its beginning)
page-ledger-lookup-button = Look up
page-ledger-none-found = No order starting with { $key } in the history.
page-ledger-col-key = Order
page-ledger-col-run = Run
page-ledger-col-outcome = Outcome
page-ledger-col-confirmed = Uploaded
page-ledger-col-values = Values sent
page-ledger-confirmed-at = confirmed { $at }
page-ledger-not-confirmed = not confirmed
page-ledger-none = orderbridge serve was started without --ledger.
page-ledger-error = The history could not be used. Look at the message above.
page-ledger-lookup-empty = Enter an order number.
page-ledger-stopped = The history request stopped before it finished. Try again.
page-ledger-limit = Only the first { $n } entries are shown; type more of the order number.

## Several profiles, answering for uploads (the shop's day)

upload-no-profile = no profile was chosen
upload-too-many-profiles = at most { $max } profiles can run at once
profile-several = Hold Ctrl (⌘ on a Mac) while clicking to choose several: every profile chosen runs over the same export, as one run.
part-title = { $profile }: result
page-pending-title = Did you upload the files written earlier?
page-pending-intro = Some rows of this run are also in these files, whose upload is not known yet. Answer and the run goes on (nothing has been written yet).
page-pending-file = { $path } ({ $profile }, written { $at }, { $rows } rows of this run)
page-pending-uploaded = Uploaded
page-pending-not-uploaded = Not uploaded
page-pending-uploaded-means = "Uploaded": those rows were sent and are not written again.
page-pending-not-uploaded-means = "Not uploaded": those rows are written again.
page-pending-failed = The answer could not be sent: { $message }
page-answer-bad = The answer is either uploaded or not-uploaded.
page-answer-not-asked = This run asked nothing.
page-ledger-state-uploaded = confirmed as uploaded { $at }
page-ledger-state-not-uploaded = marked as not uploaded { $at }
page-ledger-undo-button = Undo: not uploaded
