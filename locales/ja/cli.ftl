# Messages of the cli part (ja). Keys must match the other language (a unit test checks it).
# Words: 受注, 件, 出力, 除外, エラー (not 拒否), アップロード用ファイル; counts as 1,234件.

## The command line's frame

cli-error = エラー: { $message }
cli-warning = 注意: { $message }

## --help

help-template = {"{"}before-help{"}"}{"{"}about-with-newline{"}"}
    使い方: {"{"}usage{"}"}

    {"{"}all-args{"}"}{"{"}after-help{"}"}
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
help-run-arg-out = アップロード用ファイルとエラー一覧ファイルを出力するフォルダ
help-run-arg-as-of = 相対日付のルールとファイル名に使う「今日」（YYYY-MM-DD）。既定: プロファイルのタイムゾーンでの今日
help-run-arg-report = 実行結果のレポートを JSON でこのファイルにも出力する
help-run-arg-dry-run = ファイルは出力せず、各ファイルの出力先と最初の数件を表示する
help-run-arg-strict = エラーの行が 1 件でもあれば、アップロード用ファイルを 1 つも出力しない（終了コード 1）
help-run-arg-list-excluded = 除外した行も、エラー一覧ファイルと同じ形式でその隣に出力する（既定は `excluded_YYYYMMDD.csv`。アップロード用ファイルではありません）
help-run-arg-inputs = 受注データのファイル。指定した順に処理し、同じアップロード用ファイルにまとめます
help-validate-profile-about = プロファイルを実行せずにチェックし、プロファイルに書かれたテストを実行する
help-validate-profile-arg-profile = プロファイルの名前、または .toml ファイルのパス
help-validate-profile-arg-sample = プロファイルと突き合わせる受注データ: 足りない列、変換表にない値を調べます
help-validate-profile-arg-as-of = サンプルの相対日付のルールに使う「今日」（既定: プロファイルのタイムゾーンでの今日）
help-validate-profile-arg-quiet = 問題、失敗したテスト、判定だけを表示する（成功したテストは表示しない）
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
run-summary-warned-file = 注意つきの行は { $path } に一覧にしました（アップロード用ファイルではありません）
run-summary-warned-file-would = 注意つきの行は { $path } に一覧にします（アップロード用ファイルではありません。実際には出力していません）
run-summary-excluded-file = 除外した行は { $path } に一覧にしました（アップロード用ファイルではありません）
run-summary-excluded-file-would = 除外した行は { $path } に一覧にします（アップロード用ファイルではありません。実際には出力していません）
run-summary-mostly-excluded = 注意     { $rule } で { $read }件中 { $n }件を除外しました。これで正しいか確認してください
run-summary-strict-blocked = --strict: エラーの行があったため、アップロード用ファイルは 1 つも出力していません
run-summary-time = 処理時間 { $seconds }秒

## run --dry-run の表示と、run のその他のメッセージ

run-preview-file = { $path }（最初の { $n }件）:
run-preview-rejected = エラーの行（最初の { $n }件）:
run-preview-col-input = 入力ファイル
run-preview-col-row = 行
run-preview-col-rule = ルール
run-preview-col-reason = 理由
run-no-signal-cleanup = 終了のシグナルを処理できません: { $error }
