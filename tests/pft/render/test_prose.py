import pytest

from pft.render.prose import listed


@pytest.mark.parametrize(("items", "text"), [
    ([], ""),
    (["a"], "a"),
    (["a", "b"], "a and b"),
    (["a", "b", "c"], "a, b and c"),
])
def test_a_list_reads_as_prose_with_and_before_the_last_item(items, text):
    assert listed(items) == text
