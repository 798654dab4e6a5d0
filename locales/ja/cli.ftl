# Messages of the cli part (ja). Keys must match the other language (a unit test checks it).
# Words (one per thing): 受注データ（受注管理システムから出力したファイル）, 受注／受注番号, 出力（する）,
# アップロード用ファイル, エラー／エラー一覧, 除外, 要確認（警告のある行）, 注意（注意書きの行）,
# 送信履歴／送信履歴ファイル, アップロード済み／未アップロード／未記録, 変換表, ルール, 基準日,
# 試し実行, 組み込み, 保管フォルダー, バージョン; フォルダー・パラメーター・ブラウザー; Ctrl+C;
# counts as 1,234件 (no space); names and values for staff in 「…」; --help in です・ます.

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
help-value-input = 受注データ
help-value-export = 受注データ
help-value-file = ファイル
help-value-file-json = ファイル.json
help-value-dir = フォルダー
help-value-profile = プロファイル
help-value-name = 名前
help-value-name-value = 名前=値
help-value-n = 数
help-value-addr = アドレス
help-value-out = フォルダー
help-value-key = 受注番号
help-value-port = 番号
help-value-command = コマンド
help-about = 受注管理システムから出力した受注データを、プロファイル（変換のしかたを書いたファイル）に従って、モールのアップロード用ファイルに変換します。
help-help-about = このヘルプ、または指定したコマンドのヘルプを表示します
help-arg-lang = メッセージの言語: ja（日本語）または en（英語）（既定: $ORDERBRIDGE_LANG、なければロケール）
help-arg-help = ヘルプを表示します
help-arg-version = バージョンを表示します
help-arg-mappings = プロファイルを名前で探すとき、最初に探すフォルダー
help-arg-profile = プロファイルの名前（--mappings、$ORDERBRIDGE_MAPPINGS、./mappings、組み込みの順に探します）または .toml ファイルのパス
help-run-about = 受注データをプロファイルで変換し、アップロード用ファイルを出力します
help-run-arg-out = アップロード用ファイルとエラー一覧を出力するフォルダー（既定: ショップファイルの out）
help-run-arg-as-of = 基準日（YYYY-MM-DD）。ファイル名の日付や「○日より前の受注」の判定で「今日」として使います。ふつうは指定不要です（既定: 今日）
help-run-arg-report = 実行結果を JSON 形式（プログラム向け）で、このファイルにも出力します
help-run-arg-dry-run = 試し実行：ファイルは出力せず、送信履歴にも記録せずに、結果と各ファイルの最初の数件を表示します
help-run-arg-strict = エラーの行が1件でもあれば、アップロード用ファイルを1つも出力しません（終了コード 1）
help-run-arg-list-excluded = 除外した行の一覧も、エラー一覧と同じ形式で同じフォルダーに出力します（既定の名前は excluded_プロファイル名_YYYYMMDD.csv。アップロードするファイルではありません）
help-run-arg-inputs = 受注データのファイル。指定した順に処理し、同じアップロード用ファイルにまとめます
help-run-arg-set = この実行だけプロファイルのパラメーターを変えます（例: `--set window_days=7`）。何度でも指定できます
help-run-arg-profile = プロファイルの名前（--mappings、$ORDERBRIDGE_MAPPINGS、./mappings、組み込みの順に探します）または .toml ファイルのパス。繰り返すと、複数のプロファイルで同じ受注データを 1回の実行で処理します（既定: ショップファイルのプロファイル）
help-run-arg-shop = ショップファイル（実行するプロファイル、出力先フォルダー、送信履歴、パラメーターを書いたファイル）。既定: 今のフォルダーの orderbridge.toml。コマンドで指定したものはショップファイルより優先します
help-validate-profile-about = プロファイルを実行せずにチェックし、プロファイルに書かれたテストを実行します
help-validate-profile-arg-profile = プロファイルの名前、または .toml ファイルのパス
help-validate-profile-arg-sample = プロファイルと突き合わせる受注データ: 足りない列、変換表にない値を調べます
help-validate-profile-arg-as-of = 基準日（YYYY-MM-DD）：サンプルを調べるときに「今日」として使う日付（既定: 今日）
help-validate-profile-arg-quiet = 問題、失敗したテスト、スキップしたテスト、判定だけを表示します（既定）
help-validate-profile-arg-verbose = 成功したテストもすべて表示し、パラメーターの違いでスキップしたテストも名前で表示します
help-validate-profile-arg-effective = プロファイルを確認する代わりに、`extends` の親と合わせた最終的なプロファイルを TOML で表示します
help-list-profiles-about = 名前で使えるプロファイルと、それぞれがチェックに通るかを一覧表示します
help-list-profiles-arg-mappings = 最初にプロファイルを探すフォルダー
help-profile-about = プロファイルの TOML を表示します（`profile show 名前`）。組み込みのプロファイルも表示できます
help-profile-show-about = 名前で見つかるプロファイルの TOML をそのまま表示します（組み込みのプロファイルも）
help-profile-show-arg-out = 画面に表示する代わりに、このファイルに出力します（例: `mappings/my-shop.toml`）
help-profile-show-arg-force = --out のファイルがあれば置き換えます
help-serve-about = ブラウザーで使う変換ページを起動します。表示されたアドレスをブラウザーで開いてください（--open で自動的に開きます）
help-serve-arg-port = ページのポート番号（0 にすると空いている番号を使います）
help-serve-arg-listen = ページを公開するアドレス。既定の 127.0.0.1 ではこのパソコンからだけ使えます。ほかのアドレスにすると、ほかのパソコンからも開けるようになり、表示されたアドレス（URL）を知っている人は誰でも受注データを見られます
help-serve-arg-mappings = 最初にプロファイルを探すフォルダー（次に $ORDERBRIDGE_MAPPINGS、./mappings、組み込み）
help-serve-arg-open = 起動したら、いつものブラウザーでページを開きます
help-serve-arg-max-upload-mb = 1回の変換で受け付けるファイルの合計サイズの上限（MB）

