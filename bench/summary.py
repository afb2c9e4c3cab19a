# Summarises `shuzhi dataset import --json` output for bench/run.sh.
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
v, q = r["version"], r["report"]
print(f"version {v['number']}: {v['rows']:,} rows, quality score {q['score']}, gate passed: {v['gatePassed']}")
print()
for p in q["problems"]:
    print(f"- `{p['code']}` {p.get('field') or ''}: {p['count']:,}")
