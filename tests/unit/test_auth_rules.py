"""Pure account rules: where a sign-in may lead."""

import pytest

from compliance.auth.rules import is_safe_next


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
