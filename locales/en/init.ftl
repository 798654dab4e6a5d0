# Messages of the init part (en): `orderbridge init` and the draft profile it writes. Keys must match the other language.

## The draft's comments
init-title = Draft profile based on { $base }, made by orderbridge init from the export { $sample }.
init-review = Lines starting with # are not decided yet: check them, and remove the # only from what you decide.
init-check = To check: orderbridge validate-profile <this file> --sample { $sample } lists the values still undecided.
init-description = Profile of { $name } (based on { $base }, made by orderbridge init)
init-update-title = added by orderbridge init --update from the export { $sample } (decide whether to remove the #)
init-update-nothing = Nothing to add to { $path }: every column and value of the sample is already in it.
init-updated = New columns and values added at the end of { $path } as comments.
init-section-headers = Header names
init-headers-as-is = The base reads every header name of the sample as it is.
init-match = column { $column } { $header } ≈ { $field } ({ $how })
init-how-field-name = the field's own name, certain
init-how-normalised = the same after NFKC and invisible characters, certain
init-how-known = a header profile { $profile } uses for this field, likely — check
init-how-edit-1 = edit distance 1, likely — check
init-how-edit-n = edit distance { $n }, unsure — check
init-how-content = by its values: { $fits } of { $rows } sample values { $why }; { $sure }
init-why-rules = pass where a wrong value meets { $rules }
init-why-lookups = are values { $lookups } knows
init-why-shape = have the shape the profile's checks describe
init-content-likely = likely — check
init-content-mostly = some do not fit, unsure — check
init-content-also = { $columns } fit too, unsure — check which column it is
init-unmatched = Columns that match no field (this profile does not use them):
init-column = column { $column }: { $header }
init-missing-required = required field { $field } has no column (accepted names: { $headers }): add the sample's name for it to its headers.
init-missing-optional = field { $field } has no column: every order takes its default { $default }.
init-rows = The sample's { $rows } rows were checked as of { $as_of }.
init-section-lookups = Lookups
init-not-run = the sample could not be run, so lookup values were not checked: { $error }
init-all-covered = No value is left to decide: each value of the sample is in its lookup, or only in rows an earlier rule decided.
init-earlier = These values are in no lookup either, but only in rows an earlier rule decided (another store's orders, cancelled ones…): no entry is needed for them:
init-earlier-value = lookup { $lookup }: { $value } ({ $now })
init-lookup = lookup { $lookup } (column { $column }): values no entry covers, most rows first. Decide their `to`.
init-lookup-outputs = values the base's entries give as `to`: { $values }
init-value = ×{ $count } (now: { $now })
init-now-written = written
init-now-excluded = excluded by { $rule }
init-now-rejected = rejected by { $rule }

## The command line
init-refuse-overwrite = { $path } already exists: add --force to overwrite it.
init-stdin-sample = --sample cannot be - (standard input): name the export file.
init-summary = Draft: { $aliases } header alias(es), { $undecided } undecided value(s), { $unmatched } unused column(s).
init-wrote = Draft written to { $path }.
init-shop-comment = The shop's morning: in this folder, `orderbridge run EXPORT` runs these profiles together.
    Options on the command line override what this file says; paths are relative to its folder.
init-shop-wrote = wrote the shop file { $path }: in its folder, `orderbridge run EXPORT` runs { $profiles }
