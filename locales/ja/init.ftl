# Messages of the init part (ja): `orderbridge init` and the draft profile it writes. Keys must match the other language.
# Words (one per thing): 受注データ（受注管理システムから出力したファイル）, 受注／受注番号, 出力（する）,
# アップロード用ファイル, エラー／エラー一覧, 除外, 要確認（警告のある行）, 注意（注意書きの行）,
# 送信履歴／送信履歴ファイル, アップロード済み／未アップロード／未記録, 変換表, ルール, 基準日,
# 試し実行, 組み込み, 保管フォルダー, バージョン; フォルダー・パラメーター・ブラウザー; Ctrl+C;
# counts as 1,234件 (no space); names and values for staff in 「…」; --help in です・ます.

## The draft's comments
init-title = orderbridge init が受注データ { $sample } から作った、{ $base } を元にするプロファイルの下書きです。
init-review = # で始まる行はまだ決まっていないところです。確かめて、決めたところだけ # を外してください。
init-check = 確かめ方: orderbridge validate-profile <このファイル> --sample { $sample } で、まだ決まっていない値が表示されます。
init-description = { $name } のプロファイル（{ $base } を元に orderbridge init で作成）
init-update-title = orderbridge init --update で受注データ { $sample } から追加（# を外すかどうか決めてください）
init-update-nothing = { $path } に加えることはありません。サンプルの列と値は、すべてこのプロファイルに書かれています。
init-updated = { $path } の末尾に、新しい列と値をコメントとして追加しました。
init-section-headers = 列名
init-headers-as-is = サンプルの列名は、元のプロファイルのままですべて読めます。
init-match = 列 { $column } { $header } ≈ { $field }（{ $how }）
init-how-field-name = フィールド名と同じ、確実
init-how-normalised = 全角・半角や見えない文字をそろえると同じ、確実
init-how-known = プロファイル { $profile } が同じフィールドに使う列名、おそらく — 確かめてください
init-how-edit-1 = 1文字違い、おそらく — 確かめてください
init-how-edit-n = { $n }文字違い、自信なし — 確かめてください
init-how-content = 列の中身から: サンプルの値 { $rows }件中 { $fits }件が{ $why }。{ $sure }
init-why-rules = 、違う値なら { $rules } になるところを問題なく通ります
init-why-lookups = が、{ $lookups } にある値です
init-why-shape = 、プロファイルのチェックが使う形（パターン）に合います
init-content-likely = おそらく — 確かめてください
init-content-mostly = 合わない値もあります。自信なし — 確かめてください
init-content-also = ほかの列 { $columns } も当てはまります。自信なし — どの列か確かめてください
init-unmatched = どのフィールドにも当てはまらない列（このプロファイルでは使いません）:
init-column = 列 { $column }: { $header }
init-missing-required = 必須のフィールド { $field } の列が見つかりません（受け付ける列名: { $headers }）。サンプルでの列名を headers に足してください。
init-missing-optional = フィールド { $field } の列がありません。すべての受注で既定値 { $default } を使います。
init-rows = サンプルの受注 { $rows }件を、{ $as_of } の日付で調べました。
init-section-lookups = 変換表
init-not-run = サンプルを読めなかったため、変換表の値は調べていません: { $error }
init-all-covered = 決める値はありません。サンプルの値はすべて変換表にあるか、先に別のルールで決まった行にだけあります。
init-earlier = 次の値も変換表にありませんが、先に別のルールで決まった行（ほかの店舗の注文、キャンセルなど）にだけあるため、変換表に加える必要はありません:
init-earlier-value = 変換表 { $lookup }: { $value }（{ $now }）
init-lookup = 変換表 { $lookup }（列 { $column }）: どの項目にも当てはまらない値。件数の多い順です。to を決めてください。
init-lookup-outputs = 元のプロファイルで使われている to の値: { $values }
init-value = { $count }件（今は: { $now }）
init-now-written = 出力
init-now-excluded = { $rule } で除外
init-now-rejected = { $rule } でエラー

## The command line
init-refuse-overwrite = { $path } はすでにあります。上書きするには --force を付けてください。
init-stdin-sample = --sample に -（標準入力）は使えません。受注データのファイルを指定してください。
init-summary = 下書き: 列名の対応 { $aliases }件、決まっていない値 { $undecided }件、使われない列 { $unmatched }件。
init-wrote = { $path } に下書きを出力しました。
init-shop-comment = 毎朝の作業：このフォルダーで `orderbridge run 受注データ` と入力すると、これらのプロファイルをまとめて実行します。
    コマンドで指定したものは、このファイルより優先します。場所はこのファイルのあるフォルダーから見たものです。
init-shop-wrote = ショップファイル { $path } を作りました。これからは、そのフォルダーで `orderbridge run 受注データ` と入力すると、{ $profiles } をまとめて実行します
