# Messages of the cli part (ja). Keys must match the other language (a unit test checks it).
# Words: 受注, 件, 出力, 除外, エラー (not 拒否), アップロード用ファイル; counts as 1,234件.

## The command line's frame

cli-error = エラー: { $message }
cli-warning = 注意: { $message }

## --help

help-template = {"{"}before-help{"}"}{"{"}about-with-newline{"}"}
    使い方: {"{"}usage{"}"}

    {"{"}all-args{"}"}{"{"}after-help{"}"}
help-default = （既定: { $value }）
help-heading-commands = コマンド
help-heading-arguments = 引数
help-heading-options = オプション
help-value-command = コマンド
help-about = 受注システムの出力（受注データ）を、TOML のプロファイルに従ってモールのアップロード用ファイルに変換します。
help-help-about = このヘルプ、または指定したコマンドのヘルプを表示する
help-arg-lang = メッセージの言語: ja（日本語）または en（英語）（既定: $ORDERBRIDGE_LANG、なければロケール）
help-arg-help = ヘルプを表示する
help-arg-version = バージョンを表示する
help-arg-mappings = プロファイルを名前で探すとき、最初に探すフォルダ
help-arg-profile = プロファイルの名前（--mappings、$ORDERBRIDGE_MAPPINGS、./mappings、組み込みの順に探します）または .toml ファイルのパス
help-run-about = 受注データをプロファイルで変換し、アップロード用ファイルを出力する
help-run-arg-out = アップロード用ファイルとエラー一覧ファイルを出力するフォルダ（既定: ショップファイルの `out`）
help-run-arg-as-of = 相対日付のルールとファイル名に使う「今日」（YYYY-MM-DD）。既定: プロファイルのタイムゾーンでの今日
help-run-arg-report = 実行結果のレポートを JSON でこのファイルにも出力する
help-run-arg-dry-run = ファイルは出力せず、各ファイルの出力先と最初の数件を表示する
help-run-arg-strict = エラーの行が 1 件でもあれば、アップロード用ファイルを 1 つも出力しない（終了コード 1）
help-run-arg-list-excluded = 除外した行も、エラー一覧ファイルと同じ形式でその隣に出力する（既定は `excluded_YYYYMMDD.csv`。アップロード用ファイルではありません）
help-run-arg-inputs = 受注データのファイル。指定した順に処理し、同じアップロード用ファイルにまとめます
help-run-arg-set = この実行だけプロファイルのパラメータを変えます（例: `--set window_days=7`）。何度でも指定できます
help-run-arg-profile = プロファイルの名前（--mappings、$ORDERBRIDGE_MAPPINGS、./mappings、組み込みの順に探します）または .toml ファイルのパス。繰り返すと、複数のプロファイルで同じ受注データを 1 回の実行で処理します（既定: ショップファイルのプロファイル）
help-run-arg-shop = 実行するプロファイル、`out`、`ledger`、パラメータを書いたショップファイル（既定: ./orderbridge.toml があればそれ）。コマンドラインの指定が優先されます
help-validate-profile-about = プロファイルを実行せずにチェックし、プロファイルに書かれたテストを実行する
help-validate-profile-arg-profile = プロファイルの名前、または .toml ファイルのパス
help-validate-profile-arg-sample = プロファイルと突き合わせる受注データ: 足りない列、変換表にない値を調べます
help-validate-profile-arg-as-of = サンプルの相対日付のルールに使う「今日」（既定: プロファイルのタイムゾーンでの今日）
help-validate-profile-arg-quiet = 問題、失敗したテスト、スキップしたテスト、判定だけを表示する（既定）
help-validate-profile-arg-verbose = 成功したテストもすべて表示し、パラメータの違いでスキップしたテストも名前で表示する
help-validate-profile-arg-effective = プロファイルを確認する代わりに、`extends` の親と合わせた最終的なプロファイルを TOML で表示します
help-list-profiles-about = 名前で使えるプロファイルと、それぞれがチェックに通るかを一覧表示する
help-list-profiles-arg-mappings = 最初にプロファイルを探すフォルダ
help-profile-about = プロファイルの TOML を表示する（`profile show 名前`）。組み込みのプロファイルも表示できます
help-profile-show-about = 名前で見つかるプロファイルの TOML をそのまま表示する（組み込みのプロファイルも）
help-profile-show-arg-out = 標準出力ではなくこのファイルに書き出す（例: `mappings/my-shop.toml`）
help-profile-show-arg-force = --out のファイルがあれば置き換える
help-serve-about = ショップのスタッフがブラウザで使うページを開く（日本語。ブラウザの設定によっては英語）
help-serve-arg-port = 待ち受けるポート（0: 空いているポート）
help-serve-arg-listen = 待ち受けるアドレス。ループバック以外にすると他のパソコンからページに届きます。そのアドレスに届き、表示された URL を知っている人は誰でも使えます
help-serve-arg-mappings = 最初にプロファイルを探すフォルダ（次に $ORDERBRIDGE_MAPPINGS、./mappings、組み込み）
help-serve-arg-open = 既定のブラウザでページを開く
help-serve-arg-max-upload-mb = 受け付ける最大のアップロード（MiB、1 回の変換のファイルすべての合計）

