"""How many worker processes a run starts: one per `MIN_BYTES_PER_WORKER` of source to
analyse, at most `--jobs`, and none for a small project (a pool there costs more than it
saves; the threshold is measured by benchmarks/bench_jobs.py)."""

from __future__ import annotations

from pathlib import Path

from lint_recover.project.engine import MIN_BYTES_PER_WORKER, pool_size


def sources(root: Path, count: int, total: int) -> list[str]:
    paths = []
    for number in range(count):
        path = root / f"m{number}.py"
        path.write_bytes(b"#" * (total // count))
        paths.append(str(path))
    return paths


def test_the_pool_follows_the_bytes_not_the_files(tmp_path: Path) -> None:
    (tmp_path / "small").mkdir()
    many_small = sources(tmp_path / "small", 200, MIN_BYTES_PER_WORKER)
    assert pool_size(8, many_small) < 2  # 200 files, one worker's worth: stays in-process
    (tmp_path / "big").mkdir()
    few_large = sources(tmp_path / "big", 4, 3 * MIN_BYTES_PER_WORKER)
    assert pool_size(8, few_large) == 3
    assert pool_size(2, few_large) == 2
    assert pool_size(1, few_large) == 0
    assert pool_size(8, [*few_large, str(tmp_path / "gone.py")]) == 3  # reported elsewhere
