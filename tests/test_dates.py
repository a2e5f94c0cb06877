"""One date module: every date a user or a file gives is read, and refused, the same way."""

import datetime as dt

import pytest

from eventwire import dates


@pytest.mark.parametrize("value", ["2025-12-01", "2024-02-29"])
def test_day_accepts(value):
    assert dates.day(value) == dt.date.fromisoformat(value)


@pytest.mark.parametrize("value", ["2025-12-1", "2025-13-01", "2023-02-29", "yesterday", "2025-12-01T10:00", "",
                                   "20251201", "2025-W48-1"])
def test_day_refuses_with_one_wording(value):
    with pytest.raises(ValueError, match=r"^since: invalid date .* \(expected YYYY-MM-DD\)$"):
        dates.day(value, "since")


@pytest.mark.parametrize("value", ["2025-12-01", "2025-03-14 20:30:26Z", "2025-03-14T20:30"])
def test_published_accepts_a_day_with_a_time(value):
    assert dates.published(value) == value


@pytest.mark.parametrize("value", ["01/12/2025", "2025-02-30", 2025, "2025-03-14 soon"])
def test_published_refuses(value):
    with pytest.raises(ValueError, match=r"invalid date .* \(expected YYYY-MM-DD\)"):
        dates.published(value)


def test_loose_and_compact_days():
    assert dates.first_day("2025") == dt.date(2025, 1, 1)
    assert dates.first_day("2025-13") is None
    assert dates.compact_day("991231") == dt.date(1999, 12, 31)
    with pytest.raises(ValueError, match=r"invalid date '2024-01-05' \(expected YYYYMMDD\)"):
        dates.compact_day("2024-01-05", two_digit_years=False)
