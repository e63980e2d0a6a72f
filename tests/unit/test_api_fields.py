"""The marshmallow fields of the input policy (compliance.fields), each on its own."""

from datetime import UTC, date, datetime
from decimal import Decimal

import marshmallow as ma
import pytest
from flask import Flask

from compliance import fields
from compliance.input_policy import SINCE_GDPR, TODAY, years_ahead


@pytest.fixture(autouse=True)
def controller_clock():
    app = Flask(__name__)
    app.config["TIMEZONE"] = "Europe/Tallinn"
    with app.app_context():
        yield


def load(field: ma.fields.Field, value):
    return ma.Schema.from_dict({"x": field})().load({"x": value})["x"]


def refused(field: ma.fields.Field, value) -> list[str]:
    with pytest.raises(ma.ValidationError) as caught:
        load(field, value)
    return caught.value.messages["x"]


@pytest.mark.parametrize("value", [1.5, 1.0, "5", True, None, [1]])
def test_integers_are_json_integers_only(value):
    assert refused(fields.Integer(minimum=0, maximum=10), value)


def test_integers_name_their_bounds():
    assert "less than or equal to 10" in refused(fields.Integer(minimum=0, maximum=10), 2**64)[0]
    assert load(fields.Integer(minimum=0, maximum=10), 10) == 10


@pytest.mark.parametrize(("value", "expected"), [("7", 7), ("0", 0)])
def test_query_integers_come_as_ascii_digits(value, expected):
    assert load(fields.QueryInteger(minimum=0, maximum=10), value) == expected


@pytest.mark.parametrize("value", [1, 0, "true", "yes", "1", None])
def test_booleans_are_true_or_false_only(value):
    assert refused(fields.Boolean(), value)


def test_query_booleans_are_the_words_true_and_false():
    assert load(fields.QueryBoolean(), "true") is True and load(fields.QueryBoolean(), "false") is False
    assert refused(fields.QueryBoolean(), "1") and refused(fields.QueryBoolean(), "True")


def test_money_is_a_string_and_is_written_back_with_two_places():
    assert load(fields.Money(), "12.5") == Decimal("12.50")
    assert "string" in refused(fields.Money(), 12.5)[0]
    assert ma.Schema.from_dict({"x": fields.Money()})().dump({"x": Decimal("3")}) == {"x": "3.00"}


def test_dates_are_plain_iso_days_in_range():
    field = fields.Date(earliest=SINCE_GDPR, latest=years_ahead(1))
    assert load(field, "2024-02-29") == date(2024, 2, 29)
    for value in ("20240229", "2024-W09-4", "2024-02-29T00:00:00", 20240229, "2018-05-24", "9999-12-31"):
        assert refused(field, value), value


def test_datetimes_need_rfc_3339_with_an_offset_and_load_in_utc():
    field = fields.DateTime(earliest=SINCE_GDPR, latest=TODAY)
    assert load(field, "2024-03-01T09:30:00+02:00") == datetime(2024, 3, 1, 7, 30, tzinfo=UTC)
    for value in ("2024-03-01T09:30:00", "2024-03-01 09:30:00Z", "2024-03-01T09:30Z",
                  "0001-01-01T00:30:00+01:00"):
        assert refused(field, value), value


def test_countries_cover_iso_3166_and_the_eus_greece():
    field = fields.CountryField()
    assert load(field, "gr") == "EL" and load(field, "EL") == "EL" and load(field, "BD") == "BD"
    assert refused(field, "XX") and refused(field, "UK")


def test_a_patch_schema_wants_at_least_one_field():
    schema = type("S", (fields.PatchSchema,), {"name": fields.Text(max_length=5)})()
    with pytest.raises(ma.ValidationError) as caught:
        schema.load({})
    assert caught.value.messages == {"_schema": ["Give at least one field to change."]}
    assert schema.load({"name": " a "}) == {"name": "a"}
