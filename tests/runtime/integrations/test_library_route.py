"""`expected=` of the library adapters: a mistake fails at installation, in one clear line."""

from __future__ import annotations

import pytest
from recover_runtime.integrations import gevent as recover_gevent
from recover_runtime.integrations._route import Route


def test_expected_types_accumulate_without_repeats() -> None:
    route = Route("library", (KeyError,))

    route.expect([LookupError, KeyError])
    route.expect(())

    assert route.expected == (KeyError, LookupError)


@pytest.mark.parametrize("wrong", [ValueError("an instance"), "ValueError", int])
def test_anything_but_an_exception_type_is_refused_at_install(wrong: object) -> None:
    with pytest.raises(TypeError, match="expected= takes exception types"):
        recover_gevent.install(expected=[wrong])  # type: ignore[list-item]