## 実行結果（run のあとに表示）。楽天の処理結果メールのように、1 行目で件数がわかるように。

run-summary-profile = orderbridge: プロファイル { $profile }（{ $origin }）、基準日 { $as-of }
run-summary-headline = 正常終了:{ $written }件、エラー:{ $rejected }件、除外:{ $excluded }件（読み込み:{ $read }件）
run-summary-headline-would = 出力予定:{ $written }件、エラー:{ $rejected }件、除外:{ $excluded }件（読み込み:{ $read }件）
run-summary-input = 受注データ { $path }（{ $encoding }、{ $rows }）
run-summary-defaulted = 注意     { $input } に { $field } の列がありません: すべての行を { $default } にしました
run-summary-read = 読み込み
run-summary-written = 出力
run-summary-would-write = 出力予定
run-summary-file-note = アップロード先: { $note }
run-summary-excluded = 除外
run-summary-rejected = エラー
run-summary-count = { $n }件
run-summary-one-row = 1件
run-summary-rows = { $n }件
run-summary-warnings = 注意つき { $rows }（出力しましたが、内容を確認してください）
run-summary-rejects-file = エラーの行は { $path } に一覧にしました。「理由」の列に直すところが書いてあります（受注システムで直すか、プロファイルが知らない値ならプロファイルに追加してください）
run-summary-rejects-file-would = エラーの行は { $path } に一覧にします（実際には出力していません）。「理由」の列に直すところが書いてあります（受注システムで直すか、プロファイルが知らない値ならプロファイルに追加してください）
run-summary-archived = 前回のアップロード用ファイル { $file } は今回は出力しなかったため、.orderbridge.archive/ に移しました
run-summary-archived-would = 前回のアップロード用ファイル { $file } は今回は出力しないため、.orderbridge.archive/ に移します（実際には移していません）
run-summary-not-from-this-run = 注意     今回の実行で出力したものではないファイルがあります（そのままにしました。中身がわかる場合だけアップロードしてください）: { $files }
run-summary-manifest-set-aside = 注意     出力フォルダの以前の実行の記録（.orderbridge.manifest.json）は使いませんでした: { $problem }。{ $kept } として別に保存しました。この記録によるファイルの移動はしていません
run-summary-manifest-not-followed = 注意     出力フォルダの以前の実行の記録（.orderbridge.manifest.json）は使いませんでした: { $problem }。この記録によるファイルの移動はしていません
manifest-problem-not_a_file = リンクか、普通のファイルではありません
manifest-problem-unreadable = このツールが書いた記録として読めません
manifest-problem-outside = 出力フォルダの外のパス、またはツール専用のファイルを指しています
manifest-problem-link = リンクを経由するパスを指しています
manifest-problem-malformed = このツールが書かないハッシュ値または日時が入っています
run-summary-warned-file = 注意つきの行は { $path } に一覧にしました（アップロード用ファイルではありません）
run-summary-warned-file-would = 注意つきの行は { $path } に一覧にします（アップロード用ファイルではありません。実際には出力していません）
run-summary-excluded-file = 除外した行は { $path } に一覧にしました（アップロード用ファイルではありません）
run-summary-excluded-file-would = 除外した行は { $path } に一覧にします（アップロード用ファイルではありません。実際には出力していません）
run-summary-mostly-excluded = 注意     アップロードする注文がありません。{ $rule } で { $read }件中 { $n }件を除外しました。受注データとプロファイルの選択が正しいか確認してください
run-summary-strict-blocked = --strict: エラーの行があったため、アップロード用ファイルは 1 つも出力していません
run-summary-time = 処理時間 { $seconds }秒
run-summary-all = orderbridge：{ $profiles } を 1 回で実行：出力 { $written } 件、エラー { $rejected } 件、除外 { $excluded } 件。すべてのプロファイルのファイルをまとめて出力しました
run-summary-all-would = orderbridge：{ $profiles } を 1 回で実行：出力予定 { $written } 件、エラー { $rejected } 件、除外 { $excluded } 件。何も出力していません
run-needs-out = 出力先のフォルダが指定されていません。--out DIR を付けるか、ショップファイル（orderbridge.toml）に `out = "DIR"` と書いてください

