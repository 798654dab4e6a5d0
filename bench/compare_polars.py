"""The core of the goq-rakuten-legacy job in polars (pip install polars), for comparison:
the same filters and mappings as compare_python_csv.py, vectorised.

usage: compare_polars.py INPUT OUT_DIR
"""
import os
import sys

import polars as pl

from compare_python_csv import CANCELLED, CARRIERS, HEADER, STATUS, STORES, TYPES


def main():
    src, out = sys.argv[1], sys.argv[2]
    df = pl.read_csv(src, encoding="cp932", infer_schema_length=0, truncate_ragged_lines=True)
    df = df.with_columns([pl.col(c).str.strip_chars() for c in df.columns])
    upd = pl.coalesce([pl.col("最終更新日時").str.slice(0, 10).str.to_date(f, strict=False)
                       for f in ("%Y/%m/%d", "%Y-%m-%d")])
    df = df.filter(pl.col("販売店舗").is_in(list(STORES)) & ~pl.col("受注ステータス").is_in(list(CANCELLED))
                   & (upd >= pl.date(2024, 10, 15)) & pl.col("受注ステータス").is_in(list(STATUS))
                   & pl.col("注文種別").fill_null("").is_in(list(TYPES)))
    code = pl.lit("1000")
    for pattern, c in reversed(CARRIERS):
        code = pl.when(pl.col("配送方法").str.contains(pattern.pattern)).then(pl.lit(c)).otherwise(code)
    code = pl.when(pl.col("配送方法").fill_null("") == "").then(pl.lit("")).otherwise(code)
    ship = pl.coalesce([pl.col("出荷日").str.slice(0, 10).str.to_date(f, strict=False) for f in ("%Y/%m/%d", "%Y-%m-%d", "%Y%m%d")])
    res = df.select([
        pl.col("受注番号"), pl.col("受注ステータス").replace_strict(STATUS).alias("受注ステータス"),
        ship.dt.strftime("%Y%m%d").fill_null("").alias("配送日"),
        pl.col("お荷物伝票番号").fill_null("").str.replace_all(r"[ \-‐‒–—―−ーｰ－']", "").str.to_uppercase().alias("お荷物伝票番号"),
        pl.col("レコードナンバー").fill_null(""), pl.lit("0").alias("消費税再計算フラグ"), code.alias("配送会社"),
        pl.col("販売店舗").replace_strict(STORES).alias("_store"), pl.col("注文種別").fill_null("").replace_strict(TYPES).alias("_type"),
    ])
    for (store, prefix), part in res.group_by(["_store", "_type"]):
        os.makedirs(os.path.join(out, store), exist_ok=True)
        text = part.select(HEADER).write_csv(line_terminator="\r\n")
        with open(os.path.join(out, store, f"{prefix}_2024_10_18.csv"), "wb") as fh:
            fh.write(text.encode("cp932", errors="replace"))


if __name__ == "__main__":
    main()
