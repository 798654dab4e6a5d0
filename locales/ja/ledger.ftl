# Messages of the ledger part (ja). Keys must match the other language.

## エラー：このとき何も出力していません。
ledger-is-folder = { $path }：フォルダーです。履歴ファイルではありません。何も出力していません。
ledger-missing = { $path }：履歴ファイルはまだありません（これを使う最初の実行で作られます）。
ledger-cannot-read = { $path }：履歴ファイルを読めません（{ $detail }）。何も出力していません。
ledger-not-sqlite = { $path }：履歴ファイルではありません（SQLite データベースではありません。受注データなど別のファイルを指定していませんか）。ファイルはそのままです。何も出力していません。
ledger-other-database = { $path }：SQLite データベースですが orderbridge の履歴ファイルではありません。ファイルはそのままです。何も出力していません。
ledger-damaged = { $path }：履歴ファイルが壊れています（{ $detail }）。バックアップから戻してください。何も出力していません。
ledger-read-only = { $path }：履歴ファイルに書き込めません（{ $detail }）。何も出力していません。
ledger-read-only-older = { $path }：以前の orderbridge で作られた履歴ファイルです。読むには新しい形式への更新が必要ですが、ここでは書き込めません。書き込める場所で一度これを使って実行すると更新されます。何も出力していません。
ledger-cannot-open = { $path }：履歴ファイルを開けません（{ $detail }）。何も出力していません。
ledger-cannot-write = { $path }：履歴ファイルに書き込めません（{ $detail }）。何も出力していません。
ledger-busy = { $path }：別のプログラムがこの履歴ファイルを使っています（{ $seconds } 秒待ちました）。データベースを開くツールか、これより古い orderbridge です。それを閉じるか、終わってからもう一度実行してください。何も出力していません。
ledger-holder-stuck = { $path }：この履歴ファイルを使っている orderbridge の実行（プロセス { $pid }、開始 { $since }）が { $seconds } 秒のあいだ進んでいません。一時停止（Ctrl-Z）しているか、止まっているようです。それを終わらせるか終了させてから、もう一度実行してください。何も出力していません。
ledger-waiting = { $path }：この履歴ファイルを使っている別の orderbridge の実行が終わるのを待っています（プロセス { $pid }、開始 { $since }、{ $seconds } 秒経過）…
ledger-newer = { $path }：新しい orderbridge で作られた履歴ファイルです（版 { $version }、このプログラムは { $supported } まで）。orderbridge を更新してください。何も出力していません。
ledger-commit-failed = { $path }：履歴ファイルに記録できませんでした（{ $detail }）。今回のファイルはすべて元に戻したので、何も出力していません。
ledger-no-key = プロファイル { $profile } には [ledger] key がないため、履歴ファイルと一緒には使えません。

## 実行結果のまとめ
ledger-summary-recorded = 履歴     { $path }：実行 #{ $run } を記録しました
ledger-summary-dry-run = 履歴     { $path }：参照のみ、記録していません（試し実行）
ledger-summary-new = 新しい受注 { $n }件
ledger-summary-changed = アップロード確認済みの後に変わった受注 { $n }件（もう一度出力）
ledger-summary-resent = 送信済みをもう一度出力 { $n }件（--resend）
ledger-summary-unconfirmed = もう一度出力 { $n }件：まだアップロード確認されていないファイルにだけある受注です：
ledger-summary-unconfirmed-file = { $path }（{ $at } 出力）
ledger-summary-confirm-hint = アップロードしたら、次のコマンドで確認済みにしてください：{ $command }

## ledger confirm / files / show
ledger-confirmed = { $file }：アップロード確認済みにしました（{ $rows }件、実行 #{ $run }、{ $written } に { $path } として出力）
ledger-already-confirmed = { $file }：すでに確認済みです（{ $at }、実行 #{ $run }、{ $written } に { $path } として出力）
ledger-files-none = 履歴にアップロード用ファイルはまだありません。
ledger-col-run = 実行
ledger-col-written = 出力日時
ledger-col-profile = プロファイル
ledger-col-file = ファイル
ledger-col-rows = 件数
ledger-col-confirmed = 確認
ledger-not-confirmed = 未確認
ledger-show-none = { $key } で始まる受注は履歴にありません。
ledger-show-written = 実行 #{ $run }（{ $at }）：{ $file } に出力 — { $confirmed }
ledger-show-excluded = 実行 #{ $run }（{ $at }）：除外（{ $rule }）
ledger-show-rejected = 実行 #{ $run }（{ $at }）：エラー（{ $rule }）
ledger-show-confirmed = { $at } にアップロード確認済み
ledger-show-unconfirmed = まだアップロード確認されていません
ledger-show-values = 出力した値：{ $values }
ledger-show-source = { $input } の { $line } 行目
ledger-show-limit = 最初の { $n }件だけ表示しています。もっと長いキーを指定してください。

