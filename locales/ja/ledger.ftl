# Messages of the ledger part (ja). Keys must match the other language.

## エラー：このときファイルは何も出力・記録していません。
ledger-is-folder = { $path }：フォルダーです。送信履歴ファイルではありません。ファイルは何も出力・記録していません。
ledger-missing = { $path }：送信履歴ファイルはまだありません（これを使う最初の実行で作られます）。
ledger-cannot-read = { $path }：送信履歴ファイルを読めません（{ $detail }）。ファイルは何も出力・記録していません。
ledger-not-sqlite = { $path }：送信履歴ファイルではありません（SQLite データベースではありません。受注データなど別のファイルを指定していませんか）。ファイルはそのままです。何も出力・記録していません。
ledger-other-database = { $path }：SQLite データベースですが orderbridge の送信履歴ファイルではありません。ファイルはそのままです。何も出力・記録していません。
ledger-damaged = { $path }：送信履歴ファイルが壊れています（{ $detail }）。バックアップから戻してください。ファイルは何も出力・記録していません。
ledger-read-only = { $path }：送信履歴ファイルに書き込めません（{ $detail }）。ファイルは何も出力・記録していません。
ledger-read-only-older = { $path }：以前の orderbridge で作られた送信履歴ファイルです。読むには新しい形式への更新が必要ですが、ここでは書き込めません。書き込める場所で一度これを使って実行すると更新されます。ファイルは何も出力・記録していません。
ledger-cannot-open = { $path }：送信履歴ファイルを開けません（{ $detail }）。ファイルは何も出力・記録していません。
ledger-cannot-write = { $path }：送信履歴ファイルに書き込めません（{ $detail }）。ファイルは何も出力・記録していません。
ledger-busy = { $path }：別のプログラムがこの送信履歴ファイルを使っています（{ $seconds } 秒待ちました。データベースを開くツールか、古い orderbridge のようです）。それを閉じるか、終わってからもう一度実行してください。ファイルは何も出力・記録していません。
ledger-holder-stuck = { $path }：この送信履歴ファイルを使っている orderbridge の実行（プロセス { $pid }、開始 { $since }）が { $seconds } 秒のあいだ進んでいません。一時停止（Ctrl+Z）しているか、止まっているようです。その実行が終わるのを待つか、その画面で Ctrl+C を押して終了させてから、もう一度実行してください。ファイルは何も出力・記録していません。
ledger-waiting = { $path }：この送信履歴ファイルを使っている別の orderbridge の実行が終わるのを待っています（プロセス { $pid }、開始 { $since }、{ $seconds } 秒経過）…
ledger-newer = { $path }：新しい orderbridge で作られた送信履歴ファイルです（形式のバージョン { $version }。この orderbridge は { $supported } までしか読めません）。orderbridge を更新してください。ファイルは何も出力・記録していません。
ledger-commit-failed = { $path }：送信履歴ファイルに記録できませんでした（{ $detail }）。今回のファイルはすべて元に戻したので、何も出力していません。
ledger-no-key = プロファイル { $profile } は送信履歴と一緒には使えません（[ledger] key がありません）。--no-ledger を付けて実行するか、プロファイルの管理者に連絡してください。

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
ledger-files-none = 送信履歴に、アップロード用ファイルはまだありません。
ledger-col-run = 実行
ledger-col-written = 出力日時
ledger-col-profile = プロファイル
ledger-col-file = ファイル
ledger-col-rows = 件数
ledger-col-confirmed = アップロード
ledger-not-confirmed = 未記録
ledger-files-uploaded = 済み（{ $at }）
ledger-show-none = 受注番号が { $key } で始まる受注は送信履歴にありません。
ledger-show-written = 実行 #{ $run }（{ $at }）：{ $file } に出力 — { $confirmed }
ledger-show-excluded = 実行 #{ $run }（{ $at }）：除外（{ $rule }）
ledger-show-rejected = 実行 #{ $run }（{ $at }）：エラー（{ $rule }）
ledger-show-confirmed = { $at } にアップロード済みと記録
ledger-show-unconfirmed = アップロードしたかどうか未記録
ledger-show-values = 出力した値：{ $values }
ledger-show-source = { $input } の { $line } 行目
ledger-show-limit = 最初の { $n }件だけ表示しています。受注番号をもっと長く入力して絞り込んでください。

