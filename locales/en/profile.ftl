# Messages of the profile part (en). Keys must match the other language.

## ---- profile-compile diagnostics (keys diag-*). Keep this block whole;
## ---- other blocks (e.g. extends/params) go below it.

diag-unknown-action = unknown action `{ $action }`: use `exclude` or `reject`
diag-rule-twice = rule `{ $rule }` is defined twice in [[rules]]
diag-check-needs = check `{ $rule }` needs either `require` or `cases`
diag-condition-one = a condition needs exactly one of: all, any, not, equals, in, matches, empty, max_chars, check_digit, older_than_days, in_lookup, count_of
diag-over-distinct = `over` and `distinct` go with `count_of`
diag-value-inside = `value` goes inside the conditions of all / any / not, not beside them
diag-unknown-check-digit = unknown check digit `{ $name }`{ $hint }; known: { $known }
diag-unknown-lookup = unknown lookup `{ $name }`{ $hint }
diag-count-of-value = `count_of` names the fields or values of its key itself: no `value` beside it
diag-count-of-over = `count_of` needs `over = N`: how many rows each key may have
diag-count-of-empty = `count_of` needs at least one field or value
diag-header-twice = header `{ $header }` is accepted by both `{ $first }` and `{ $second }`
diag-cycle = values depend on each other in a cycle: { $cycle }
diag-lookup-value = lookup `{ $lookup }` value `{ $value }`
diag-column-name = output column name `{ $column }`
diag-unencodable-constant = `{ $char }` cannot be written in the output encoding
diag-input-encoding = unknown input encoding `{ $label }`{ $hint }: use `auto`, `utf-8` or `cp932`
diag-input-delimiter = unknown input delimiter { $label }{ $hint }: use "auto" (from the header row), "," or "\t" (also "tab")
diag-lookup-two-outputs = lookup `{ $lookup }`: `{ $from }` maps to `{ $first }` and to `{ $second }`
diag-lookup-entry = lookup `{ $lookup }`: an entry needs exactly one of `from` (exact values) or `pattern` (regex)
diag-lookup-mixed = lookup `{ $lookup }` mixes `from` and `pattern` entries; use one kind per lookup
diag-on-missing = lookup `{ $lookup }`: on_missing needs either `reject = "rule"` or `value = "…"` (optionally with `warn`)
diag-no-columns = the output needs at least one column
diag-duplicate-key = { $what } names `{ $name }`, which is not an output column{ $hint }
diag-output-encoding = unknown output encoding `{ $label }`: use `cp932` (Shift_JIS / Windows-31J) or `utf-8`
diag-newline = unknown newline `{ $value }`: use `crlf` or `lf`
diag-quote = unknown quote style `{ $value }`: use `necessary` or `always`
diag-fold-unencodable = fold `{ $from }` → `{ $to }`: `{ $to }` ({ $codepoint }) cannot be written in the output encoding
diag-fold-one-char = fold `{ $from }` → `{ $to }`: both sides must be one character
diag-replace-with = unencodable.replace_with `{ $value }` must be one character the output encoding can hold
diag-builtin-unread = builtin_rules.{ $rule }: the message names a field or value, but such a row is not read into fields; use { $first } and { $second }

