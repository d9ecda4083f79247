"""Every message of the command line, the basis and the writers is a Text (Dutch and English),
by the rule of ``tests/test_messages.py``: every error of the MkbaError family gets a Text, never
a string or an f-string, and every Text written in the code names the same values in both
templates."""

from conftest import REPO
from test_messages import message_problems, text_call_problems

_MKBA = REPO / "mkba"
FILES = sorted(
    [*(_MKBA / "cli").glob("*.py"), _MKBA / "basis.py"]
    + [_MKBA / "write" / f"{name}.py" for name in (
        "output_folder", "_folder_swap", "export", "xlsx_tables", "figures", "cockpit",
        "template", "input_workbook")])


def test_the_files_are_there():
    assert all(p.is_file() for p in FILES) and len(FILES) > 10


def test_every_error_gets_a_text():
    assert message_problems(FILES) == []


def test_every_text_names_the_same_values_in_both_languages():
    assert text_call_problems(FILES) == []