## 実行結果（run のあとに表示）。楽天の処理結果メールのように、1 行目で件数がわかるように。

run-summary-profile = orderbridge: プロファイル { $profile }（{ $origin }）、基準日 { $as-of }
run-summary-headline = 正常終了:{ $written }件、エラー:{ $rejected }件、除外:{ $excluded }件（読み込み:{ $read }件）
run-summary-headline-would = 出力予定:{ $written }件、エラー:{ $rejected }件、除外:{ $excluded }件（読み込み:{ $read }件）
run-summary-input = 受注データ { $path }（{ $encoding }、{ $rows }）
run-summary-defaulted = 注意     { $input } に { $field } の列がないため、すべての行で「{ $default }」を使いました
run-summary-read = 読み込み
run-summary-written = 出力
run-summary-would-write = 出力予定
run-summary-file-note = アップロード先: { $note }
run-summary-excluded = 除外
run-summary-rejected = エラー
run-summary-count = { $n }件
run-summary-one-row = 1件
run-summary-rows = { $n }件
run-summary-warnings = 要確認   { $rows }（出力済みです。アップロードの前に内容を確認してください）
run-summary-rejects-file = エラーの行は { $path } にまとめました（Excel で開けます）。「理由」の列に直し方が書いてあります。受注管理システムで直して受注データを出力し直し、もう一度実行してください（理由にプロファイルへの追加が書いてある行は、プロファイルの管理者に伝えてください）
run-summary-rejects-file-would = エラーの行は { $path } にまとめます（実際には出力していません）。「理由」の列に直し方が書いてあります。受注管理システムで直して受注データを出力し直し、もう一度実行してください（理由にプロファイルへの追加が書いてある行は、プロファイルの管理者に伝えてください）
run-summary-archived = 前回のアップロード用ファイル { $file } は今回の結果にないため、保管フォルダー（.orderbridge.archive）に移しました
run-summary-archived-would = 前回のアップロード用ファイル { $file } は今回の結果にないため、保管フォルダー（.orderbridge.archive）に移します（実際には移していません）
run-summary-not-from-this-run = 注意     出力フォルダーに、今回の実行で出力していないファイルがあります（そのままにしてあります。何のファイルかわかる場合だけアップロードしてください）：{ $files }
run-summary-manifest-set-aside = 注意     出力フォルダーの記録ファイル（.orderbridge.manifest.json）が正しくないため使いませんでした（{ $problem }）。{ $kept } として残してあります。前回のファイルの移動はしていません
run-summary-manifest-not-followed = 注意     出力フォルダーの記録ファイル（.orderbridge.manifest.json）が正しくないため使いませんでした（{ $problem }）。前回のファイルの移動はしていません
manifest-problem-not_a_file = リンクか、普通のファイルではありません
manifest-problem-unreadable = このツールが書いた記録として読めません
manifest-problem-outside = 出力フォルダーの外のパス、またはツール専用のファイルを指しています
manifest-problem-link = リンクを経由するパスを指しています
manifest-problem-malformed = このツールが書かないハッシュ値または日時が入っています
run-summary-warned-file = 要確認の行は { $path } に一覧にしました（アップロード用ファイルではありません）
run-summary-warned-file-would = 要確認の行は { $path } に一覧にします（アップロード用ファイルではありません。実際には出力していません）
run-summary-excluded-file = 除外した行は { $path } に一覧にしました（アップロード用ファイルではありません）
run-summary-excluded-file-would = 除外した行は { $path } に一覧にします（アップロード用ファイルではありません。実際には出力していません）
run-summary-mostly-excluded = 注意     アップロードする受注がありません（{ $read }件中 { $n }件を { $rule } で除外）。受注データの日付や、選んだプロファイルが正しいか確かめてください
run-summary-strict-blocked = --strict: エラーの行があったため、アップロード用ファイルは1つも出力していません。エラーの行を直してから、もう一度実行してください。
run-summary-time = 処理時間 { $seconds }秒
run-summary-example = { $value } { $n }件
run-summary-example-join = { $list }、{ $next }
run-summary-examples = { $message }（{ $list }）
run-summary-warning-example = { $value }（{ $n }件）
run-summary-all = 合計（{ $profiles }）：出力 { $written }件、エラー { $rejected }件、除外 { $excluded }件。すべてのプロファイルのファイルをまとめて出力しました
run-summary-all-would = 合計（{ $profiles }）：出力予定 { $written }件、エラー { $rejected }件、除外 { $excluded }件。試し実行のため何も出力していません
run-needs-out = 出力先のフォルダーが決まっていません。ショップファイル（orderbridge.toml）のあるフォルダーで実行するか、--out でフォルダーを指定してください

