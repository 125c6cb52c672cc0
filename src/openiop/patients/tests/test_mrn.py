import random

from hypothesis import given
from hypothesis import strategies as st

from openiop.patients.mrn import generate_mrn, is_valid_mrn


@given(st.integers(min_value=0, max_value=2**32))
def test_every_generated_mrn_passes_its_check_digit(seed):
    assert is_valid_mrn(generate_mrn(random.Random(seed)))


def test_a_single_mistyped_digit_is_caught():
    mrn = generate_mrn(random.Random(7))
    for position in range(1, 9):
        for digit in "0123456789":
            typo = mrn[:position] + digit + mrn[position + 1 :]
            if typo != mrn:
                assert not is_valid_mrn(typo), typo
