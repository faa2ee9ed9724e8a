"""Run every benchmark module in this folder and write its results as JSON."""

import importlib
import json
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def main(names: list[str]) -> None:
    RESULTS.mkdir(exist_ok=True)
    modules = names or sorted(p.stem for p in HERE.glob("bench_*.py"))
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        results = module.run()
        results["_meta"] = {
            "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "machine": platform.machine(),
        }
        path = RESULTS / f"{name.removeprefix('bench_')}.json"
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(results, indent=2, ensure_ascii=False))
        print(f"-> {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
