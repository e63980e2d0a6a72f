"""Display references: random, distinct, forgiving when typed; names indexed in a normal form."""

import pytest

from compliance.subjects.rules import (
    REFERENCE_ALPHABET,
    new_subject_reference,
    normalise_full_name,
    normalise_reference,
    reference_prefix,
)


def test_references_have_the_shape_and_alphabet_people_can_read_aloud():
    references = {new_subject_reference() for _ in range(2000)}
    assert len(references) == 2000
    for reference in references:
        prefix, first, second = reference.split("-")
        assert prefix == "SUB" and len(first) == len(second) == 5
        assert set(first + second) <= set(REFERENCE_ALPHABET)


@pytest.mark.parametrize(("typed", "stored"), [
    ("SUB-7K4M2-Q9XHT", "SUB-7K4M2-Q9XHT"),
    (" sub-7k4m2-q9xht ", "SUB-7K4M2-Q9XHT"),
    ("7K4M2Q9XHT", "SUB-7K4M2-Q9XHT"),
    ("SUB 7K4M2 Q9XHT", "SUB-7K4M2-Q9XHT"),
    ("SUB-7K4M2-Q9XHI", "SUB-7K4M2-Q9XH1"),  # I, L and O read as 1, 1 and 0
    ("SUB-OK4M2-Q9XHL", "SUB-0K4M2-Q9XH1"),
    ("SUB-7K4M2-Q9XH", None),  # too short
    ("SUB-7K4M2-Q9XHTT", None),  # too long
    ("SUB-7K4M2-Q9XHU", None),  # U is not in the alphabet
    ("maria.tamm@example.com", None),
    ("Maria Tamm", None),
])
def test_a_typed_reference_is_read_forgivingly(typed, stored):
    assert normalise_reference(typed) == stored


@pytest.mark.parametrize(("typed", "prefix"), [
    ("sub-7k", "SUB-7K"), ("7K4M2", "SUB-7K4M2"), ("7k4m2q9", "SUB-7K4M2-Q9"), ("7", None), ("Uus", None),
])
def test_what_was_typed_so_far_becomes_a_reference_prefix(typed, prefix):
    assert reference_prefix(typed) == prefix


@pytest.mark.parametrize(("one", "other"), [
    ("Anu Mäe-Kask", "anu  mae kask"), ("JÜRI TAMM", "Juri Tamm"), ("Zoë O'Neil", "zoe o neil"),
])
def test_names_that_differ_in_accents_case_and_punctuation_share_one_normal_form(one, other):
    assert normalise_full_name(one) == normalise_full_name(other)


def test_the_order_of_the_words_still_matters():
    assert normalise_full_name("Tamm Maria") != normalise_full_name("Maria Tamm")