## run --dry-run の表示と、run のその他のメッセージ

run-preview-file = { $path }（最初の { $n }件）:
run-preview-rejected = エラーの行（最初の { $n }件）:
run-preview-col-input = 入力ファイル
run-preview-col-row = 行
run-preview-col-rule = ルール
run-preview-col-reason = 理由
run-no-signal-cleanup = 終了のシグナルを処理できません: { $error }

## OS のエラー

io-not-found = ファイルまたはフォルダが見つかりません
io-permission-denied = アクセスする権限がありません
io-already-exists = すでにあります
io-is-a-directory = フォルダです（ファイルではありません）
io-not-a-directory = フォルダではありません
io-storage-full = ディスクの空きがありません
io-read-only = 書き込めない場所です（読み取り専用）
io-other = { $error }

## 実行を止める受注データの問題（ファイル名と行はコードが前につけます）

did-you-mean = （もしかして `{ $name }` ですか？）
list-more = …ほか { $n }個
input-is-a-directory = フォルダです。受注データのファイルを指定してください
input-empty = ファイルが空です（見出しの行がありません）
input-header-not-decodable = { $column }列目: 見出しの名前が { $encoding } として読めません
input-unclosed-quote = この行で始まる " で囲まれた項目が閉じられていません（" が 1 つ足りません）。このままでは後ろの行がすべてその項目の一部として読まれます。受注システムで " を直して、出力し直してください
input-csv-error = CSV として読めません（{ $detail }）
input-record-too-long-quote = { $mib } MiB を超える行があります: { $line }行目で始まる " で囲まれた項目が { $mib } MiB たっても閉じられていません（" が足りない？）。" を直して、出力し直してください
input-record-too-long = 改行のないまま { $mib } MiB を超えました。本当に受注データのファイルですか？受注 1 件の行は数百バイトです
input-utf16-not-allowed = このファイルは UTF-16（Excel の「Unicode テキスト」）ですが、プロファイルは { $encoding } として読みます。プロファイルの [input] を encoding = "auto" にするか、ファイルを CSV（UTF-8 または Shift_JIS）で保存し直してください
input-nuls = 先頭 { $bytes } バイトのうち { $nuls } バイトが NUL です（最初は { $at } バイト目）。テキストの受注データではありません（BOM のない UTF-16 か、バイナリファイル）
input-same-stem = { $first } と同じ名前 `{ $stem }` です。プロファイルは受注データのファイル名（`{"{"}input_stem{"}"}`）で出力ファイルの名前を決めるため、2 つが 1 つのファイルに入ってしまいます。どちらかの名前を変えて（例: 日付をつける）実行し直してください
header-has = 見出しの行: { $cells }
header-ambiguous-same = 列 `{ $cell }` が { $times }回あります（{ $columns }列目）: どれが `{ $field }` か決められません
header-ambiguous = `{ $name }` に当てはまる列が { $times }個あります（{ $columns }列目）: どれが `{ $field }` か決められません
header-near-miss = { $column }列目 `{ $cell }` は `{ $field }` の見出しの名前ではありません（もしかして `{ $name }` ですか？）。このままでは `{ $field }` はすべての行で既定値になります。列の名前を直すか、その名前をフィールドの headers に追加してください
header-required-missing = `{ $field }` に必要な列がありません。使える見出しの名前: { $names }{ $hint }
input-is-row-list = このファイルは実行結果の行の一覧（先頭の列が { $columns }）で、受注データではありません。受注管理システムで該当の注文を直して出力し直し、その受注データを指定してください（各行の元のファイルは「{ $first }」列に書かれています）
output-would-overwrite-input = 受注データのファイルには上書きしません