## run --dry-run の表示と、run のその他のメッセージ

run-preview-file = { $path }（最初の { $n }件）:
run-preview-rejected = エラーの行（最初の { $n }件）:
run-preview-col-input = 入力ファイル
run-preview-col-row = 行
run-preview-col-rule = ルール
run-preview-col-reason = 理由
run-no-signal-cleanup = 終了のシグナルを処理できません: { $error }

## OS のエラー

io-not-found = ファイルまたはフォルダーが見つかりません
io-permission-denied = アクセスする権限がありません
io-already-exists = すでにあります
io-is-a-directory = フォルダーです（ファイルではありません）
io-not-a-directory = フォルダーではありません
io-storage-full = ディスクの空きがありません
io-read-only = 書き込めない場所です（読み取り専用）
io-other = { $error }

## 実行を止める受注データの問題（ファイル名と行はコードが前につけます）

did-you-mean = （もしかして「{ $name }」ですか？）
list-more = …ほか { $n }件
list-join = { $list }、{ $next }
input-is-a-directory = フォルダーです。受注データのファイルを指定してください
input-empty = ファイルが空です（見出しの行がありません）
input-header-not-decodable = { $column }列目の見出しが { $encoding } の文字として読めません（文字化け）。受注データの文字コードを確かめてください
input-unclosed-quote = この行で始まる " で囲まれた項目が閉じられていません（" が1つ足りません）。このままでは後ろの行がすべてその項目の一部として読まれます。受注管理システムで直して、受注データを出力し直してください
input-csv-error = CSV として読めません。カンマや引用符（"）が崩れていないか確かめ、受注管理システムから出力し直してください（{ $detail }）
input-record-too-long-quote = { $mib } MiB を超える行があります：{ $line }行目で始まる " で囲まれた項目が { $mib } MiB たっても閉じられていません（" が足りないようです）。受注管理システムで直して、受注データを出力し直してください
input-record-too-long = { $mib } MiB を超えても行が終わりません。受注データではないファイルを指定していませんか（受注1件の行はふつう数百バイトです）
input-utf16-not-allowed = このファイルは Excel の「Unicode テキスト」形式（UTF-16）ですが、このプロファイルは { $encoding } のファイルしか読みません。Excel で「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」を選んで保存し直してください（プロファイルの管理者は [input] の encoding を "auto" にすることもできます）
input-nuls = テキストの受注データではありません。Excel のブック（.xlsx）などを指定していませんか。受注管理システムから出力した CSV を指定するか、Excel で「CSV UTF-8（コンマ区切り）」として保存し直してください（先頭 { $bytes } バイトのうち { $nuls } バイトが NUL、最初は { $at } バイト目）
input-same-stem = { $first } と同じ名前「{ $stem }」です。プロファイルは受注データのファイル名（`{"{"}input_stem{"}"}`）で出力ファイルの名前を決めるため、2つが1つのファイルに入ってしまいます。どちらかの名前を変えて（例: 日付をつける）実行し直してください
header-has = この受注データの列: { $cells }
header-ambiguous-same = 列「{ $cell }」が { $times }回あります（{ $columns }列目）。どれが { $field } の列か決められません。受注管理システムの出力設定で、同じ名前の列を1つにしてください
header-ambiguous = 「{ $name }」に当てはまる列が { $times }個あります（{ $columns }列目）。どれが { $field } の列か決められません
header-near-miss = { $column }列目「{ $cell }」は { $field } の列名ではありません（もしかして「{ $name }」ですか？）。このままでは { $field } はすべての行で既定値になります。列名を直すか、プロファイルの管理者にその列名を headers に追加してもらってください
header-required-missing = 受注データに { $field } の列がありません（使える列名: { $names }）{ $hint }。受注管理システムの出力設定（カスタムCSV）でこの列を出力するか、選んだプロファイルが正しいか確かめてください
input-is-row-list = このファイルは実行結果の行の一覧（先頭の列が { $columns }）で、受注データではありません。受注管理システムで該当の受注を直して出力し直し、その受注データを指定してください（各行の元のファイルは「{ $first }」列に書かれています）
output-would-overwrite-input = 受注データのファイルを上書きすることになるため、出力しませんでした。出力先（--out）を別のフォルダーにしてください

