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