## プロファイルを探す

find-not-found = プロファイル `{ $name }` が見つかりません（探した場所: { $looked }）{ $hint }
origin-builtin = （組み込み）
find-builtin-profiles = 組み込みのプロファイル
find-cannot-read = このプロファイルを読めません: { $error }
find-dir = { $from } のフォルダ `{ $dir }` は{ $problem }
find-default-dir = 既定のプロファイル
find-dir-not-a-folder = フォルダではありません
find-dir-env-missing = ありません（作るか、{ $var } を消すと ./mappings と組み込みのプロファイルを使います）
find-dir-missing = ありません
find-dir-unreadable = 読めません: { $error }
find-is-a-folder = フォルダです。プロファイルのファイル（.toml）を指定してください
find-broken-link = シンボリックリンクですが、リンク先 `{ $target }` がありません
find-not-regular = 通常のファイルではありません（デバイス、パイプ、ソケットなど）。プロファイルは .toml のテキストファイルです
find-too-large = { $mib } MiB を超えています。プロファイルは小さなテキストファイルなので、このファイルは読み込みません
find-not-utf8 = UTF-8 のテキストではありません。プロファイルは UTF-8 で保存した .toml のテキストファイルです

## 実行を始められない、終えられない

report-is-a-folder = フォルダです
report-is-an-input = この実行の受注データのファイルです
report-names-no-file = ファイル名がありません
report-folder-unusable = フォルダ { $dir } を使えません: { $error }
report-is-reject-file = エラー一覧ファイルと同じパスです
report-is-row-list = 行の一覧ファイルと同じパスです
report-must-be-json = 出力フォルダの中に置くレポートの名前は .json で終わる必要があります
report-is-upload-file = 前の実行で出力したアップロード用ファイルです
report-cannot-create = { $dir } にファイルを作れません: { $error }
run-route-to-own-file = プロファイルの出力先 { $path } は、この実行の別のファイル（エラー一覧、行の一覧、レポート、台帳）です
run-ledger-is-run-file = --ledger { $ledger }: { $what }。このまま実行すると台帳が実行結果のファイルで置き換えられてしまいます。台帳は別の場所に置いてください。何も書き込んでいません。
ledger-what-report = 実行レポート（--report { $path }）と同じファイルです
ledger-what-row-list = この実行の行の一覧ファイル（{ $path }）と同じファイルです
ledger-what-own-file = 出力フォルダ { $dir } の中のツール専用のファイル（名前が .orderbridge で始まるもの）です
run-row-list-path = 行の一覧ファイルのパス: { $error }
run-row-lists-same-path = プロファイルが 2 つの行の一覧ファイルに同じパスを指定しています
run-list-of-other-profile = {$path} はこのフォルダーでプロファイル {$profile} が前回書き出したファイルです。この実行はその上に行の一覧を書くことになるため（またはそのプロファイルの一覧を上書きするため）、何も書き出していません。このプロファイルの一覧に別のパスを指定するか（[output.rejects] の path・warned_path・excluded_path。{"{"}profile{"}"} でプロファイル名が入ります）、別の --out を指定してください。
run-input-twice = 2 回以上指定されています
run-no-input = 受注データのファイルが指定されていません
run-in-profile = プロファイル { $profile }：{ $error }（どのプロファイルのファイルも出力していません）
run-no-profile = プロファイルが指定されていません。--profile で指定するか、orderbridge.toml にショップのプロファイルを書いてください
run-profile-twice = プロファイル { $profile } が 2 回以上指定されています
run-profiles-share-history = プロファイル { $first } と { $second } は履歴（{ $scope }）を共有しています。1 つずつ順に実行してください
run-stdin-several-profiles = 標準入力（-）は 1 回しか読めませんが、プロファイルごとに入力を読みます。複数のプロファイルで実行するときは、受注データをファイルで指定してください
run-report-several-profiles = --report は 1 つのプロファイルのレポートを書き出します。複数のプロファイルのときは、レポートが必要なプロファイルだけを単独で実行してください
run-profiles-same-file = プロファイル { $first } と { $second } が同じファイル { $path } に出力しようとしています。何も出力していません
shop-invalid = { $path }：ショップファイルとして読めません：{ $detail }
shop-param-undeclared = { $file }：パラメーター { $name } は、実行するどのプロファイル（{ $profiles }）にも宣言されていません。[params] から消すか、名前を確かめてください
shop-set-undeclared = --set { $name }：このパラメーターは、実行するどのプロファイル（{ $profiles }）にも宣言されていません。名前を確かめてください
run-cancelled = 実行は途中で止められました。ファイルは何も書き出しも変更もしていません
run-same-file-as = （{ $first } と同じファイル）

