"""The one guard on client JSON (``config.json_input``): bounded, finite, storable."""

import pytest

from config.json_input import JSONInputError, check, loads, printable


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "[0]" * 32, "Nested more than 32 levels deep."),
        ('{"a": [' + "[" * 40 + "]" * 40 + "]}", "a" + "[0]" * 31, "Nested more than 32"),
        ('{"n": NaN}', "", "NaN is not a number JSON allows"),
        ('{"n": -Infinity}', "", "-Infinity is not a number JSON allows"),
        ('{"n": [1, 1e400]}', "n[1]", "Not a finite number."),
        ('{"t": "a\\u0000"}', "t", "Contains a NUL character"),
        ('{"t": ["ok", "\\udc00"]}', "t[1]", "Contains a lone surrogate"),
        ('{"\\ud800": 1}', "", "A key: Contains a lone surrogate"),
        ("{", "", "Not valid JSON"),
        (b"\xff", "", "Not UTF-8 text"),
    ],
)
def test_each_unsafe_input_is_refused_with_where_and_what(text, path, message):
    with pytest.raises(JSONInputError) as refused:
        loads(text)

    assert refused.value.path == path
    assert message in refused.value.message


def test_a_sound_value_comes_back_as_parsed():
    assert loads('{"spans": [{"start": 0, "end": 3}], "note": "ok ²"}') == {
        "spans": [{"start": 0, "end": 3}],
        "note": "ok ²",
    }


def test_check_applies_the_same_rules_to_values_built_elsewhere():
    assert check({"text": "fine"}) == {"text": "fine"}
    with pytest.raises(JSONInputError, match="NUL"):
        check(["a", {"b": "c\x00"}])


def test_a_refusal_can_always_be_shown():
    assert printable("a\x00\ud800") == "a\\u0000\\ud800"
    printable("a\x00\ud800").encode("utf-8")
