## How messages are put together: the same in every language (the words are in the other
## files). A message with a file or a line in front, text of another program, two messages
## in a row.

verbatim = { $text }
at-path = { $path }: { $message }
at-line = { $path }:{ $line }: { $message }
joined = { $first }{ $sep }{ $second }
