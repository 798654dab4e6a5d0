# Messages of the profile part (en). Keys must match the other language.

## extends, [params] and run --set (issue #14, part A)
profile-extends-not-found = extends = "{ $name }": { $error }
profile-extends-cycle = `extends` goes round in a circle: { $chain }
profile-extends-not-text = `extends` takes a profile name or the path of a .toml file, in quotes
profile-merge-remove-bool = `remove` is true or false
profile-merge-anchor-text = `{ $key }` takes the name of another item, in quotes
profile-merge-needs-name = an item of `{ $what }` with remove, before or after needs its `{ $key }`
profile-merge-ambiguous = the parent profile has more than one item of `{ $what }` named `{ $name }`, so this one cannot say which it replaces
profile-merge-remove-missing = there is no item of `{ $what }` named `{ $name }` to remove
profile-merge-before-and-after = give `before` or `after`, not both
profile-merge-anchor-missing = there is no item of `{ $what }` named `{ $name }` to place this one next to
profile-param-bad-type = parameter `{ $name }`: the type is one of { $types }
profile-param-default-type = parameter `{ $name }`: the default must be of type { $type }
profile-param-set-unknown = --set { $name }: this profile has no parameter `{ $name }`{ $hint } (its parameters: { $known })
profile-param-set-type = --set { $name }={ $value }: `{ $name }` takes a value of type { $type }
profile-param-unknown = no parameter `{ $name }` is declared in [params]{ $hint }
profile-skip-unknown = [[skip_tests]]: no test is named `{ $name }` or expects a rule of that name
profile-test-skipped = test { $name } ... skipped: { $reason }
profile-tests-inherited = { $count } of the tests come from { $parent }
profile-skip-name-or-rule = a [[skip_tests]] entry gives `name` (one test) or `rule` (every test expecting that rule), not both
profile-tests-own = { $count } of the tests are this profile's own
profile-param-set-syntax = `{ $arg }`: write NAME=VALUE, e.g. window_days=7