ledger-none-given = 履歴ファイルが指定されておらず、既定の履歴ファイルを置くデータフォルダーもこのシステムにはありません：--ledger FILE を付けるか、ORDERBRIDGE_LEDGER を設定してください
ledger-summary-strict = 履歴     { $path }：参照しました。--strict のためアップロード用ファイルを出力しなかったので、記録していません

## ファイルのアップロード状況、追加型のアップロード（set_uploaded、set_not_uploaded、--previous）
ledger-file-id-unknown = { $path }：履歴にアップロード用ファイル #{ $id } はありません。何も変更していません。
run-pending-uploads = 何も出力していません。今回の { $rows }件が、アップロードしたかどうかまだわからない以前の { $profile } のファイルに入っています。このアップロードは追加型のため、もう一度送るとそれぞれがもう1件追加されます。
run-pending-file = { $path }（{ $at } 出力、今回の受注 { $rows }件）
run-pending-ways = これらのファイルがどうなったかを記録してから、もう一度実行してください：
run-pending-uploaded = アップロードした（これらの受注は送信済みになります）：{ $command }
run-pending-not-uploaded = アップロードしていない（これらの受注をもう一度出力します）：{ $command }
run-pending-on-the-run = または、すべてのファイルに同じ答えを実行のときに指定できます：--previous uploaded（アップロードした）、--previous not-uploaded（アップロードしていない）。--resend を付けるとそれでも出力します
ledger-previous-needs-ledger = --previous は履歴ファイルと一緒に使います（--no-ledger とは一緒に使えません）
ledger-summary-answered-uploaded = アップロードしたかどうかわからなかった以前のファイル { $n }件をアップロード済みにしました（--previous uploaded）：
ledger-summary-answered-not-uploaded = アップロードしたかどうかわからなかった以前のファイル { $n }件を未アップロードにしました（--previous not-uploaded）：
ledger-summary-answered-uploaded-dry-run = アップロードしたかどうかわからなかった以前のファイル { $n }件を、この試し実行ではアップロード済みとして扱いました（--previous uploaded。記録はしていません）：
ledger-summary-answered-not-uploaded-dry-run = アップロードしたかどうかわからなかった以前のファイル { $n }件を、この試し実行では未アップロードとして扱いました（--previous not-uploaded。記録はしていません）：
ledger-resend-needs-ledger = --resend は履歴ファイルと一緒に使います（--no-ledger とは一緒に使えません）

## ledger confirm / unsent：ファイルを探して印を付ける
ledger-file-not-found = { $file }：このパスに出力したアップロード用ファイルはなく、このファイルも読めません（{ $detail }）。記録されたファイルの一覧：{ $list }。何も変更していません。
ledger-file-unknown = { $file }：この履歴ファイルに記録されたアップロード用ファイルではありません（このパスに出力したファイルも、同じ内容のファイルもありません）。記録されたファイルの一覧：{ $list }。何も変更していません。
ledger-last-none = { $path }：最後の実行はアップロード用ファイルを出力していません。何も変更していません。
ledger-unsent = { $file }：未アップロードにしました。この { $rows }件は未送信として扱い、次の実行でもう一度出力します（実行 #{ $run }、{ $written } に { $path } として出力）
ledger-unconfirmed = { $file }：確認済みを取り消し、未アップロードにしました。この { $rows }件は未送信として扱い、次の実行でもう一度出力します（実行 #{ $run }、{ $written } に { $path } として出力）
ledger-already-unsent = { $file }：すでに未アップロードにしてあります（{ $at }、実行 #{ $run }、{ $written } に { $path } として出力）
ledger-marked-unsent = 未アップロード（{ $at }）
ledger-session-stopped = { $path }：この実行のプロファイルの一つが履歴への記録中に止まりました。何も出力していません。
ledger-show-unsent = { $at } に未アップロードにしました
