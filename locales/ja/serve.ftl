# orderbridge serve: the page shop staff use (Japanese). Every key here must also be in
# locales/en/serve.ftl with the same placeables (a unit test checks it).
# Words (one per thing): 受注データ（受注管理システムから出力したファイル）, 受注／受注番号, 出力（する）,
# アップロード用ファイル, エラー／エラー一覧, 除外, 要確認（警告のある行）, 注意（注意書きの行）,
# 送信履歴／送信履歴ファイル, アップロード済み／未アップロード／未記録, 変換表, ルール, 基準日,
# 試し実行, 組み込み, 保管フォルダー, バージョン; フォルダー・パラメーター・ブラウザー; Ctrl+C;
# counts as 1,234件 (no space); names and values for staff in 「…」; --help in です・ます.

## The page's fixed text (rendered into index.html by the server)

page-title = orderbridge — 受注データの変換
page-heading = 受注データを変換する
page-intro = GoQ から出力した受注データを、モールのアップロード用ファイルに変換します。このページはこのパソコンの中だけで動き、データを外に送りません。
other-language = English
nav-run = 変換
nav-check = チェック
noscript = このページを使うには JavaScript を有効にしてください。
step-profile = 1. プロファイルを選ぶ
profile-label = プロファイル（変換のしかた）
profile-loading = 読み込み中…
step-files = 2. 受注データを選ぶ
drop-hint = ここに受注データのファイル（CSV）をドラッグ＆ドロップするか、下で選んでください。複数のファイルは 1回の変換にまとめます。
files-label = 受注データのファイル
as-of-label = 基準日
as-of-hint = 「今日」として扱う日付です（ファイル名の日付や、古い受注の判定に使います）。ふつうは今日のままにしてください。
strict-label = 厳格モード：エラーの行が 1件でもあれば、アップロード用ファイルを出力しない
run-button = 変換する
upload-progress = アップロード
process-progress = 変換
step-result = 3. 結果
step-check = 4. チェック
result-empty = 受注データを選んで「変換する」を押すと、ここに結果が出ます。
check-empty = プロファイルを選ぶと、ここにプロファイルのチェック結果が出ます。変換すると、受注データの値がプロファイルの変換表にあるかも確かめます。

## Messages the page's script shows (served by /api/text)

busy-uploading = アップロードしています…
busy-running = 変換しています…
busy-waiting-queue = 前の変換が終わるのを待っています…
busy-checking = チェックしています…
profile-invalid-suffix = （問題があるため使えません）
profile-base-suffix = （ほかのプロファイルの土台。単独では実行しません）
profile-invalid = このプロファイルには問題があり、使えません。
profile-from = 場所: { $origin }
profile-builtin = 組み込み
no-files-chosen = ファイルが選ばれていません。
files-total = { $count } ファイル、合計 { $size }
too-large = ファイルが大きすぎます（合計 { $size }、上限 { $limit }）。ファイルを分けるか、orderbridge serve を --max-upload-mb で起動し直してください。
upload-failed = アップロードできませんでした。orderbridge serve が動いているか確かめてください。
server-error = サーバーでエラーが起きました: { $message }
unit-rows = 件
count-read = 読み込み
count-written = 出力
count-excluded = 除外
count-rejected = エラー
count-warnings = 要確認
n-rows = { $n }件
summary-inputs = 受注データ
summary-input = { $file }（{ $encoding }、{ $n }件）
summary-time = 処理時間 { $seconds }秒
files-title = アップロード用ファイル
files-none = 出力する行がなかったため、アップロード用ファイルはありません。
strict-blocked = 厳格モード：エラーの行があるため、アップロード用ファイルは出力していません。
download = ダウンロード
download-all = すべてを ZIP でダウンロード
preview-caption = 先頭 { $n } 行を見る
rules-excluded = 除外の内訳（送らない受注）
rules-rejected = エラーの内訳（直して出力し直す受注）
rules-none = なし
col-rule = ルール
col-count = 件数
col-message = 説明（プロファイルより）
rejects-title = エラーの行
rejects-intro = 次の受注は変換できませんでした。GoQ で直してから、もう一度出力して変換してください。ほかの行は出力されています（厳格モードを除く）。
rejects-download = エラーの行の一覧をダウンロード（Excel で開けます）
rejects-shown = 最初の { $shown }件を表示しています。全 { $total }件はダウンロードした一覧にあります。
col-file = ファイル
col-line = 行
col-reason = 理由
col-order = 受注番号
warnings-title = 要確認（出力済みです。アップロードの前に内容を確認してください）
warned-download = 要確認の { $rows }行の一覧をダウンロード（Excel で開けます）
warned-title = 要確認の行
warned-intro = 次の行は出力しましたが、注意があります。アップロードの前に内容を確かめてください。
excluded-title = 除外した行
excluded-intro = 次の受注は送りません（ほかの店舗の注文、キャンセルされた注文、更新期間より前の注文など）。送るはずの受注が入っていないか確かめるときに見てください。
excluded-download = 除外した { $rows } 行の一覧をダウンロード（Excel で開けます）
file-note = アップロード先: { $note }
warning-example = { $message }（{ $n }件）
error-title = 変換できませんでした
error-file = ファイル: { $file }
error-line = 行: { $line }
error-detail = 詳しい内容: { $message }
error-hint-input = 何もファイルは出力していません。GoQ の出力設定（カスタムCSV）と、選んだプロファイルが合っているか確かめてください。ファイルを Excel で保存し直した場合は「CSV UTF-8」か「CSV（コンマ区切り）」で保存してください。
error-hint-output = 何もファイルは出力していません。パソコンの空き容量を確かめて、もう一度変換してください。
error-hint-request = 入力を確かめて、もう一度やり直してください。
error-run-gone = この結果はもう残っていません（時間がたったか、orderbridge serve を止めたため）。もう一度変換してください。
check-profile = プロファイル { $name } のチェック
check-valid = 問題はありません。プロファイルのテスト { $run }件中 { $passed }件合格。
check-invalid = 問題が { $problems }件あります。プロファイルのテスト { $run }件中 { $passed }件合格。
check-test-failed = テスト「{ $name }」が失敗しました
check-sample = 受注データ { $file } のチェック（{ $encoding }、{ $columns } 列、基準日 { $as_of }）
check-covered = すべての値がプロファイルの変換表にあります。
check-uncovered-intro = 次の値はプロファイルの変換表にありません。GoQ で新しいステータスや配送方法を作った場合は、プロファイルの変換表に追加してください。
check-uncovered-later = 次の値も変換表にありませんが、今は別のルールで除外・エラーになっている行にだけあります。
col-column = 列
col-value = 値
col-lookup = 変換表
col-effect = その行はどうなるか
col-seen = この受注データでは
effect-rejected = エラー（{ $rule }）
effect-fallback = 「{ $value }」として出力
effect-fallback-warn = 「{ $value }」として出力し、注意（{ $rule }）
where-to-add = 追加する場所: { $file } の [lookups.{ $lookup }]
where-to-add-builtin = 出荷時のプロファイル { $name } はコピーも直接の書き換えもせず、お店用の子プロファイルを作って、その [lookups.{ $lookup }] に追加してください: orderbridge init --base { $name } --sample <受注データ> --out mappings/<お店の名前>.toml（この値は下書きに変換表の案としてコメントで書かれます）。
outcome-written = 出力
outcome-excluded = 除外（{ $rule }）
outcome-rejected = エラー（{ $rule }）

