## How messages are put together: the same in every language (the words are in the other
## files). A message with a file or a line in front, text of another program, two messages
## in a row.

verbatim = { $text }
at-path = { $path }: { $message }
at-line = { $path }:{ $line }: { $message }
joined = { $first }{ $sep }{ $second }

## The page's answers to a run's request it refuses

upload-over-limit = over the limit of { $limit }
upload-field-too-long = the field `{ $name }` is too long
upload-field-not-text = `{ $name }` is not text
upload-not-plain-name = `{ $name }` is not a plain file name
upload-no-such-profile = no profile named `{ $name }` is listed
upload-no-files = no export file was sent
upload-bad-as-of = as_of: { $error }