## プロファイルを探す

find-not-found = プロファイル「{ $name }」が見つかりません（探した場所: { $looked }）{ $hint }
origin-builtin = 組み込み
find-builtin-profiles = 組み込みのプロファイル
find-cannot-read = このプロファイルを読めません: { $error }
find-dir = { $from }：フォルダー「{ $dir }」は{ $problem }
find-default-dir = 既定のプロファイル置き場
find-dir-not-a-folder = フォルダーではありません
find-dir-env-missing = ありません（作るか、{ $var } を消すと ./mappings と組み込みのプロファイルを使います）
find-dir-missing = ありません
find-dir-unreadable = 読めません: { $error }
find-is-a-folder = フォルダーです。プロファイルのファイル（.toml）を指定してください
find-broken-link = シンボリックリンクですが、リンク先「{ $target }」がありません
find-not-regular = 通常のファイルではありません（デバイス、パイプ、ソケットなど）。プロファイルは .toml のテキストファイルです
find-too-large = { $mib } MiB を超えています。プロファイルは小さなテキストファイルなので、このファイルは読み込みません
find-not-utf8 = UTF-8 のテキストではありません。プロファイルは UTF-8 で保存した .toml のテキストファイルです

## 実行を始められない、終えられない

report-is-a-folder = フォルダーです
report-is-an-input = この実行の受注データのファイルです
report-names-no-file = ファイル名がありません
report-folder-unusable = フォルダー { $dir } を使えません: { $error }
report-is-reject-file = エラー一覧ファイルと同じパスです
report-is-row-list = 行の一覧ファイルと同じパスです
report-must-be-json = 出力フォルダーの中に置くレポートの名前は .json で終わる必要があります
report-is-upload-file = 前の実行で出力したアップロード用ファイルです
report-cannot-create = { $dir } にファイルを作れません: { $error }
run-route-to-own-file = プロファイルの出力先 { $path } は、この実行の別のファイル（エラー一覧、行の一覧、レポート、送信履歴ファイル）です
run-ledger-is-run-file = --ledger { $ledger }: { $what }。このまま実行すると送信履歴ファイルが実行結果のファイルで置き換えられてしまいます。送信履歴ファイルは別の場所に置いてください。何も出力・記録していません。
ledger-what-report = 実行レポート（--report { $path }）と同じファイルです
ledger-what-row-list = この実行の行の一覧ファイル（{ $path }）と同じファイルです
ledger-what-own-file = 出力フォルダー { $dir } の中のツール専用のファイル（名前が .orderbridge で始まるもの）です
run-row-list-path = 行の一覧ファイルのパス: { $error }
run-row-lists-same-path = プロファイルが 2つの行の一覧ファイルに同じパスを指定しています
run-list-of-other-profile = {$path} はこのフォルダーでプロファイル {$profile} が前回出力したファイルです。この実行はその上に行の一覧を出力することになるため（またはそのプロファイルの一覧を上書きするため）、何も出力していません。このプロファイルの一覧に別のパスを指定するか（[output.rejects] の path・warned_path・excluded_path。{"{"}profile{"}"} でプロファイル名が入ります）、別の --out を指定してください。
run-input-twice = 2回以上指定されています
run-no-input = 受注データのファイルが指定されていません
run-in-profile = プロファイル { $profile }：{ $error }（どのプロファイルのファイルも出力していません）
run-no-profile = プロファイルが指定されていません。ショップファイル（orderbridge.toml）のあるフォルダーで実行しているか確かめてください。またはプロファイルを --profile で指定してください
run-profile-twice = プロファイル { $profile } が 2回以上指定されています
run-profiles-share-history = プロファイル { $first } と { $second } は送信履歴（{ $scope }）を共有しています。1つずつ順に実行してください
run-stdin-several-profiles = 標準入力（-）は 1回しか読めませんが、プロファイルごとに入力を読みます。複数のプロファイルで実行するときは、受注データをファイルで指定してください
run-report-several-profiles = --report は1つのプロファイルのレポートを出力します。複数のプロファイルのときは、レポートが必要なプロファイルだけを単独で実行してください
run-profiles-same-file = プロファイル { $first } と { $second } が同じファイル { $path } に出力しようとしています。何も出力していません
shop-invalid = { $path }：ショップファイルとして読めません：{ $detail }
shop-param-undeclared = { $file }：パラメーター { $name } は、実行するどのプロファイル（{ $profiles }）にも宣言されていません。[params] から消すか、名前を確かめてください
shop-set-undeclared = --set { $name }：このパラメーターは、実行するどのプロファイル（{ $profiles }）にも宣言されていません。名前を確かめてください
run-cancelled = 実行を途中で中止しました。ファイルは何も出力・変更していません
run-same-file-as = （{ $first } と同じファイル）

