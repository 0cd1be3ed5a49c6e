"""The interval (dot-and-whisker) chart and the axis ranges it needs, which need not start at 0."""

from __future__ import annotations

import math

import pytest

from palermo.graphics.charts import (
    MARGIN_LEFT,
    Interval,
    decimals,
    interval_chart,
    nice_range,
    nice_ticks,
)


def test_nice_range_covers_the_values_on_a_round_step_without_starting_at_zero() -> None:
    # span 12,389 in about 7 steps: 1,770 rounds up to 2,000
    ticks = nice_range(2744, 15133, 7)
    assert ticks == [2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000]
    assert nice_range(15133, 2744, 7) == ticks  # either order


def test_nice_range_of_small_steps_has_no_float_dust_and_says_its_decimals() -> None:
    ticks = nice_range(0.23, 0.71, 5)  # step 0.1
    assert ticks == [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    assert decimals(ticks) == 1
    assert decimals(nice_range(0, 40)) == 0
    assert decimals([5.0]) == 0


def test_nice_range_of_a_single_value_surrounds_it() -> None:
    ticks = nice_range(300, 300)
    assert ticks[0] < 300 < ticks[-1]
    zero = nice_range(0, 0)
    assert zero[0] < 0 < zero[-1]


def test_nice_ticks_still_start_at_zero() -> None:
    assert nice_ticks(1_500_000) == [0, 500_000, 1_000_000, 1_500_000]
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(7) == nice_range(0, 7)


ROWS = [
    Interval("stepwise p=0.001", 13_100.8, 11_527.9, 14_955.5),
    Interval("stepwise p=0.02", 11_313.0, 9_884.4, 13_027.4, highlight=True),
    Interval("AIC", 12_000.0),  # no interval
    Interval("BIC", 10_500.0, 9_000.0, None),  # one end unknown: no whisker either
]


def test_rows_keep_their_order_and_sit_inside_the_plot() -> None:
    chart = interval_chart(ROWS, reference=2744)
    assert [r.interval for r in chart.rows] == ROWS
    ys = [r.y for r in chart.rows]
    assert ys == sorted(ys)
    assert chart.top < ys[0]
    assert ys[-1] < chart.baseline < chart.height
    for row in chart.rows:
        assert chart.left <= row.x <= chart.right
    assert [r.whisker for r in chart.rows] == [True, True, False, False]
    for row in chart.rows[:2]:
        assert row.x_low is not None
        assert row.x_high is not None
        assert chart.left <= row.x_low < row.x < row.x_high <= chart.right
    assert [r.interval.highlight for r in chart.rows] == [False, True, False, False]


def test_the_axis_covers_every_value_and_maps_them_linearly() -> None:
    chart = interval_chart(ROWS, reference=2744)
    ticks = chart.x_ticks
    assert ticks[0].value <= 2744
    assert ticks[-1].value >= 14_955.5
    assert ticks[0].pos == pytest.approx(chart.left)
    assert ticks[-1].pos == pytest.approx(chart.right)

    def pos(value: float) -> float:
        share = (value - ticks[0].value) / (ticks[-1].value - ticks[0].value)
        return chart.left + share * (chart.right - chart.left)

    assert chart.reference == 2744
    assert chart.reference_x == pytest.approx(pos(2744), abs=0.01)
    assert chart.rows[1].x == pytest.approx(pos(11_313.0), abs=0.01)
    assert chart.rows[0].x_high == pytest.approx(pos(14_955.5), abs=0.01)
    # no reference: the axis no longer has to reach down to it
    assert interval_chart(ROWS).x_ticks[0].value > 2744


def test_labels_get_room_on_the_left_and_the_last_tick_label_on_the_right() -> None:
    chart = interval_chart(ROWS)
    assert chart.left >= len("stepwise p=0.001") * 7
    assert interval_chart([Interval("AIC", 5.0)]).left == MARGIN_LEFT
    last = chart.x_ticks[-1]
    assert last.pos + len(f"{last.value:,.0f}") * 7 / 2 <= chart.width
    assert interval_chart(ROWS, width=900).right > chart.right


def test_each_row_adds_height() -> None:
    one, four = interval_chart(ROWS[:1]), interval_chart(ROWS)
    assert four.height - one.height == pytest.approx(3 * 28.0)


def test_numbers_that_cannot_be_placed_are_left_out() -> None:
    chart = interval_chart(
        [
            Interval("unbounded", 50.0, 40.0, math.inf),
            Interval("no estimate", math.nan, 1.0, 2.0),
            Interval("fine", 60.0, 55.0, 70.0),
        ],
        reference=math.inf,
    )
    assert [r.interval.label for r in chart.rows] == ["unbounded", "fine"]
    assert not chart.rows[0].whisker
    assert chart.rows[1].whisker
    assert chart.reference is None
    assert chart.reference_x is None
    assert all(math.isfinite(t.value) for t in chart.x_ticks)


def test_an_empty_chart_says_so() -> None:
    chart = interval_chart([], reference=10.0)
    assert chart.empty
    assert not chart.x_ticks
    assert not interval_chart(ROWS).empty
