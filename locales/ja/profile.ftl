# Messages of the profile part (ja). Keys must match the other language.

## ---- プロファイルのチェックで見つかった問題（diag-*）。このまとまりは崩さず、
## ---- ほかのまとまり（extends/params など）はこの下に。

diag-unknown-action = action `{ $action }` は使えません: `exclude`（除外）か `reject`（エラー）にしてください
diag-rule-twice = ルール `{ $rule }` が [[rules]] に 2回あります
diag-check-needs = チェック `{ $rule }` には `require` か `cases` が必要です
diag-condition-one = 条件には次のどれか 1つだけを書いてください: all, any, not, equals, in, matches, empty, max_chars, check_digit, older_than_days, in_lookup, count_of
diag-over-distinct = `over` と `distinct` は `count_of` と一緒に使います
diag-value-inside = `value` は all / any / not の横ではなく、その中の条件に書いてください
diag-unknown-check-digit = チェックデジット `{ $name }` はありません{ $hint }。使えるもの: { $known }
diag-unknown-lookup = 変換表 `{ $name }` はありません{ $hint }
diag-count-of-value = `count_of` はキーのフィールドや値を自分で指定します: 横に `value` は書けません
diag-count-of-over = `count_of` には `over = N`（キーごとに何行まで許すか）が必要です
diag-count-of-empty = `count_of` にはフィールドか値が 1つ以上必要です
diag-header-twice = 見出し `{ $header }` を `{ $first }` と `{ $second }` の両方が受け付けています
diag-cycle = 値がお互いに依存して循環しています: { $cycle }
diag-lookup-value = 変換表 `{ $lookup }` の値 `{ $value }`
diag-column-name = 出力の列名 `{ $column }`
diag-unencodable-constant = `{ $char }` は出力の文字コードで書けません
diag-input-encoding = 入力の文字コード `{ $label }` はありません{ $hint }: `auto`、`utf-8`、`cp932` のどれかにしてください
diag-input-delimiter = 入力の区切り文字 { $label } は使えません{ $hint }: "auto"（見出しの行から判断）、","、"\t"（"tab" も可）のどれかにしてください
diag-lookup-two-outputs = 変換表 `{ $lookup }`: `{ $from }` が `{ $first }` と `{ $second }` の両方に変換されます
diag-lookup-entry = 変換表 `{ $lookup }`: 各項目には `from`（完全一致）か `pattern`（正規表現）のどちらか 1つが必要です
diag-lookup-mixed = 変換表 `{ $lookup }` に `from` と `pattern` の項目が混ざっています。1つの変換表ではどちらか一方にしてください
diag-on-missing = 変換表 `{ $lookup }`: on_missing には `reject = "ルール名"` か `value = "…"`（`warn` も可）が必要です
diag-no-columns = 出力には列が 1つ以上必要です
diag-duplicate-key = { $what } の `{ $name }` は出力の列ではありません{ $hint }
diag-output-encoding = 出力の文字コード `{ $label }` はありません: `cp932`（Shift_JIS / Windows-31J）か `utf-8` にしてください
diag-newline = 改行 `{ $value }` は使えません: `crlf` か `lf` にしてください
diag-quote = 囲み方 `{ $value }` は使えません: `necessary` か `always` にしてください
diag-fold-unencodable = fold `{ $from }` → `{ $to }`: `{ $to }`（{ $codepoint }）は出力の文字コードで書けません
diag-fold-one-char = fold `{ $from }` → `{ $to }`: どちらも 1 文字にしてください
diag-replace-with = unencodable.replace_with `{ $value }` は、出力の文字コードで書ける 1 文字にしてください
diag-builtin-unread = builtin_rules.{ $rule }: メッセージがフィールドや値を使っていますが、この行はフィールドに読み込まれません。{ $first } と { $second } を使ってください