ledger-none-given = 送信履歴ファイルが指定されておらず、既定の送信履歴を置く場所もこのシステムにはありません：--ledger で送信履歴ファイルを指定するか、環境変数 ORDERBRIDGE_LEDGER を設定してください
ledger-summary-strict = 送信履歴 { $path }：--strict でアップロード用ファイルを出力しなかったため、参照しただけで記録していません

## ファイルのアップロード状況、追加型のアップロード（set_uploaded、set_not_uploaded、--previous）
ledger-file-id-unknown = { $path }：送信履歴にアップロード用ファイル #{ $id } はありません。何も変更していません。
run-pending-uploads = 何も出力していません。今回の受注のうち { $rows }件は、前に出力した { $profile } の次のファイルにも入っていますが、そのファイルをアップロードしたかどうかが記録されていません。このアップロードは送るたびに追加されるため（楽天ペイの発送登録など）、二重に送ると同じ発送が2件登録されてしまいます。
run-pending-file = { $path }（{ $at } に出力、今回の受注 { $rows }件）
run-pending-ways = それぞれのファイルについて、次のどちらかのコマンドで記録してから、もう一度実行してください：
run-pending-uploaded = アップロードした場合（これらの受注は今回は出力しません）：{ $command }
run-pending-not-uploaded = アップロードしていない場合（これらの受注を今回もう一度出力します）：{ $command }
run-pending-on-the-run = すべてのファイルが同じなら、実行するときに指定することもできます：--previous uploaded（アップロードした）／--previous not-uploaded（アップロードしていない）。それでも出力するときは --resend
ledger-previous-needs-ledger = --previous は送信履歴ファイルと一緒に使います（--no-ledger とは一緒に使えません）
ledger-summary-answered-uploaded = アップロードしたかどうか未記録だった前回までのファイル { $n }件をアップロード済みにしました（--previous uploaded）：
ledger-summary-answered-not-uploaded = アップロードしたかどうか未記録だった前回までのファイル { $n }件を未アップロードにしました（--previous not-uploaded）：
ledger-summary-answered-uploaded-dry-run = アップロードしたかどうか未記録だった前回までのファイル { $n }件を、この試し実行ではアップロード済みとして扱いました（--previous uploaded。記録はしていません）：
ledger-summary-answered-not-uploaded-dry-run = アップロードしたかどうか未記録だった前回までのファイル { $n }件を、この試し実行では未アップロードとして扱いました（--previous not-uploaded。記録はしていません）：
ledger-resend-needs-ledger = --resend は送信履歴ファイルと一緒に使います（--no-ledger とは一緒に使えません）

## ledger confirm / unsent：ファイルを探して印を付ける
ledger-file-not-found = { $file }：この場所に出力した記録がなく、ファイルも読めません（{ $detail }）。ファイル名を確かめてください。記録されているファイル：{ $list }。何も変更していません。
ledger-file-unknown = { $file }：送信履歴に記録されたアップロード用ファイルではありません（この場所に出力した記録も、同じ内容のファイルもありません）。エラー一覧などアップロード用でないファイルや、Excel で開いて保存し直したファイルではありませんか。記録されているファイル：{ $list }。何も変更していません。
ledger-last-none = { $path }：最後の実行ではアップロード用ファイルを出力していません。何も変更していません。
ledger-unsent = { $file }：未アップロードにしました。この { $rows }件は次の実行でもう一度出力します（実行 #{ $run } で { $written } に { $path } として出力したファイル）
ledger-unconfirmed = { $file }：アップロード済みの記録を取り消し、未アップロードにしました。この { $rows }件は次の実行でもう一度出力します（実行 #{ $run } で { $written } に { $path } として出力したファイル）
ledger-already-unsent = { $file }：すでに未アップロードです（{ $at } に記録。実行 #{ $run } で { $written } に { $path } として出力したファイル）
ledger-marked-unsent = 未アップロード（{ $at }）
ledger-session-stopped = { $path }：この実行のプロファイルの一つが送信履歴への記録中に止まりました。何も出力していません。
ledger-show-unsent = { $at } に未アップロードと記録