## The engine's own rules ([builtin_rules]): the message a row one of them decides is listed
## with when the profile words none. Rendered once, when the profile is compiled, into a
## template of the profile: each { $name } becomes the placeholder {name}, filled per row.
builtin-message-undecodable = column { $column }: bytes that are not valid { $expected }
builtin-message-field-count = { $found } fields where the header has { $expected }
builtin-message-duplicate = the same row was already written to this file
builtin-message-unencodable = column { $column }: { $char } ({ $codepoint }) cannot be written in the output encoding
builtin-message-bad-path = { $field } = "{ $value }" cannot be used in a file path
builtin-message-already-sent = already in a confirmed upload, with the same values
diag-template = template `{ $text }`: { $error }
diag-template-date = invalid date format in `{ $name }`
diag-path-unknown-name = path `{ $text }` refers to `{ $name }`, which is not a field or value{ $hint }
diag-message-unknown-name = message `{ $text }` refers to `{ $name }`, which is not a field or value{ $hint }
diag-message-unknown-param = `{ $name }` names a parameter the profile does not declare in [params]{ $hint }
diag-reject-path = the reject file's path can use only `{"{"}as_of:FORMAT{"}"}`: one reject file serves every input
diag-path-outside = path `{ $path }` must stay inside the output folder: { $problem }
diag-field-no-headers = field `{ $field }` needs at least one header name
diag-field-and-value = `{ $name }` is both a field and a value; rename one
diag-value-one = a value needs exactly one of `from`, `template` or `constant`
diag-step-none = a step needs one operation: trim, nfkc, uppercase, lowercase, strip_prefix, unwrap, remove_chars, replace, reject_if, lookup or date
diag-step-many = a step has one operation, this one has { $operations }: split it into several steps
diag-step-option = `{ $option }` does not belong to a `{ $step }` step
diag-step-true = write `{ $step } = true` (false has no meaning; remove the step instead)
diag-reject-if-rule = a `reject_if` step needs `rule` (the rejection rule's name)
diag-unknown-date-formats = unknown date_formats `{ $name }`{ $hint }
diag-date-to = a `date` step needs `to` (the output format, e.g. "%Y%m%d")
diag-date-format = invalid date format `{ $format }` (jiff strftime syntax, e.g. "%Y/%m/%d %H:%M")
diag-rule-kinds = rule `{ $rule }` is used as { $here } here and as { $there } elsewhere; give them different names
diag-kind-exclusion = an exclusion
diag-kind-rejection = a rejection
diag-kind-warning = a warning
diag-regex = invalid regex: { $error }
diag-unknown-name = unknown field or value `{ $name }`{ $hint }
diag-time-zone = unknown time zone `{ $zone }`: { $error }
diag-full-width-quote = a full-width quote { $quote } is not a TOML quote; use " (TOML says: { $toml })

diag-toml = { $message }
diag-missing-field = missing field `{ $field }`
diag-unknown-field = unknown field `{ $field }`, expected one of { $names }{ $hint }

## ---- end of the diagnostics block
## extends, [params] and run --set
profile-extends-not-found = extends = "{ $name }": { $error }
profile-extends-cycle = `extends` goes round in a circle: { $chain }
profile-extends-not-text = `extends` takes a profile name or the path of a .toml file, in quotes
profile-not-a-profile-keys = this file is not a profile: none of its top-level keys is a profile's (`description`, `input`, `output`, …); its contents are not shown
profile-not-a-profile-toml = this file is not a profile: it does not read as TOML ({ $problem }) and shows no key of a profile before that; its contents are not shown
profile-merge-remove-bool = `remove` is true or false
profile-merge-anchor-text = `{ $key }` takes the name of another item, in quotes
profile-merge-needs-name = an item of `{ $what }` with remove, before or after needs its `{ $key }`
profile-merge-ambiguous = the parent profile has more than one item of `{ $what }` named `{ $name }`, so this one cannot say which it replaces
profile-merge-remove-missing = there is no item of `{ $what }` named `{ $name }` to remove
profile-merge-before-and-after = give `before` or `after`, not both
profile-merge-anchor-missing = there is no item of `{ $what }` named `{ $name }` to place this one next to
profile-param-bad-type = parameter `{ $name }`: `type` is one of { $types }
profile-param-default-type = parameter `{ $name }`: the default must be { $type }, as its `type` says
profile-param-set-unknown = --set { $name }: this profile has no parameter `{ $name }`{ $hint } (its parameters: { $known })
profile-param-set-type = --set { $name }={ $value }: `{ $name }` takes { $type }
profile-tests-file-unreadable = the tests file { $path } cannot be read: { $error }
profile-tests-file-key = a tests file holds only [test_defaults], [[tests]] and [[skip_tests]]: `{ $key }` belongs in { $profile }
profile-not-runnable = `{ $name }` is a base that other profiles extend (`runnable = false`), not a profile to run: run a profile that says `extends = "{ $name }"`
profile-param-set-range = --set { $name }={ $value }: `{ $name }` takes a value from { $range }
profile-param-default-range = parameter `{ $name }`: the default { $value } is outside its range, { $range }
profile-param-range-both = { $min } to { $max }
profile-param-range-min = { $min } or more
profile-param-range-max = { $max } or less
profile-param-range-not-integer = parameter `{ $name }`: `min` and `max` are for a parameter of `type = "integer"` (a whole number)
profile-param-range-empty = parameter `{ $name }`: `min` ({ $min }) is greater than `max` ({ $max })
profile-param-unknown = no parameter `{ $name }` is declared in [params]{ $hint }
profile-skip-unknown = [[skip_tests]]: no test is named `{ $name }` or expects a rule of that name
profile-test-skipped = test { $name } ... skipped: { $reason }
profile-tests-inherited = { $count } of the tests come from { $parent }
profile-skip-name-or-rule = a [[skip_tests]] entry gives `name` (one test) or `rule` (every test expecting that rule), not both
profile-tests-own = { $count } of the tests are this profile's own
profile-param-set-syntax = `{ $arg }`: write NAME=VALUE, e.g. window_days=7

diag-ledger-key-empty = [ledger] key names no output column

## ---- value types in profile errors
diag-invalid-type = this value is { $found }, but this key takes { $expected }
type-string = text
type-integer = a whole number
type-boolean = true or false
type-number = a number
type-list = a list [ … ]
type-table = a table { "{" } … { "}" }

profile-param-unused = parameter `{ $name }` is declared, but nothing in the profile uses it (`{ "{" } param = "{ $name }" { "}" }`){ $hint }
diag-lookup-unused = lookup `{ $name }` is not used by any value, rule or check{ $hint }
profile-effective-header = The effective profile: the `extends` chain merged (see the README, "Editing a profile safely").
diag-condition-needs-value = this condition needs `value` (the field or value it tests)
diag-lookup-pattern = lookup `{ $lookup }`: { $error }
profile-test-row-not-read = the test row was not read

## [ledger] upload and correction; the engine's changed_after_send.
diag-ledger-correction-not-key = [ledger] correction names `{ $name }`, which is not one of the [ledger] key columns
diag-ledger-correction-whole-key = [ledger] correction names every [ledger] key column: at least one must stay (the report it corrects)
builtin-message-changed_after_send = sent with { $old } in an upload confirmed { $sent_at }; now { $new }: sending it would add a second report — correct the one sent at the marketplace instead (--resend sends it anyway)
builtin-message-changed-since-send = already sent in a confirmed upload, with other values now: this upload adds, so sending it again would add it a second time — correct the one sent at the marketplace instead (--resend sends it anyway)
diag-rule-label-unknown = [rule_labels] `{ $name }` names no rule of this profile{ $hint }
diag-label-placeholder = `{ $name }` cannot be used in `{ $text }`: a label and its sentence are shown where there is no row, so no row's value goes into them (only {"{"}params.NAME{"}"} does)
rule-label-missing-note = note: these rules have no label (the page and the summary show their names): { $rules }. Write {"{"} label = "…", about = "…" {"}"} under [rule_labels] for words an operator knows.
rule-label-undecodable = Garbled rows
rule-about-undecodable = A row with bytes that are not valid in the input's encoding is not sent; export the orders again.
rule-label-field_count = Rows with the wrong number of columns
rule-about-field_count = A row with another number of columns than the header is not sent: which value belongs to which column is unknown.
rule-label-duplicate = Duplicate rows
rule-about-duplicate = A row with the same values as one already written to the same file is left out, so it is not sent twice.
rule-label-unencodable = Characters the upload file cannot hold
rule-about-unencodable = A row with a character the upload file's encoding (such as Shift_JIS) cannot write is not sent; change the character in the order system.
rule-label-bad_path = Values not usable in a file name
rule-about-bad_path = A row whose values would make a file name that cannot be used is not sent.
rule-label-already_sent = Already sent
rule-about-already_sent = An order already in a confirmed upload with the same values is not sent again.
rule-label-changed_after_send = Corrected after sending
rule-about-changed_after_send = An order whose corrected column (a tracking number, say) changed after a confirmed upload is held: sent again it would be added as a second report. Correct the sent report at the marketplace.
rule-label-changed_since_send = Changed after sending
rule-about-changed_since_send = An order whose other values changed after a confirmed upload is held: sent again it would be added as a second report. Correct the sent report at the marketplace.
profile-test-skipped-param = test { $name } ... skipped: it assumes { $assumed }; this profile uses { $actual }
profile-tests-skipped-param = { $n } test(s) assuming { $assumed } skipped: this profile uses { $actual } (`--verbose` names them)
profile-refused = profile `{ $name }` has { $n } problem(s) and is not run (`{ $command }` lists them all); the first: { $first }
