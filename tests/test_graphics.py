"""Server-drawn charts leave room for their axis labels."""

from __future__ import annotations

from palermo.graphics.charts import MARGIN_LEFT, bar_chart, left_margin, line_chart


def test_money_axis_labels_get_room_instead_of_being_cut() -> None:
    chart = bar_chart([("2017", 1_200_000.0), ("2018", 1_500_000.0)])
    assert chart.left >= len("1,500,000") * 7
    assert all(bar.x >= chart.left for bar in chart.bars)
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.right


def test_small_numbers_keep_the_default_margin() -> None:
    assert left_margin([0, 5, 10]) == MARGIN_LEFT
    chart = line_chart([(2000, 3.0), (2001, 4.0)])
    assert chart.left == MARGIN_LEFT
    assert chart.dots[0][0] == MARGIN_LEFT