## validate-profile（プロファイルのチェック）

validate-test-passed = テスト { $name } ... 成功
validate-test-failed = テスト { $name } ... 失敗
validate-verdict-valid = { $file }: 問題なし: 問題 { $problems }件、テスト { $tests }件を実行、成功 { $passed }件、失敗 { $failed }件、スキップ { $skipped }件
validate-verdict-base = { $file }: ほかのプロファイルの土台（runnable = false）: ファイルの書式は問題ありません。規則の検査とテストは、これを extends するプロファイルで行います
validate-verdict-invalid = { $file }: 使えません: 問題 { $problems }件（プロファイルの記述 { $located }件、失敗したテスト { $failed }件）、テスト { $tests }件を実行、成功 { $passed }件、スキップ { $skipped }件
validate-actual-written = { $path } に出力
validate-actual-written-warnings = { $path } に出力、注意 { $warnings }
validate-actual-excluded = `{ $rule }` で除外
validate-actual-rejected = `{ $rule }` でエラー: { $message }
validate-expected-rejected = `{ $rule }` でエラー
validate-expected-excluded = `{ $rule }` で除外
validate-expected-written = 出力
validate-diff = 期待: { $expected }
    {"  "}実際: { $actual }
validate-diff-column = 列 { $column }: 期待 { $expected }、実際 { $actual }
validate-diff-path = 出力先: 期待 { $expected }、実際 { $actual }
validate-diff-warnings = 注意: 期待 { $expected }、実際 { $actual }
validate-diff-message = 理由の文面: 期待（含む） { $expected }、実際 { $actual }
validate-test-problem = テスト `{ $name }`: { $problem }
validate-test-expect-one = 期待する結果を 1 種類だけ書いてください: `output`（や `path`）、`excluded`、`rejected` のどれか
validate-test-warnings-need-output = `warnings` は出力する行にだけつきます。`output` か `path` と一緒に書いてください
validate-test-message-needs-rejected = `message_contains` はエラー（rejected）の理由の文面を確かめます。`rejected` と一緒に書いてください
validate-test-bad-as-of = as_of `{ $value }` は日付（YYYY-MM-DD）ではありません
validate-test-needs-as-of = 実行する日によって結果が変わらないよう、`as_of = "YYYY-MM-DD"` が必要です
validate-test-no-rule = `{ $rule }` という名前のルールはありません{ $hint }
validate-test-no-column = `{ $column }` は出力の列ではありません{ $hint }
validate-test-no-as-of = このテストには正しい `as_of` がありません

## validate-profile --sample（サンプルの受注データとの突き合わせ）

sample-title = サンプル { $path }
sample-header = サンプル { $path }（{ $encoding }、{ $columns }列、基準日 { $as-of }）
sample-rows = { $n }件（実行したときの扱い。重複は出力として数えます）: { $outcomes }
sample-all-covered = すべての値が変換表にあります
sample-characters = （{ $n }文字）
sample-written = 出力
sample-excluded-by = { $rule } で除外
sample-rejected-by = { $rule } でエラー
sample-uncovered-decided = 変換表にない値（その値で行の扱いが決まったもの）:
sample-uncovered-earlier = 変換表にない値（先に別のルールで扱いが決まった行。そのルールのとおりになります）:
sample-then-rejected = この値の行はエラーになります（{ $rule }）
sample-then-fallback-warning = この値の行は { $value } になり、注意 { $warning } がつきます
sample-then-fallback = この値の行は { $value } になります
sample-uncovered-value = { $value } ×{ $rows } — { $lookup } にありません。{ $consequence }（このサンプル: { $seen }）
sample-uncovered-value-earlier = { $value } ×{ $rows } — { $seen }。{ $lookup } にもありません（そこまで進んだ場合: { $consequence }）

## 引数、list-profiles、profile show、serve