## validate-profile（プロファイルのチェック）

validate-test-passed = テスト { $name } ... 成功
validate-test-failed = テスト { $name } ... 失敗
validate-verdict-valid = { $file }: 問題なし: 問題 { $problems }件、テスト { $tests }件を実行、成功 { $passed }件、失敗 { $failed }件、スキップ { $skipped }件
validate-verdict-base = { $file }: ほかのプロファイルの土台（runnable = false）: ファイルの書式は問題ありません。ルールの検査とテストは、これを extends するプロファイルで行います
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
list-builtin = 組み込み（「orderbridge profile show { $name }」で表示できます）
list-from = 場所: { $origin }
show-exists = すでにあります。置き換えるには --force をつけてください
show-is-a-folder = フォルダーです。ファイル名を指定してください
out-is-an-input = { $path }：このコマンドが読み込むファイルです（{ $input } として）。--force を付けても入力ファイルは上書きしません。何も書き込んでいません。--out に別のファイルを指定してください。
show-wrote = { $path } に出力しました（プロファイル「{ $name }」、場所: { $origin }）
serve-not-loopback = 注意: { $address } で待ち受けています。このパソコンの中だけではありません。
    このアドレスに届き、下の URL を知っている人は誰でも、送られた受注データと作られたファイルを読めます。信頼できるネットワークでだけ使ってください。--listen をつけなければ、このパソコンからしか使えません。
