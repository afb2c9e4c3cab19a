# The row-API mix of bench/run.sh for bench/LoadClient: key lookup, range + sort, substring search, keyset walk.
import json, sys
code, keys_file = sys.argv[1], sys.argv[2]
keys = [k.strip() for k in open(keys_file, encoding="utf-8") if k.strip()][:1000]
rows = f"/api/v1/datasets/{code}/rows"
print(json.dumps({"kinds": [
  {"name": "key lookup", "urls": [f"{rows}?身份证号={{pick:{'|'.join(keys)}}}"]},
  {"name": "range + sort, page of 100", "urls": [f"{rows}?登记日期__gte=20{{int:10:24}}-0{{int:1:9}}-01&登记日期__lt=2025-01-01&sort=-登记日期&limit=100"]},
  {"name": "substring search, page of 20", "urls": [f"{rows}?q={{pick:科技|贵州磊|备注农业5|文化传媒|大数据股份|芳物流}}&limit=20"]},
  {"name": "walk 100 pages (keyset)", "walk": True, "pages": 100, "urls": [f"{rows}?sort=登记日期&limit=100&fields=身份证号,姓名,登记日期,注册资本"]},
]}, ensure_ascii=False))