as-of-form = YYYY-MM-DD の形で指定してください（例: 2024-10-18）
as-of-year = 年は { $from } から { $to } の間にしてください（YYYY-MM-DD の形、例: 2024-10-18）
as-of-no-day = { $month } に { $day } 日はありません
as-of-no-month = { $month } 月はありません（YYYY-MM-DD の形、例: 2024-10-18）
list-valid = 問題なし
list-invalid = 使えません（問題 { $n }件）
list-unreadable = 読めません
list-base = 土台
list-builtin = （組み込み。`orderbridge profile show { $name }` で表示できます）
list-from = 場所: { $origin }
show-exists = すでにあります。置き換えるには --force をつけてください
show-is-a-folder = フォルダです。ファイル名を指定してください
out-is-an-input = { $path }：このコマンドが読み込むファイルです（{ $input } として）。--force を付けても入力ファイルは上書きしません。何も書き込んでいません。--out に別のファイルを指定してください。
show-wrote = { $path } に書き出しました（プロファイル `{ $name }`、{ $origin } から）
serve-not-loopback = 注意: { $address } で待ち受けています。このパソコンの中だけではありません。
    このアドレスに届き、下の URL を知っている人は誰でも、送られた受注データと作られたファイルを読めます。信頼できるネットワークでだけ使ってください。--listen をつけなければ、このパソコンからしか使えません。
serve-open = このアドレスをブラウザで開いてください（Ctrl-C でサーバーを止めます）:
serve-stopped = 止めました。アップロードされたファイルと変換したファイルは削除しました
serve-stopping = 止めています…（もう一度 Ctrl-C ですぐに止めます）
serve-stopped-at-once = すぐに止めました。アップロードされたファイルと変換したファイルは削除しました
serve-stopped-at-once-left = すぐに止めました。{ $path } を削除できませんでした（次に orderbridge serve を起動したときに削除します）
serve-no-browser = ブラウザを開けませんでした。上のアドレスを手で開いてください

## 実行のファイルを書き込む（ジャーナルつきの確定）

commit-locked = 別の orderbridge が { $dir } に書き込み中です（ロック { $lock } を { $waited } 待ちました）。終わってからもう一度実行してください
commit-corrupt-journal = 中断した実行のジャーナルが読めません（{ $reason }）。.orderbridge-*.backup のファイルを手で元に戻してから、ジャーナルを削除してください
commit-rollback-failed = 元に戻す処理も失敗しました（{ $failures }）。次の実行でジャーナル { $journal } からやり直します
commit-recovery-failed = 中断した実行の変更を元に戻せませんでした（{ $failures }）。原因を直してから実行し直してください。ジャーナル { $journal } は残してあります
commit-creating-output-folder = 出力フォルダを作成中
commit-opening-lock = ロックファイルを開く途中
commit-locking = ロック中
commit-creating-temp = 一時ファイルを作成中
commit-creating-folder = フォルダを作成中
commit-syncing-file = 新しいファイルをディスクに書き込み中
commit-looking-at-file = 置き換えるファイルを確認中
commit-moving-aside = 古いファイルを退避中
commit-renaming = 新しいファイルを所定の名前に変更中
commit-syncing-folder = フォルダをディスクに書き込み中
commit-writing-journal = ジャーナルを書き込み中
commit-reading-journal = ジャーナルを読み込み中
commit-deleting-journal = ジャーナルを削除中
commit-writing-report = レポートを書き込み中（この実行のファイルはすべて元に戻しました）
commit-own-name = .orderbridge で始まる名前はこのツール専用です
commit-own-file-not-plain = リンクか、普通のファイルではありません。ツール専用のファイルはリンクの先を使いません
commit-through-link = リンクである { $link } を経由しています。実行で作るファイルはリンクの先には書き込まず、移動もしません（出力フォルダの外には出しません）。{ $link } を普通のフォルダにするか、削除してください
commit-not-inside = 出力フォルダ { $dir } の中ではありません
commit-not-utf8 = 名前が UTF-8 ではありません
commit-not-plain = 出力フォルダの下の普通のパスにしてください
commit-is-out-dir = 出力フォルダそのものです
commit-used-twice = 1 回の確定で 2 回使われています
commit-other-lock = 別の出力フォルダのロックで準備されています
commit-is-a-folder = フォルダです。置き換えません
commit-gone = なくなっています。移すものがありません
commit-appeared = 確定の途中で現れました