## The page shown without the access token (rendered by the server)

unauthorized-title = このページを開けません
unauthorized-text = orderbridge serve を起動したときに表示されたアドレス（http://127.0.0.1:…/?token=… の形）を、そのままブラウザーで開いてください。orderbridge serve を起動し直した場合は、新しく表示されたアドレスを開いてください。
forbidden-host = このアドレスからは使えません。orderbridge serve が表示したアドレスを開いてください。
forbidden-origin = 別のサイトからの操作は受け付けません。
not-found = 見つかりません。

## 履歴（serve --ledger）

page-ledger-title = 送信履歴
page-ledger-new = 新しい受注 { $n }件
page-ledger-changed = アップロード済みの後に内容が変わった受注 { $n }件
page-ledger-unconfirmed = もう一度出力 { $n }件：アップロード済みと記録されていないファイルにも入っています（{ $files }）
page-ledger-confirm-button = アップロード済みにする
page-ledger-confirmed = アップロード済みにしました
page-ledger-confirm-failed = アップロード済みにできませんでした：{ $message }
page-ledger-lookup-title = 受注を調べる
page-ledger-lookup-label = 受注番号（先頭だけでも可）
page-ledger-lookup-button = 調べる
page-ledger-none-found = 受注番号が { $key } で始まる受注は送信履歴にありません。
page-ledger-col-key = 受注
page-ledger-col-run = 実行
page-ledger-col-outcome = 結果
page-ledger-col-confirmed = アップロード
page-ledger-col-values = 出力した値
page-ledger-confirmed-at = { $at } アップロード済み
page-ledger-not-confirmed = 未記録
page-ledger-none = 送信履歴を使わない設定（--no-ledger）で起動されています。
page-ledger-error = 送信履歴を使えませんでした。上のメッセージを見てください。
page-ledger-lookup-empty = 受注番号を入力してください。
page-ledger-stopped = 送信履歴の処理が途中で止まりました。もう一度やり直してください。
page-ledger-limit = 最初の { $n }件だけ表示しています。受注番号をもっと長く入力して絞り込んでください。

## いくつかのプロファイル、アップロードの確認（ショップの一日）

upload-no-profile = プロファイルが選ばれていません
upload-too-many-profiles = 一度に実行できるプロファイルは { $max }個までです
profile-several = Ctrl キー（Mac は ⌘ キー）を押しながらクリックすると、いくつも選べます。選んだプロファイルはすべて同じ受注データで一度に実行されます。
part-title = { $profile } の結果
page-pending-title = 前に出力したファイルはアップロードしましたか？
page-pending-intro = この実行の受注の一部は、アップロードしたかどうかがまだ記録されていない次のファイルにも入っています。答えると実行が続きます（まだ何も出力していません）。
page-pending-file = { $path }（{ $profile }、{ $at } に出力、この実行の受注 { $rows }件）
page-pending-uploaded = アップロードした
page-pending-not-uploaded = アップロードしていない
page-pending-uploaded-means = 「アップロードした」：これらの受注はアップロード済みとして、今回は出力しません。
page-pending-not-uploaded-means = 「アップロードしていない」：これらの受注をもう一度出力します。
page-pending-failed = 答えを送れませんでした：{ $message }
page-answer-bad = 答えは uploaded か not-uploaded のどちらかにしてください。
page-answer-not-asked = この実行は何も尋ねていません。
page-ledger-state-uploaded = { $at } アップロード済み
page-ledger-state-not-uploaded = { $at } 未アップロード
page-ledger-undo-button = 未アップロードに戻す