serve-open = このアドレスをブラウザーで開いてください（Ctrl+C でサーバーを止めます）:
serve-stopped = 止めました。アップロードされたファイルと変換したファイルは削除しました
serve-stopping = 止めています…（もう一度 Ctrl+C ですぐに止めます）
serve-stopped-at-once = すぐに止めました。アップロードされたファイルと変換したファイルは削除しました
serve-stopped-at-once-left = すぐに止めました。{ $path } を削除できませんでした（次に orderbridge serve を起動したときに削除します）
serve-no-browser = ブラウザーを開けませんでした。上のアドレスを手で開いてください

## 実行のファイルを書き込む（ジャーナルつきの確定）

commit-locked = 別の orderbridge（ほかの画面やページの変換）が { $dir } に出力中です（{ $waited } 待ちました。ロックファイル: { $lock }）。終わってからもう一度実行してください
commit-corrupt-journal = 中断した実行のジャーナルが読めません（{ $reason }）。.orderbridge-*.backup のファイルを手で元に戻してから、ジャーナルを削除してください。わからない場合は管理者に連絡してください
commit-rollback-failed = 元に戻す処理も失敗しました（{ $failures }）。次の実行でジャーナル { $journal } からやり直します
commit-recovery-failed = 中断した実行の変更を元に戻せませんでした（{ $failures }）。原因を直してから実行し直してください。ジャーナル { $journal } は残してあります
commit-creating-output-folder = 出力フォルダーを作成中
commit-opening-lock = ロックファイルを開く途中
commit-locking = ロック中
commit-creating-temp = 一時ファイルを作成中
commit-creating-folder = フォルダーを作成中
commit-syncing-file = 新しいファイルをディスクに書き込み中
commit-looking-at-file = 置き換えるファイルを確認中
commit-moving-aside = 古いファイルを退避中
commit-renaming = 新しいファイルを所定の名前に変更中
commit-syncing-folder = フォルダーをディスクに書き込み中
commit-writing-journal = ジャーナルを書き込み中
commit-reading-journal = ジャーナルを読み込み中
commit-deleting-journal = ジャーナルを削除中
commit-writing-report = レポートを書き込み中（この実行のファイルはすべて元に戻しました）
commit-own-name = .orderbridge で始まる名前はこのツール専用です
commit-own-file-not-plain = リンクか、普通のファイルではありません。ツール専用のファイルはリンクの先を使いません
commit-through-link = リンクである { $link } を経由しています。実行で作るファイルはリンクの先には書き込まず、移動もしません（出力フォルダーの外には出しません）。{ $link } を普通のフォルダーにするか、削除してください
commit-not-inside = 出力フォルダー { $dir } の中ではありません
commit-not-utf8 = 名前が UTF-8 ではありません
commit-not-plain = 出力フォルダーの下の普通のパスにしてください
commit-is-out-dir = 出力フォルダーそのものです
commit-used-twice = 1回の確定で 2回使われています
commit-other-lock = 別の出力フォルダーのロックで準備されています
commit-is-a-folder = フォルダーです。置き換えません
commit-gone = なくなっています。移すものがありません
commit-appeared = 確定の途中で現れました

## 受注データの読み方（実行結果の受注データの行）

encoding-utf8-bom = UTF-8（BOM付き）
encoding-utf8 = UTF-8
encoding-shift-jis = Shift_JIS
encoding-utf16 = UTF-16（Excel の「Unicode テキスト」）
encoding-utf16-be = UTF-16（BE、BOM付き）
encoding-tab-separated = { $encoding }、タブ区切り

## 引数の誤り

