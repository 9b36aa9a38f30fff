"""SARIF for GitHub code scanning: a fingerprint per result that no other result shares (code
scanning merges results that share one into a single alert) and that unrelated edits leave
alone, and each rule's `helpUri` pointing at its section of `docs/rules.md`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lint_recover.outputs.docs import RULES_PAGE_URL
from tests.cli.helpers import sarif_validator, write
from tests.support.process import REPO, lint_recover

# Seven results in one file with the same code and target: the case.
SEVEN_LAMBDAS = "import threading\n\n\ndef start(work):\n" + "".join(
    f"    threading.Thread(target=lambda: work({n})).start()\n" for n in range(6)
)
SEVEN_LAMBDAS += "    threading.Thread(target=lambda: work(0)).start()\n"  # a repeated line
CONFIG = '[tool.lint-recover]\nunresolved = "report"\n'


def sarif(project: Path) -> dict[str, Any]:
    result = lint_recover("check", "--no-cache", "--format", "sarif", cwd=project)
    assert result.returncode == 1, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    sarif_validator().validate(document)
    return document


def fingerprints(document: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"]["lintRecover/v2"] for r in document["runs"][0]["results"]]


def test_results_with_the_same_file_code_and_target_get_distinct_fingerprints(
    tmp_path: Path,
) -> None:
    write(tmp_path, {"pyproject.toml": CONFIG, "jobs.py": SEVEN_LAMBDAS})
    found = fingerprints(sarif(tmp_path))
    assert len(found) == 7
    assert len(set(found)) == 7


def test_fingerprints_survive_unrelated_edits_and_follow_the_line(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": CONFIG, "jobs.py": SEVEN_LAMBDAS})
    before = fingerprints(sarif(tmp_path))

    # Lines inserted above, the function moved into a class (re-indented), code around edited.
    moved = '"""Jobs."""\n\nimport os\n\nimport threading\n\n\nclass Jobs:\n    @staticmethod\n'
    moved += "    def start(work):\n        os.getpid()\n"
    moved += "".join("    " + line + "\n" for line in SEVEN_LAMBDAS.splitlines()[4:])
    (tmp_path / "jobs.py").write_text(moved)
    assert fingerprints(sarif(tmp_path)) == before

    # The finding's own line changed: that result is another one (a new alert), not the rest.
    (tmp_path / "jobs.py").write_text(moved.replace("work(3)", "work(33)"))
    after = fingerprints(sarif(tmp_path))
    assert [a == b for a, b in zip(before, after, strict=True)].count(False) == 1


def test_every_rule_points_at_its_section_of_the_rules_page(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": CONFIG, "jobs.py": SEVEN_LAMBDAS})
    rules = sarif(tmp_path)["runs"][0]["tool"]["driver"]["rules"]
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r"\]\(#([a-z0-9-]+)\)", page))
    for rule in rules:
        page_url, _, anchor = rule["helpUri"].partition("#")
        assert page_url == RULES_PAGE_URL
        assert anchor in anchors and anchor.startswith(rule["id"].lower()), rule["helpUri"]


def test_a_run_served_from_the_cache_describes_the_rules_as_well(tmp_path: Path) -> None:
    """A warm run loads no rule family (every finding comes from the cache): the rules'
    descriptions must not depend on a check having run in the process."""
    write(tmp_path, {"pyproject.toml": CONFIG, "jobs.py": SEVEN_LAMBDAS})
    lint_recover("check", cwd=tmp_path)  # fills the cache
    warm = lint_recover("check", "--format", "sarif", "--statistics", cwd=tmp_path)
    assert json.loads(warm.stdout)["runs"][0]["tool"]["driver"]["rules"][1]["name"] == (
        "thread-target-not-recovered"
    )
    assert all(
        "helpUri" in rule for rule in json.loads(warm.stdout)["runs"][0]["tool"]["driver"]["rules"]
    )
    assert warm.stderr.startswith("7     RCV101 the target of a thread")