## 受注データの読み方（実行結果の受注データの行）

encoding-utf8-bom = UTF-8（BOM つき）
encoding-utf8 = UTF-8
encoding-shift-jis = Shift_JIS (CP932)
encoding-utf16 = UTF-16（Excel の Unicode テキスト）
encoding-utf16-be = UTF-16 ビッグエンディアン（BOM つき）
encoding-tab-separated = { $encoding }、タブ区切り

## 引数の誤り

usage-missing = 必要な引数が指定されていません: { $arg }
usage-unknown = 知らない引数です: { $arg }
usage-unknown-command = 知らないコマンドです: { $command }
usage-invalid-value = { $arg }: 値 `{ $value }` は使えません
usage-conflict = { $arg } は { $other } と一緒に使えません
usage-values = { $arg }: 値の数が正しくありません
usage-valid-values = 使える値: { $values }
usage-see-help = 使い方は --help で表示できます。

## プロファイルが指定する出力パス

path-empty = 出力パスが空です
path-absolute = `{ $path }` は絶対パスです。出力パスは出力フォルダからの相対パスにしてください
path-drive = `{ $path }` はドライブ名で始まっています。出力パスは出力フォルダからの相対パスにしてください
path-empty-component = `{ $path }` に空のファイル名またはフォルダ名があります（`/` が重なっているか、先頭か末尾にあります）
path-empty-name = ファイル名またはフォルダ名が空です
path-dots = `{ $name }` は出力パスに使えません。ファイルかフォルダの名前にしてください
path-too-long = `{ $name }` は { $bytes } バイトあります。ファイル名やフォルダ名は 255 バイトまでです
path-control = `{ $name }` に制御文字 { $code } が入っています
path-forbidden = `{ $name }` に Windows のファイル名・フォルダ名に使えない `{ $char }` が入っています
path-reserved = `{ $name }` は Windows が予約しているデバイス名です（拡張子つきでも使えません）
path-trailing = `{ $name }` はドットか空白で終わっています。Windows は名前の最後のドットと空白を消してしまいます
path-separator = `{ $name }` に `/` が入っています。1 つのファイル名かフォルダ名にしてください
path-date-format = 日付の書式 `{ $format }`: { $reason }
path-date-render = 日付の書式 `{ $format }` は { $date } のとき `{ $rendered }` になります: { $problem }
path-date-underscore = `_` フラグは空白で埋めるため、日付によって名前の形が変わります
path-date-space = `%{ $d }` は空白で埋めます（`%-{ $d }` か `%0{ $d }` を使ってください）
path-date-control = `%{ $d }` は制御文字を書きます

## ---- init and schema
help-init-about = 自店の受注データ用のプロファイルの下書きを作ります: 元のプロファイルを extends し、見つけた見出し名を加え、まだ決めていない値をコメントで一覧にします
help-init-arg-base = 下書きが extends する元のプロファイル: 名前（`run --profile` と同じ）か .toml ファイルのパス
help-init-arg-sample = 自店の受注データ（元のプロファイルと同じように読みます）
help-init-arg-out = 下書きを標準出力ではなく、この新しいファイルに書きます（--shop のとき: ショップファイル。既定は ./orderbridge.toml）
help-init-arg-force = --out のファイルがすでにあれば置き換えます
help-init-arg-name = 下書きの description に書くお店の名前（省略時は --out のファイル名、なければ受注データのファイル名）
help-init-arg-update = 使っている下書き（お店が直したところも含めて）を新しい --sample で更新します。まだ書かれていない列・列名の対応・対応表の値を、決めるためのコメントとして末尾に追加します。今ある行は変えません
help-init-arg-as-of = サンプルの日付の規則で使う「今日」（既定: 元のプロファイルのタイムゾーンでの今日）
help-init-arg-shop = 下書きの代わりにショップファイルを書きます: そのフォルダで `orderbridge run 受注データ` が使うプロファイル、フォルダ、台帳、パラメータ
help-init-arg-profile = --shop のとき: ショップのプロファイル（名前、またはショップファイルのフォルダからの .toml ファイルのパス）。プロファイルごとに繰り返します
help-init-arg-upload-dir = --shop のとき: アップロード用ファイルを出力するフォルダ（ショップファイルのフォルダから。既定: upload）
help-init-arg-ledger = --shop のとき: ショップの台帳（送信履歴。ショップファイルのフォルダから）
help-init-arg-set = --shop のとき: ショップのプロファイルのパラメータ（例: `--set window_days=5`）。何度でも指定できます
help-schema-about = プロファイルの形式の JSON Schema を表示します（`mappings/profile.schema.json`）
help-schema-arg-shop = 代わりにショップファイル（orderbridge.toml）の JSON Schema を表示します（`mappings/shop.schema.json`）