usage-missing = 指定が足りません: { $arg }
usage-unknown = そのようなオプションはありません: { $arg }
usage-unknown-command = そのようなコマンドはありません: { $command }
usage-invalid-value = { $arg }: 値「{ $value }」は使えません
usage-conflict = { $arg } は { $other } と一緒に使えません
usage-values = { $arg }: 値の数が正しくありません
usage-valid-values = 使える値: { $values }
usage-see-help = 使い方は --help で表示できます。

## プロファイルが指定する出力パス

path-empty = 出力パスが空です
path-absolute = `{ $path }` は絶対パスです。出力パスは出力フォルダーからの相対パスにしてください
path-drive = `{ $path }` はドライブ名で始まっています。出力パスは出力フォルダーからの相対パスにしてください
path-empty-component = `{ $path }` に空のファイル名またはフォルダー名があります（`/` が重なっているか、先頭か末尾にあります）
path-empty-name = ファイル名またはフォルダー名が空です
path-dots = `{ $name }` は出力パスに使えません。ファイルかフォルダーの名前にしてください
path-too-long = `{ $name }` は { $bytes } バイトあります。ファイル名やフォルダー名は 255 バイトまでです
path-control = `{ $name }` に制御文字 { $code } が入っています
path-forbidden = `{ $name }` に Windows のファイル名・フォルダー名に使えない `{ $char }` が入っています
path-reserved = `{ $name }` は Windows が予約しているデバイス名です（拡張子つきでも使えません）
path-trailing = `{ $name }` はドットか空白で終わっています。Windows は名前の最後のドットと空白を消してしまいます
path-separator = `{ $name }` に `/` が入っています。1つのファイル名かフォルダー名にしてください
path-date-format = 日付の書式 `{ $format }`: { $reason }
path-date-render = 日付の書式 `{ $format }` は { $date } のとき `{ $rendered }` になります: { $problem }
path-date-underscore = `_` フラグは空白で埋めるため、日付によって名前の形が変わります
path-date-space = `%{ $d }` は空白で埋めます（`%-{ $d }` か `%0{ $d }` を使ってください）
path-date-control = `%{ $d }` は制御文字を書きます

## ---- init and schema
help-init-about = 自店の受注データに合わせたプロファイルの下書きを作ります（元のプロファイルを引き継ぎ、列名を対応させ、まだ決まっていない値をコメントで一覧にします）。--shop のときは、毎朝の実行に使うショップファイルを作ります
help-init-arg-base = 下書きの元にするプロファイル: 名前（`run --profile` と同じ）か .toml ファイルのパス
help-init-arg-sample = 自店の受注データ（元のプロファイルと同じように読みます）
help-init-arg-out = 下書きを画面に表示する代わりに、このファイルに保存します（--shop のとき：ショップファイルの保存先。既定は ./orderbridge.toml）
help-init-arg-force = --out のファイルがすでにあれば置き換えます
help-init-arg-name = 下書きの description に書くお店の名前（省略時は --out のファイル名、なければ受注データのファイル名）
help-init-arg-update = 使っている下書き（お店が直したところも含めて）を新しい --sample で更新します。まだ書かれていない列・列名の対応・変換表の値を、決めるためのコメントとして末尾に追加します。今ある行は変えません
help-init-arg-as-of = 基準日（YYYY-MM-DD）：サンプルを調べるときに「今日」として使う日付（既定: 今日）
help-init-arg-shop = プロファイルの下書きではなく、ショップファイル（orderbridge.toml）を作ります。そのフォルダーで「orderbridge run 受注データ」と入力するだけで、ここで決めたプロファイル・出力先・送信履歴・パラメーターを使って実行します
help-init-arg-profile = --shop のとき：ショップで使うプロファイル（名前、または .toml ファイルの場所）。プロファイルごとに繰り返します
help-init-arg-upload-dir = --shop のとき：アップロード用ファイルを出力するフォルダー（ショップファイルのあるフォルダーから見た場所。既定: upload）
help-init-arg-ledger = --shop のとき：ショップの送信履歴ファイル（ショップファイルのあるフォルダーから見た場所。省略すると既定の送信履歴）
help-init-arg-set = --shop のとき: ショップのプロファイルのパラメーター（例: `--set window_days=5`）。何度でも指定できます
help-schema-about = プロファイルの形式の JSON Schema を表示します（`mappings/profile.schema.json`）
help-schema-arg-shop = 代わりにショップファイル（orderbridge.toml）の JSON Schema を表示します（`mappings/shop.schema.json`）