## エンジン自身のルール（[builtin_rules]）: プロファイルがメッセージを書いていないとき、そのルールで
## 決まった行に付くメッセージ。プロファイルを読み込むときに一度だけ作られ、{ $name } はそれぞれ
## プロファイルの {name} になって、行ごとに埋められます。
builtin-message-undecodable = 列「{ $column }」に { $expected } として読めないバイトがあります
builtin-message-field-count = 列の数が見出しと違います（見出し { $expected } 列、この行 { $found } 列）
builtin-message-duplicate = 同じ内容の行をこのファイルにすでに出力しています（重複）
builtin-message-unencodable = 列「{ $column }」の文字「{ $char }」（{ $codepoint }）は出力の文字コードで書けません
builtin-message-bad-path = { $field }「{ $value }」はファイル名に使えません
builtin-message-already-sent = 同じ内容でアップロード済みです（送信履歴より）
diag-template = テンプレート `{ $text }`: { $error }
diag-template-date = `{ $name }` の日付の書式が正しくありません
diag-path-unknown-name = パス `{ $text }` の `{ $name }` はフィールドでも値でもありません{ $hint }
diag-message-unknown-name = メッセージ `{ $text }` の `{ $name }` はフィールドでも値でもありません{ $hint }
diag-message-unknown-param = `{ $name }` のパラメーターは [params] で宣言されていません{ $hint }
diag-reject-path = エラー一覧ファイルのパスには `{"{"}as_of:FORMAT{"}"}` しか使えません（エラー一覧ファイルはすべての受注データで 1つです）
diag-path-outside = パス `{ $path }` は出力フォルダーの中にしてください: { $problem }
diag-field-no-headers = フィールド `{ $field }` には見出しの名前が 1つ以上必要です
diag-field-and-value = `{ $name }` がフィールドにも値にもあります。どちらかの名前を変えてください
diag-value-one = 値には `from`、`template`、`constant` のどれか 1つだけが必要です
diag-step-none = ステップには操作が 1つ必要です: trim, nfkc, uppercase, lowercase, strip_prefix, unwrap, remove_chars, replace, reject_if, lookup, date
diag-step-many = 1つのステップの操作は 1つです。このステップには { $operations } があります: ステップを分けてください
diag-step-option = `{ $option }` は `{ $step }` のステップには書けません
diag-step-true = `{ $step } = true` と書いてください（false は意味がありません。不要ならステップを消してください）
diag-reject-if-rule = `reject_if` のステップには `rule`（エラーのルール名）が必要です
diag-unknown-date-formats = date_formats `{ $name }` はありません{ $hint }
diag-date-to = `date` のステップには `to`（出力の書式、例: "%Y%m%d"）が必要です
diag-date-format = 日付の書式 `{ $format }` が正しくありません（jiff の strftime 書式、例: "%Y/%m/%d %H:%M"）
diag-rule-kinds = ルール `{ $rule }` がここでは{ $here }、別の場所では{ $there }として使われています。別の名前にしてください
diag-kind-exclusion = 除外
diag-kind-rejection = エラー
diag-kind-warning = 注意
diag-regex = 正規表現が正しくありません: { $error }
diag-unknown-name = フィールドまたは値 `{ $name }` はありません{ $hint }
diag-time-zone = タイムゾーン `{ $zone }` はありません: { $error }
diag-full-width-quote = 全角の引用符 { $quote } は TOML の引用符ではありません。半角の " を使ってください（TOML のメッセージ: { $toml }）

diag-toml = TOML の書き方が正しくありません（{ $message }）
diag-missing-field = 必要な項目 `{ $field }` がありません
diag-unknown-field = `{ $field }` という項目はありません。使える項目: { $names }{ $hint }

## ---- 問題のまとまりはここまで
## extends・[params]・run --set
profile-extends-not-found = extends = "{ $name }": { $error }
profile-extends-cycle = extends が循環しています: { $chain }
profile-extends-not-text = extends にはプロファイル名か .toml ファイルのパスを引用符で囲んで書いてください
profile-not-a-profile-keys = このファイルはプロファイルではありません。プロファイルのキー（description、input、output など）が一つもありません（内容は表示しません）
profile-not-a-profile-toml = このファイルはプロファイルではありません。TOML として読めず（{ $problem }）、そこまでにプロファイルのキーもありません（内容は表示しません）
profile-merge-remove-bool = remove には true か false を書いてください
profile-merge-anchor-text = { $key } には別の項目の名前を引用符で囲んで書いてください
profile-merge-needs-name = remove・before・after を書いた { $what } の項目には { $key } が必要です
profile-merge-ambiguous = 親プロファイルには { $what } の「{ $name }」が複数あるため、どれを置き換えるか決められません
profile-merge-remove-missing = 削除する { $what } の「{ $name }」が親プロファイルにありません
profile-merge-before-and-after = before と after はどちらか一方だけ書いてください
profile-merge-anchor-missing = 位置の基準にする { $what } の「{ $name }」がありません
profile-param-bad-type = パラメーター { $name }: type には { $types } のどれかを書いてください
profile-param-default-type = パラメーター { $name }: type の指定どおり、default には{ $type }を書いてください
profile-param-set-unknown = --set { $name }: このプロファイルにパラメーター { $name } はありません{ $hint }（パラメーター: { $known }）
profile-param-set-type = --set { $name }={ $value }: { $name } には{ $type }を指定してください
profile-tests-file-unreadable = テストファイル { $path } を読めません: { $error }
profile-tests-file-key = テストファイルに書けるのは [test_defaults]・[[tests]]・[[skip_tests]] だけです。`{ $key }` は { $profile } に書いてください
profile-not-runnable = `{ $name }` はほかのプロファイルが extends で使う土台（`runnable = false`）で、単独では実行できません。`extends = "{ $name }"` と書いたプロファイルを指定してください
profile-param-set-range = --set { $name }={ $value }: { $name } に指定できるのは { $range } の値です
profile-param-default-range = パラメーター { $name }: default の { $value } は範囲（{ $range }）の外です
profile-param-range-both = { $min }〜{ $max }
profile-param-range-min = { $min } 以上
profile-param-range-max = { $max } 以下
profile-param-range-not-integer = パラメーター { $name }: min と max を書けるのは type = "integer"（整数）のパラメーターだけです
profile-param-range-empty = パラメーター { $name }: min（{ $min }）が max（{ $max }）より大きくなっています
profile-param-unknown = [params] にパラメーター { $name } が宣言されていません{ $hint }
profile-skip-unknown = [[skip_tests]]: 「{ $name }」という名前のテストも、そのルールを期待するテストもありません
profile-test-skipped = テスト { $name } ... スキップ: { $reason }
profile-tests-inherited = うち { $count }件のテストは { $parent } から引き継いだものです
profile-skip-name-or-rule = [[skip_tests]] には name（1つのテスト）か rule（そのルールを期待するすべてのテスト）のどちらか一方を書いてください
profile-tests-own = うち { $count }件のテストはこのプロファイル自身のものです
profile-param-set-syntax = `{ $arg }`: 名前=値 の形で書いてください（例: window_days=7）

