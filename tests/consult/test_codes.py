"""Participation codes: generating, reading back what people type, hashing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult import codes

LOOK_ALIKES = set("0OQD1IL2Z5S8BUV")


def test_alphabet_has_no_look_alike_characters():
    assert not LOOK_ALIKES & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)


def test_generated_codes_use_only_the_alphabet_and_are_all_different():
    made = {codes.generate_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(c) == 8 and set(c) <= set(codes.ALPHABET) for c in made)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ACEF-3479", "ACEF3479"),
        ("acef 3479", "ACEF3479"),
        ("  aCeF3479 ", "ACEF3479"),
        ("ACEF\u20133479", "ACEF3479"),
        ("A C E F 3 4 7 9", "ACEF3479"),
        ("ACEF-347", ""),
        ("ACEF-34790", ""),
        ("ACEF-3470", ""),  # 0 is never in a code
        ("", ""),
        ("<script>", ""),
    ],
)
def test_normalise(typed, expected):
    assert codes.normalise(typed) == expected


def test_display_groups_in_fours():
    assert codes.display("ACEF3479") == "ACEF-3479"


@given(st.text(alphabet=codes.ALPHABET, min_size=8, max_size=8), st.booleans())
def test_a_code_survives_being_printed_and_typed_back(code, lower):
    typed = codes.display(code)
    typed = typed.lower() if lower else typed
    assert codes.normalise(f" {typed} ") == code


def test_hash_depends_on_the_key_and_hides_the_code():
    one = codes.code_hash("ACEF3479", "key-1")
    assert one == codes.code_hash("ACEF3479", "key-1")
    assert one != codes.code_hash("ACEF3479", "key-2")
    assert "ACEF" not in one and len(one) == 64
