"""Times on the pages read in the controller's zone, with UTC kept for the hover."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from compliance.web.formatting import local_time

TALLINN = ZoneInfo("Europe/Tallinn")


@pytest.mark.parametrize(("instant", "shown", "utc"), [
    (datetime(2026, 11, 29, 14, 20, tzinfo=UTC), "29 Nov 2026 16:20 EET", "29 Nov 2026 14:20 UTC"),
    (datetime(2026, 7, 1, 21, 30, tzinfo=UTC), "02 Jul 2026 00:30 EEST", "01 Jul 2026 21:30 UTC"),
    (datetime(2026, 7, 1, 21, 30), "02 Jul 2026 00:30 EEST", "01 Jul 2026 21:30 UTC"),  # naive = UTC
])
def test_a_time_is_shown_in_the_controllers_zone_with_utc_for_the_hover(instant, shown, utc):
    text, hover, iso = local_time(instant, TALLINN)
    assert (text, hover) == (shown, utc)
    assert datetime.fromisoformat(iso) == instant.replace(tzinfo=UTC)