## ---- the ledger
help-arg-ledger = 送信履歴（台帳）のファイル（既定: $ORDERBRIDGE_LEDGER、なければユーザーのデータフォルダーにある既定の台帳。どの実行もそこに履歴を残します）
help-run-arg-ledger = 送信履歴（台帳、SQLite ファイル。なければ作ります。既定: $ORDERBRIDGE_LEDGER、なければユーザーのデータフォルダーにある既定の台帳）: アップロード済みと確認したファイルに同じ内容で入っていた行はもう出力しません（`already_sent`）。この実行も記録します
help-run-arg-resend = 台帳があっても、送信済みの行も出力します（記録はします）
help-run-arg-previous = 台帳と一緒に：アップロードしたかどうかわからない以前のファイルのうち、今回の行が入っているものを、アップロードした（その行は送信済み）か、していない（その行をもう一度出力）かを指定します。実行と一緒に記録します。指定しないと、追加型のアップロードはそこで止まります
help-serve-arg-ledger = ページの実行が参照し、記録する送信履歴（台帳）。`run --ledger` と同じです（既定: $ORDERBRIDGE_LEDGER、なければユーザーのデータフォルダーにある既定の台帳）。ページにファイルごとの「アップロード済み」ボタンと注文の検索欄が出ます
help-ledger-about = 送信履歴（台帳）: アップロードしたファイルを確定し（取り消しもでき）、一覧にし、注文を調べます
help-ledger-confirm-about = アップロード用ファイルをアップロード済みにします。その行は内容が変わるまで `already_sent` として除外されます。ファイルは、出力したときのパス（後の実行で保管フォルダーに移されていても構いません）、いまのパス、または中身（別の場所のコピーでも可）で探します
help-ledger-files-about = 出力したアップロード用ファイルを、確定済みかどうかとともに一覧にします
help-ledger-show-about = KEY（例: 注文番号）で始まるすべての報告の履歴: 見た実行、結果、ファイル、そのファイルが確定済みか、送った値
help-ledger-confirm-arg-files = アップロード用ファイル（出力したときのパス、いまのパス、またはそのコピー）
help-arg-json = 文字ではなく JSON（プログラム向け）で表示します
help-run-arg-no-ledger = 送信履歴（台帳）を使わずに実行します。何も参照せず、何も記録しません
help-serve-arg-no-ledger = 送信履歴（台帳）を使わずにページを出します。ページの実行は何も参照せず、何も記録しません
help-serve-arg-shop = ページで最初から選んでおくプロファイルと、--ledger がないときに使う履歴を書いたショップファイル（既定: ./orderbridge.toml があればそれ）
help-ledger-unsent-about = アップロード用ファイルを未アップロードにします（確定の取り消しにも使えます）。その行はもう一度出力されます
help-ledger-unsent-arg-files = アップロード用ファイル（出力したときのパス、いまのパス、またはそのコピー）
help-arg-last = 最後の実行で出力したアップロード用ファイルすべて
help-ledger-show-arg-key = 報告のキーの先頭（例: 注文番号）
journal-not-a-file = 通常のファイルではありません
journal-unreadable = 読み取れません: { $error }
journal-version = 形式の版 { $found } がこのツールの版 { $expected } と違います
journal-foreign-path = この書き込み以外のパスが記録されています
validate-test-unknown-param = params に書かれた「{ $name }」は、このプロファイルの [params] にないパラメータです{ $hint }
validate-first-failed-test = テスト「{ $name }」が失敗しました: { $diff }
validate-inherited-failed-hint = ヒント: 失敗したテストのうち { $n }件は { $parent } から引き継いだものです。このプロファイルで意図して変えた動きなら、このプロファイルに [[skip_tests]]（name = "テストの名前"、reason = "理由"）を書いて、そのテストをスキップしてください