diag-ledger-key-empty = [ledger] の key に出力の列が一つもありません

## ---- value types in profile errors
diag-invalid-type = この値は{ $found }ですが、ここには{ $expected }を書きます
type-string = 文字列
type-integer = 整数
type-boolean = true か false
type-number = 数値
type-list = 配列 [ … ]
type-table = テーブル { "{" } … { "}" }

profile-param-unused = パラメーター `{ $name }` が宣言されていますが、プロファイルのどこにも使われていません（`{ "{" } param = "{ $name }" { "}" }`）{ $hint }
diag-lookup-unused = 変換表 `{ $name }` はどの値・ルール・チェックからも使われていません{ $hint }
profile-effective-header = 最終的なプロファイル: `extends` の親と合わせたもの（README の「Editing a profile safely」を参照）。
diag-condition-needs-value = この条件には `value`（調べる項目または値）が必要です
diag-lookup-pattern = 変換表 `{ $lookup }`: { $error }
profile-test-row-not-read = テストの行が読み込まれませんでした

## [ledger] upload と correction、エンジンの changed_after_send
diag-ledger-correction-not-key = [ledger] correction の `{ $name }` は [ledger] key の列ではありません
diag-ledger-correction-whole-key = [ledger] correction に [ledger] key の列がすべて入っています。直す対象の報告を見分ける列を少なくとも一つ残してください
builtin-message-changed_after_send = { $sent_at } にアップロード済みの発送では { $old } でしたが、いまは { $new } です。このまま送ると2件目として追加されます。送った発送をモール側で直してください（--resend で送ることもできます）
builtin-message-changed-since-send = アップロード済みの発送ですが、内容が変わっています。このアップロードは送るたびに追加されるため、もう一度送ると2件目として追加されます。送った発送をモール側で直してください（--resend で送ることもできます）
diag-rule-label-unknown = [rule_labels] の `{ $name }` はこのプロファイルのどのルールの名前でもありません{ $hint }
diag-label-placeholder = `{ $text }` の `{ $name }` は使えません: ラベルと説明は行のない表に出るため、行の値は入りません（使えるのは {"{"}params.名前{"}"} だけです）
rule-label-missing-note = 注: 次のルールにはラベルがありません（画面と集計にはルール名のまま出ます）: { $rules }。[rule_labels] に {"{"} label = "…", about = "…" {"}"} を書くと、担当者に分かる名前で表示されます。
rule-label-undecodable = 文字化けした行
rule-about-undecodable = 入力ファイルの文字コードとして読めないバイトを含む行は送りません。受注データを出力し直してください。
rule-label-field_count = 列の数が合わない行
rule-about-field_count = 見出しと列の数が違う行は、どの値がどの列か分からないため送りません。
rule-label-duplicate = 同じ内容の重複行
rule-about-duplicate = 同じファイルにすでに書き出した行と同じ内容の行は、二重に送らないよう除外します。
rule-label-unencodable = 出力の文字コードで書けない文字
rule-about-unencodable = アップロードファイルの文字コード（Shift_JIS など）で書けない文字を含む行は送りません。受注管理システムで別の文字に直してください。
rule-label-bad_path = ファイル名に使えない値
rule-about-bad_path = ファイル名を決める値がファイル名に使えない行は送りません。
rule-label-already_sent = 送信済みの注文
rule-about-already_sent = 同じ内容でアップロード済みの受注は、もう一度送りません。
rule-label-changed_after_send = 送信後に訂正された注文
rule-about-changed_after_send = アップロード済みの発送から訂正する列（伝票番号など）が変わった受注は、送ると2件目として追加されるため止めています。送った発送をモール側で直してください。
rule-label-changed_since_send = 送信後に内容が変わった注文
rule-about-changed_since_send = アップロード済みの発送からほかの内容が変わった受注は、送ると2件目として追加されるため止めています。送った発送をモール側で直してください。
profile-test-skipped-param = テスト { $name } ... スキップ: { $assumed } を前提にしたテストですが、このプロファイルでは { $actual } です
profile-tests-skipped-param = { $assumed } を前提にしたテスト { $n }件はスキップしました（このプロファイルでは { $actual }。名前は `--verbose` で表示します）
profile-refused = プロファイル「{ $name }」には問題が { $n }件あるため、実行しません（すべての問題は `{ $command }` で確認できます）。最初の問題: { $first }
