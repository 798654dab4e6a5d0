# Messages of the profile part (ja). Keys must match the other language.

## extends・[params]・run --set（issue #14 パートA）
profile-extends-not-found = extends = "{ $name }": { $error }
profile-extends-cycle = extends が循環しています: { $chain }
profile-extends-not-text = extends にはプロファイル名か .toml ファイルのパスを引用符で囲んで書いてください
profile-merge-remove-bool = remove には true か false を書いてください
profile-merge-anchor-text = { $key } には別の項目の名前を引用符で囲んで書いてください
profile-merge-needs-name = remove・before・after を書いた { $what } の項目には { $key } が必要です
profile-merge-ambiguous = 親プロファイルには { $what } の「{ $name }」が複数あるため、どれを置き換えるか決められません
profile-merge-remove-missing = 削除する { $what } の「{ $name }」が親プロファイルにありません
profile-merge-before-and-after = before と after はどちらか一方だけ書いてください
profile-merge-anchor-missing = 位置の基準にする { $what } の「{ $name }」がありません
profile-param-bad-type = パラメータ { $name }: type は { $types } のいずれかです
profile-param-default-type = パラメータ { $name }: default は { $type } 型の値にしてください
profile-param-set-unknown = --set { $name }: このプロファイルにパラメータ { $name } はありません{ $hint }（パラメータ: { $known }）
profile-param-set-type = --set { $name }={ $value }: { $name } には { $type } 型の値を指定してください
profile-param-unknown = [params] にパラメータ { $name } が宣言されていません{ $hint }
profile-skip-unknown = [[skip_tests]]: 「{ $name }」という名前のテストも、その規則を期待するテストもありません
profile-test-skipped = テスト { $name } ... スキップ: { $reason }
profile-tests-inherited = うち { $count }件のテストは { $parent } から引き継いだものです
profile-skip-name-or-rule = [[skip_tests]] には name（1つのテスト）か rule（その規則を期待するすべてのテスト）のどちらか一方を書いてください
profile-tests-own = うち { $count }件のテストはこのプロファイル自身のものです
profile-param-set-syntax = `{ $arg }`: 名前=値 の形で書いてください（例: window_days=7）
