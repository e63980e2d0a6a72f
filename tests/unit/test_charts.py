"""Server-rendered SVG charts: scales, accessibility and escaping."""

import re
import xml.etree.ElementTree as ET

import pytest

from compliance.web.charts import Series, bar_chart, describe, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("value", "expected"), [
    (0, 1), (-3, 1), (1, 1), (3, 5), (7, 10), (11, 20), (240, 250), (1000, 1000), (0.3, 0.5),
])
def test_nice_ceiling_rounds_up_to_a_readable_axis_maximum(value, expected):
    assert nice_ceiling(value) == expected


def parse(chart):
    return ET.fromstring(str(chart.svg))


def test_the_chart_is_well_formed_svg_with_a_title_and_description():
    chart = bar_chart("Requests per month", ["Jan", "Feb"], [Series("Received", (3, 5))])
    root = parse(chart)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Requests per month"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Received: 8 in all" in desc.text


def test_bar_heights_are_proportional_and_zero_values_draw_nothing():
    chart = bar_chart("t", ["a", "b", "c"], [Series("s", (10, 5, 0))])
    rects = parse(chart).findall(f"{SVG}rect")
    assert len(rects) == 2
    tall, short = (float(r.get("height")) for r in rects)
    assert tall == pytest.approx(2 * short)


def test_grouped_series_get_their_own_css_class_and_legend_entry():
    chart = bar_chart("Consents", ["Jan"], [Series("Granted", (4,)), Series("Withdrawn", (1,))])
    classes = [r.get("class") for r in parse(chart).findall(f"{SVG}rect")]
    assert classes == ["series-0", "series-1"]
    assert chart.legend == (("0", "Granted"), ("1", "Withdrawn"))


def test_the_line_breaks_where_a_month_has_no_value_and_has_a_percent_axis():
    chart = bar_chart("t", list("abcde"), [Series("n", (1, 1, 1, 1, 1))],
                      line=Series("On time", (100, 50, None, 80, 90)))
    root = parse(chart)
    assert len(root.findall(f"{SVG}polyline")) == 2
    assert len(root.findall(f"{SVG}circle")) == 4
    assert "100%" in [t.text for t in root.findall(f"{SVG}text")]
    assert chart.rows[2][-1] == "—"


def test_no_inline_styles_so_the_strict_csp_holds():
    svg = str(bar_chart("t", ["a"], [Series("s", (1,))], line=Series("l", (50,))).svg)
    assert "style=" not in svg


def test_labels_and_titles_are_escaped():
    chart = bar_chart("<script>", ["<b>"], [Series("a&b", (1,))])
    svg = str(chart.svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg
    ET.fromstring(svg)


def test_an_empty_chart_still_renders():
    chart = bar_chart("Nothing", [], [Series("s", ())])
    assert parse(chart).find(f"{SVG}desc").text == "No data yet."
    assert chart.rows == ()


def test_long_series_label_every_other_month():
    labels = [f"m{i}" for i in range(24)]
    chart = bar_chart("t", labels, [Series("s", tuple(range(24)))])
    texts = [t.text for t in parse(chart).findall(f"{SVG}text")]
    assert "m0" in texts and "m1" not in texts and "m2" in texts


def test_describe_reports_the_range_of_the_line():
    text = describe(["Jan", "Feb"], [Series("Received", (2, 3))], Series("On time", (50, None)), "%")
    assert re.search(r"On time: 50% to 50%", text)


@pytest.mark.parametrize(("top", "ticks"), [(1, 5), (2, 4), (2.5, 5), (5, 5), (10, 5), (20, 4), (50, 5)])
def test_axis_ticks_land_on_round_numbers(top, ticks):
    from compliance.web.charts import tick_count

    assert tick_count(top) == ticks
    assert (top / ticks * 10) == int(top / ticks * 10)
