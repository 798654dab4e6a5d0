## How messages are put together (the words are in the other
## files). A message with a file or a line in front, text of another program, two messages
## in a row. Japanese names the line in words (「（12行目）」) rather than as `file:line:`.

verbatim = { $text }
at-path = { $path }: { $message }
at-line = { $path }（{ $line }行目）：{ $message }
joined = { $first }{ $sep }{ $second }

## The page's answers to a run's request it refuses

upload-over-limit = アップロードの上限（{ $limit }）を超えています
upload-field-too-long = 項目 `{ $name }` が長すぎます
upload-field-not-text = 項目 `{ $name }` が文字ではありません
upload-not-plain-name = `{ $name }` はファイル名として使えません（フォルダーを含まない名前にしてください）
upload-no-such-profile = `{ $name }` という名前のプロファイルは一覧にありません
upload-no-files = 受注データのファイルが送られていません
upload-bad-as-of = 基準日（as_of）が日付として読めません: { $error }
