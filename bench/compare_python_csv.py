"""The core of the goq-rakuten-legacy job as a shop would script it with Python's csv module:
store / cancelled / stale filters, status and carrier mapping, tracking clean-up, routing into
CP932 files. No check digits, no reject file, no duplicate detection: a lower bar than the engine.

usage: compare_python_csv.py INPUT OUT_DIR
"""
import csv
import datetime as dt
import os
import re
import sys

STATUS = {"新規受付": "新規受付", "新規": "新規受付", "発送前入金待ち": "発送前入金待ち", "入金待ち": "発送前入金待ち",
          "発送待ち": "発送待ち", "出荷待ち": "発送待ち", "出荷準備中": "発送待ち", "★ネコポス・クリックポスト": "発送待ち",
          "発送後入金待ち": "発送後入金待ち", "処理済": "処理済", "出荷済": "処理済", "出荷済み": "処理済", "発送済": "処理済",
          "発送済み": "処理済", "他社処理済み": "処理済", "保留": "保留"}
CANCELLED = {"キャンセル", "キャンセル確定", "キャンセル済", "キャンセル済み"}
STORES = {"楽天市場店": "rakuten", "楽天市場": "rakuten", "楽天2号店": "rakuten2"}
TYPES = {"通常購入": "tuuzyou", "通常": "tuuzyou", "定期購入": "tuuzyou", "頒布会": "tuuzyou", "": "tuuzyou",
         "オークション": "auction", "共同購入": "kyoudou"}
CARRIERS = [(re.compile(p), c) for p, c in [
    ("クロネコゆうパケット", "1030"), ("ヤマト|クロネコ|宅急便|ネコポス", "1001"), ("佐川|飛脚", "1002"), ("楽天倉庫", "1029"),
    ("日本郵便|郵便|ゆうパック|ゆうパケット|ゆうメール|クリックポスト|レターパック|スマートレター|書留", "1003"),
    ("セイノースーパーエクスプレス|西部運輸|西武運輸", "1005"), ("西濃", "1004"), ("福山", "1006"), ("名鉄NX", "1031"),
    ("名鉄", "1007"), ("トナミ", "1008"), ("第一貨物", "1009"), ("エコ配", "1016"), ("EMS|国際スピード郵便", "1017"),
    ("DHL", "1018"), ("FedEx|フェデックス", "1019"), ("UPS", "1020"), ("NXトランスポート|日本トラック", "1015"),
    ("日本通運|日通", "1021"), ("Rakuten EXPRESS|楽天エクスプレス", "1028")]]
DASHES = str.maketrans("", "", " -‐‒–—―−ーｰ－")
HEADER = ["受注番号", "受注ステータス", "配送日", "お荷物伝票番号", "レコードナンバー", "消費税再計算フラグ", "配送会社"]


def parse_date(s):
    s = s.strip().split(" ")[0]
    for f in ("%Y/%m/%d", "%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(s, f).date()
        except ValueError:
            pass
    return None


def main():
    src, out = sys.argv[1], sys.argv[2]
    as_of = dt.date(2024, 10, 18)
    cutoff = as_of - dt.timedelta(days=3)
    writers, files = {}, []
    with open(src, encoding="cp932", errors="replace", newline="") as f:
        r = csv.reader(f)
        h = {name: i for i, name in enumerate(next(r))}
        for row in r:
            if len(row) != len(h):
                continue
            store = row[h["販売店舗"]].strip()
            status = row[h["受注ステータス"]].strip()
            if store not in STORES or status in CANCELLED:
                continue
            upd = parse_date(row[h["最終更新日時"]])
            if upd is None or upd < cutoff or status not in STATUS:
                continue
            prefix = TYPES.get(row[h["注文種別"]].strip())
            if prefix is None:
                continue
            method = row[h["配送方法"]].strip()
            code = next((c for p, c in CARRIERS if p.search(method)), "1000") if method else ""
            ship = parse_date(row[h["出荷日"]])
            tracking = row[h["お荷物伝票番号"]].strip().lstrip("'").translate(DASHES).upper()
            key = (STORES[store], prefix)
            if key not in writers:
                os.makedirs(os.path.join(out, key[0]), exist_ok=True)
                fh = open(os.path.join(out, key[0], f"{prefix}_2024_10_18.csv"), "w", encoding="cp932",
                          errors="replace", newline="")
                files.append(fh)
                writers[key] = csv.writer(fh, lineterminator="\r\n")
                writers[key].writerow(HEADER)
            writers[key].writerow([row[h["受注番号"]].strip(), STATUS[status], ship.strftime("%Y%m%d") if ship else "",
                                   tracking, row[h["レコードナンバー"]].strip(), "0", code])
    for fh in files:
        fh.close()


if __name__ == "__main__":
    main()
