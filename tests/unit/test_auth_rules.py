"""Pure account rules: where a sign-in may lead."""

import pytest

from compliance.auth.rules import is_safe_next, sign_in_backoff


@pytest.mark.parametrize("target", [
    "/overview", "/requests/3f2b?tab=history", "/subjects#top", "/a//b",
])
def test_paths_on_this_site_are_safe(target):
    assert is_safe_next(target)


@pytest.mark.parametrize("target", [
    "", "overview", "//evil.example", "/\t/evil.example", "/\n/evil.example", "\\\\evil.example",
    "/\\evil.example", "https://evil.example", "http:/evil.example", "javascript:alert(1)",
    "/ /evil.example", "/\x7f/evil.example", " /overview",
])
def test_anything_that_can_leave_the_site_is_refused(target):
    assert not is_safe_next(target)


@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (3, 0), (4, 2), (5, 4), (6, 8), (10, 128), (12, 512), (13, 900), (500, 900),
])
def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_the_cap(failures, seconds):
    assert sign_in_backoff(failures, free=3, base_seconds=2, max_seconds=900) == seconds
