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
ledger-summary-recorded = 送信履歴 { $path }：この実行を #{ $run } として記録しました
ledger-summary-dry-run = 送信履歴 { $path }：試し実行のため、参照しただけで記録していません
ledger-summary-new = 新しい受注 { $n }件
ledger-summary-changed = アップロード済みの後に内容が変わった受注 { $n }件（もう一度出力しました）
ledger-summary-resent = アップロード済みの受注をもう一度出力 { $n }件（--resend）
ledger-summary-unconfirmed = もう一度出力 { $n }件：次のファイルにも入っている受注ですが、そのファイルがアップロード済みと記録されていないため、今回も出力しました：
ledger-summary-unconfirmed-file = { $path }（{ $at } に出力）
ledger-summary-confirm-hint = アップロードが終わったら、次のコマンドで「アップロード済み」と記録してください：{ $command }

## ledger confirm / files / show
ledger-confirmed = { $file }：アップロード済みにしました（{ $rows }件。実行 #{ $run } で { $written } に { $path } として出力したファイル）
ledger-already-confirmed = { $file }：すでにアップロード済みです（{ $at } に記録。実行 #{ $run } で { $written } に { $path } として出力したファイル）
ledger-files-none = 履歴にアップロード用ファイルはまだありません。
ledger-col-run = 実行
ledger-col-written = 出力日時
ledger-col-profile = プロファイル
ledger-col-file = ファイル
ledger-col-rows = 件数
ledger-col-confirmed = アップロード
ledger-not-confirmed = 未記録
ledger-files-uploaded = 済み（{ $at }）
ledger-show-none = { $key } で始まる受注は履歴にありません。
ledger-show-written = 実行 #{ $run }（{ $at }）：{ $file } に出力 — { $confirmed }
ledger-show-excluded = 実行 #{ $run }（{ $at }）：除外（{ $rule }）
ledger-show-rejected = 実行 #{ $run }（{ $at }）：エラー（{ $rule }）
ledger-show-confirmed = { $at } にアップロード済み
ledger-show-unconfirmed = まだアップロード確認されていません
ledger-show-values = 出力した値：{ $values }
ledger-show-source = { $input } の { $line } 行目
ledger-show-limit = 最初の { $n }件だけ表示しています。もっと長いキーを指定してください。

ledger-none-given = 履歴ファイルが指定されておらず、既定の履歴ファイルを置くデータフォルダーもこのシステムにはありません：--ledger FILE を付けるか、ORDERBRIDGE_LEDGER を設定してください
ledger-summary-strict = 送信履歴 { $path }：--strict でアップロード用ファイルを出力しなかったため、参照しただけで記録していません

## ファイルのアップロード状況、追加型のアップロード（set_uploaded、set_not_uploaded、--previous）
ledger-file-id-unknown = { $path }：履歴にアップロード用ファイル #{ $id } はありません。何も変更していません。
run-pending-uploads = 何も出力していません。今回の受注のうち { $rows }件は、前に出力した { $profile } の次のファイルにも入っていますが、そのファイルをアップロードしたかどうかが記録されていません。このアップロードは送るたびに追加されるため（楽天ペイの発送登録など）、二重に送ると同じ発送が2件登録されてしまいます。
run-pending-file = { $path }（{ $at } に出力、今回の受注 { $rows }件）
run-pending-ways = それぞれのファイルについて、次のどちらかのコマンドで記録してから、もう一度実行してください：
run-pending-uploaded = アップロードした場合（これらの受注は今回は出力しません）：{ $command }
run-pending-not-uploaded = アップロードしていない場合（これらの受注を今回もう一度出力します）：{ $command }
run-pending-on-the-run = すべてのファイルが同じなら、実行するときに指定することもできます：--previous uploaded（アップロードした）／--previous not-uploaded（アップロードしていない）。それでも出力するときは --resend
ledger-previous-needs-ledger = --previous は履歴ファイルと一緒に使います（--no-ledger とは一緒に使えません）
ledger-summary-answered-uploaded = アップロードしたかどうかわからなかった以前のファイル { $n }件をアップロード済みにしました（--previous uploaded）：
ledger-summary-answered-not-uploaded = アップロードしたかどうかわからなかった以前のファイル { $n }件を未アップロードにしました（--previous not-uploaded）：
ledger-summary-answered-uploaded-dry-run = アップロードしたかどうかわからなかった以前のファイル { $n }件を、この試し実行ではアップロード済みとして扱いました（--previous uploaded。記録はしていません）：
ledger-summary-answered-not-uploaded-dry-run = アップロードしたかどうかわからなかった以前のファイル { $n }件を、この試し実行では未アップロードとして扱いました（--previous not-uploaded。記録はしていません）：
ledger-resend-needs-ledger = --resend は履歴ファイルと一緒に使います（--no-ledger とは一緒に使えません）

## ledger confirm / unsent：ファイルを探して印を付ける
ledger-file-not-found = { $file }：この場所に出力した記録がなく、ファイルも読めません（{ $detail }）。ファイル名を確かめてください。記録されているファイル：{ $list }。何も変更していません。
ledger-file-unknown = { $file }：送信履歴に記録されたアップロード用ファイルではありません（この場所に出力した記録も、同じ内容のファイルもありません）。エラー一覧などアップロード用でないファイルや、Excel で開いて保存し直したファイルではありませんか。記録されているファイル：{ $list }。何も変更していません。
ledger-last-none = { $path }：最後の実行ではアップロード用ファイルを出力していません。何も変更していません。
ledger-unsent = { $file }：未アップロードにしました。この { $rows }件は次の実行でもう一度出力します（実行 #{ $run } で { $written } に { $path } として出力したファイル）
ledger-unconfirmed = { $file }：アップロード済みの記録を取り消し、未アップロードにしました。この { $rows }件は次の実行でもう一度出力します（実行 #{ $run } で { $written } に { $path } として出力したファイル）
ledger-already-unsent = { $file }：すでに未アップロードです（{ $at } に記録。実行 #{ $run } で { $written } に { $path } として出力したファイル）
ledger-marked-unsent = 未アップロード（{ $at }）
ledger-session-stopped = { $path }：この実行のプロファイルの一つが履歴への記録中に止まりました。何も出力していません。
ledger-show-unsent = { $at } に未アップロードにしました
