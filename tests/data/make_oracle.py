"""Compute pabutools' winners on the shared pabulib files once (slow: minutes).

Run: .venv/bin/python tests/data/make_oracle.py  -> tests/data/pabulib_oracle.json
The files are from pabulib (Stolicki, Szufa and Talmon, "Pabulib: A
Participatory Budgeting Library", arXiv:2012.06539), read from ../shared/pabulib.
pabutools is set up with our satisfaction and tie-break (see
tests/consult/budgeting/pabutools_oracle.py); ballots are our parse of the file.
"""

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from consult.budgeting.pabulib import parse  # noqa: E402
from tests.consult.budgeting.pabutools_oracle import pb_greedy, pb_mes  # noqa: E402

SHARED = ROOT.parent / "shared" / "pabulib"
OUT = Path(__file__).with_name("pabulib_oracle.json")


def main() -> None:
    oracle = {
        "source": "pabulib.org files; Stolicki, Szufa and Talmon, 'Pabulib: A "
        "Participatory Budgeting Library', arXiv:2012.06539",
        "computed_with": "pabutools 1.2.3, Cost_Sat (approval) or points x cost, "
        "tie-break: more supporters, cheaper, lower id (natural order)",
        "files": {},
    }
    for path in sorted(SHARED.glob("*.pb")):
        election = parse(path.read_text(encoding="utf-8"))
        entry = {}
        for rule, run in (
            ("greedy", lambda e: pb_greedy(e)),
            ("mes-plain", lambda e: pb_mes(e, False)),
            ("mes", lambda e: pb_mes(e, True)),
        ):
            start = time.perf_counter()
            entry[rule] = run(election)
            entry[f"{rule}_seconds"] = round(time.perf_counter() - start, 2)
            print(path.name, rule, entry[f"{rule}_seconds"], flush=True)
        oracle["files"][path.name] = entry
        OUT.write_text(json.dumps(oracle, indent=1) + "\n")


if __name__ == "__main__":
    main()