## ---- the ledger
help-arg-ledger = 使う送信履歴ファイル。ふつうは指定不要です（既定: 環境変数 ORDERBRIDGE_LEDGER、なければこのユーザーの既定の送信履歴）
help-run-arg-ledger = 使う送信履歴ファイル（なければ作ります）。ふつうは指定不要です（既定: ショップファイルの ledger、環境変数 ORDERBRIDGE_LEDGER、なければこのユーザーの既定の送信履歴）。アップロード済みのファイルに同じ内容で入っている受注は出力せず（already_sent）、この実行を記録します
help-run-arg-resend = アップロード済みの受注も、もう一度出力します（送信履歴には記録します）
help-run-arg-previous = 前に出力したファイルで、アップロードしたかどうかがまだ記録されていないものに今回の受注が入っていたときの答え：uploaded（アップロードした。その受注は出力しない）か not-uploaded（アップロードしていない。もう一度出力する）。答えは送信履歴に記録します。送るたびに追加されるアップロード（楽天ペイなど）では、指定がないとここで実行が止まります
help-serve-arg-ledger = ページの変換で使う送信履歴ファイル（run --ledger と同じ。ふつうは指定不要）。ページには、ファイルごとの「アップロード済みにする」ボタンと受注番号の検索欄が出ます
help-ledger-about = 送信履歴：アップロードしたファイルを記録します（取り消しもできます）。出力したファイルの一覧や、受注ごとの履歴も見られます
help-ledger-confirm-about = アップロードしたファイルを「アップロード済み」と記録します。記録したファイルの受注は、内容が変わらない限り次からは出力しません（除外の理由は already_sent）。ファイルは、出力したときの場所（あとで保管フォルダーに移っていても可）、今の場所、コピーのどれで指定しても見つけます
help-ledger-files-about = これまでに出力したアップロード用ファイルを、アップロード済みかどうかと一緒に一覧表示します
help-ledger-show-about = 受注番号（先頭だけでも可）で受注を調べます：どの実行で出力・除外・エラーになったか、出力したファイルとそれがアップロード済みか、出力した値
help-ledger-confirm-arg-files = アップロード用ファイル（出力したときの場所、今の場所、またはコピー）
help-arg-json = 文字ではなく JSON（プログラム向け）で表示します
help-run-arg-no-ledger = 送信履歴を使わずに実行します（アップロード済みの受注も出力し、この実行も記録しません）
help-serve-arg-no-ledger = 送信履歴を使わずにページを起動します（ページの変換は何も参照せず、何も記録しません）
help-serve-arg-shop = ショップファイル：ページで最初から選んでおくプロファイルと、使う送信履歴（--ledger がないとき）を決めます（既定: 今のフォルダーの orderbridge.toml）
help-ledger-unsent-about = ファイルを「未アップロード」と記録します（アップロード済みの取り消しにも使います）。そのファイルの受注は、次の実行でもう一度出力します
help-ledger-unsent-arg-files = アップロード用ファイル（出力したときの場所、今の場所、またはコピー）
help-arg-last = 最後の実行で出力したアップロード用ファイルすべて
help-ledger-show-arg-key = 受注番号（先頭だけでも可）
journal-not-a-file = 通常のファイルではありません
journal-unreadable = 読み取れません: { $error }
journal-version = 形式のバージョン { $found } がこのツールのバージョン { $expected } と違います
journal-foreign-path = この書き込み以外のパスが記録されています
validate-test-unknown-param = params に書かれた「{ $name }」は、このプロファイルの [params] にないパラメーターです{ $hint }
validate-first-failed-test = テスト「{ $name }」が失敗しました: { $diff }
validate-inherited-failed-hint = ヒント: 失敗したテストのうち { $n }件は { $parent } から引き継いだものです。このプロファイルで意図して変えた動きなら、このプロファイルに [[skip_tests]]（name = "テストの名前"、reason = "理由"）を書いて、そのテストをスキップしてください
