"""Every message in Dutch and English (mkba.messages.Text), checked three ways.

- Each ``Text`` names the same values in both templates, and every value it is given (a
  static check of every ``Text("...", "...", ...)`` written in the code, and a check of every
  ``Text`` created or shown while the whole corpus of malformed workbooks is validated).
- Shown in Dutch and English, an issue of the corpus is translated (not the same sentence
  twice), has no ``{placeholder}`` left over, and writes its numbers in its own language's
  digits (no ``292,018`` in Dutch, no ``292.018`` in English).
- The code passes a ``Text`` wherever a message reaches a user: the message and ``expected`` of
  every ``log.add``/``self.issue`` call, and of every error of the :class:`~mkba.errors.MkbaError`
  family (an AST check over a list of files; :data:`CHECKED_FILES` says which).
"""

from __future__ import annotations

import ast
import csv
import re
import string
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from conftest import REPO

from mkba.io import check_files
from mkba.issues import ISSUE_CODES
from mkba.messages import Text

CORPUS = REPO / "tests" / "corpus"

#: The modules whose messages the AST checks cover (extend to the whole package:
#: ``sorted((REPO / "mkba").rglob("*.py"))``).
CHECKED_FILES = sorted((REPO / "mkba" / "io").glob("*.py"))


# -- the same values in both languages --------------------------------------------------------
def _fields(template: str) -> set[str]:
    """The names of the values a ``str.format`` template uses (``{x:2}`` -> ``x``)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
    return names


def _texts(value) -> Iterator[Text]:
    """``value`` and every Text inside it (values of a Text, items of a list)."""
    if isinstance(value, Text):
        yield value
        for v in value.values.values():
            yield from _texts(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _texts(v)


def text_problems(text: Text) -> list[str]:
    """What is wrong with one Text and the Texts inside it: templates that name different
    values, a value named but not given, a value given but named in neither template.

    Examples
    --------
    >>> text_problems(Text("{n} bedragen", "{n} amounts", n=3))
    []
    >>> len(text_problems(Text("{n} bedragen", "{count} amounts", n=3)))  # and count not given
    2
    """
    problems = []
    for t in _texts(text):
        nl, en = (_fields(x) for x in t.templates)
        given = set(t.values)
        if nl != en:
            problems.append(f"{t.templates!r} names {nl} in Dutch, {en} in English")
        if (nl | en) - given:
            problems.append(f"{t.templates!r} names {(nl | en) - given} without a value")
        if given - (nl | en):
            problems.append(f"{t.templates!r} is given {given - (nl | en)} but shows neither")
    return problems


def test_text_problems_finds_what_it_should():
    assert text_problems(Text("{a} en {b}", "{a} and {b}", a=1, b=Text("x", "x"))) == []
    assert len(text_problems(Text("{a}", "{b}", a=1, b=2))) == 1
    assert len(text_problems(Text("{a}", "{a}"))) == 1  # a value that is not given
    assert len(text_problems(Text("x", "x", a=1))) == 1  # a value that is not shown
    nested = Text("{t}", "{t}", t=[Text("{n:2}", "{m}", n=1, m=2)])
    assert len(text_problems(nested)) == 1  # found inside a list inside a Text


def test_issue_codes_are_explained_in_both_languages():
    assert "reported_mismatch" in ISSUE_CODES and "mapping_error" in ISSUE_CODES
    for code, text in ISSUE_CODES.items():
        assert isinstance(text, Text) and text_problems(text) == [], code
        assert text.nl and text.en and text.nl != text.en, code


# -- the whole corpus, shown in both languages --------------------------------------------------
def _corpus_paths() -> list[Path]:
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as fh:
        return [CORPUS / "files" / row["file"] for row in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def corpus_run():
    """The corpus validated once, with every Text created while it ran."""
    created: list[Text] = []
    original = Text.__init__

    def recording(self, nl, en, /, **values):
        original(self, nl, en, **values)
        created.append(self)

    Text.__init__ = recording
    try:
        _, report = check_files(_corpus_paths())
    finally:
        Text.__init__ = original
    return report, created


def _issue_texts(issue) -> list[Text]:
    return [t for part in (issue.message, issue.found, issue.expected) for t in _texts(part)]


def test_every_text_of_the_corpus_names_the_same_values(corpus_run):
    report, created = corpus_run
    assert len(report.issues) >= 50 and len(created) >= 50  # the run did create texts
    shown = [t for issue in report.issues for t in _issue_texts(issue)]
    problems = [p for t in created + shown for p in text_problems(t)]
    assert problems == []


def _words(template: str) -> str:
    """A template without its fields: what is left when the values are taken out."""
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def test_every_issue_of_the_corpus_is_translated(corpus_run):
    report, _ = corpus_run
    for issue in report.issues:
        for part in (issue.message, issue.expected, issue.found):
            if not isinstance(part, Text) or not re.search(r"[a-z]{3}", _words(part.templates[0])):
                continue  # a name, a number, a value as found: the same in every language
            assert part.render("nl") != part.render("en"), (issue.code, part)


def test_no_placeholder_is_left_over(corpus_run):
    report, _ = corpus_run
    for issue in report.issues:
        for lang in ("nl", "en"):
            shown = issue.render(lang)
            for key in ("message", "expected") + (("found",) if isinstance(issue.found, Text)
                                                  else ()):
                assert "{" not in (shown[key] or "") and "}" not in (shown[key] or ""), \
                    (issue.code, lang, shown[key])


# an English thousands group (292,018) and a Dutch one (292.018): a digit group of three after
# the mark, at the end of the number
_GROUPED = {"nl": re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,.E])"),
            "en": re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,.E])")}


def _numeric(text: Text) -> bool:
    return any(isinstance(v, int | float) and not isinstance(v, bool)
               for t in _texts(text) for v in t.values.values())


def test_numbers_are_written_in_each_languages_digits(corpus_run):
    report, _ = corpus_run
    checked = 0
    for issue in report.issues:
        parts = {"message": issue.message, "expected": issue.expected, "found": issue.found}
        for key, part in parts.items():
            if isinstance(part, Text) and not _numeric(part):
                continue  # only values that are numbers are formatted per language
            if not isinstance(part, Text | int | float) or isinstance(part, bool):
                continue
            for lang, wrong in _GROUPED.items():
                shown = issue.render(lang)[key]
                assert not wrong.search(shown), (issue.code, key, lang, shown)
                checked += 1
    assert checked >= 20


def test_the_corpus_shows_large_numbers_with_dutch_grouping(corpus_run):
    """The check above could pass on texts without a large number: at least one corpus issue
    has one, and it is grouped with a dot in Dutch and a comma in English."""
    report, _ = corpus_run
    large = [i for i in report.issues if re.search(r"\d\.\d{3}\b", i.render()["expected"] or "")
             and _numeric(i.expected)]
    assert large, "no corpus issue shows a number of five digits or more"
    for issue in large:
        assert re.search(r"\d,\d{3}\b", issue.render("en")["expected"])


# -- the code passes Texts ---------------------------------------------------------------------
#: Calls that take a message: attribute or function name -> position of the message argument
#: (a file that defines a function of that name with a parameter ``message`` overrides it).
#: ``add`` counts only on a receiver whose name ends in ``log`` (an IssueLog).
MESSAGE_CALLS = {"add": 1, "issue": 1, "error": 1, "corrupt": 0}
#: Errors that carry a message: class name -> position of the message argument.
ERRORS = {"MkbaError": 0, "InputError": 0, "ArgumentError": 0, "ReferenceDataError": 0,
          "OutputFolderError": 0, "SourceFileError": 1, "SheetError": 1, "NumberError": 1}
#: Calls whose ``expected=`` is shown to a user when the file cannot be read.
EXPECTED_CALLS = {"read_source", "read_text_source", "read_toml"}
_NOT_A_TEXT = {"str", "repr", "format", "join", "printable", "f"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _receiver(func: ast.expr) -> str:
    value = func.value if isinstance(func, ast.Attribute) else None
    return _name(value) or "" if value is not None else ""


def _why_not_text(node: ast.expr | None, *, none_ok: bool) -> str | None:
    """Why ``node`` is not a Text (a string, an f-string, a sum or a string function), or None
    when it is one: a ``Text(...)`` call, a variable, an attribute, a helper's result."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        return None if node.value is None and none_ok else f"a constant {node.value!r}"
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.BinOp):
        texts = [n for n in (node.left, node.right)
                 if isinstance(n, ast.Call) and _name(n.func) == "Text"]
        return None if isinstance(node.op, ast.Add) and texts else \
            "a string built with an operator"
    if isinstance(node, ast.IfExp):
        return _why_not_text(node.body, none_ok=none_ok) or \
            _why_not_text(node.orelse, none_ok=none_ok)
    if isinstance(node, ast.Call) and _name(node.func) in _NOT_A_TEXT:
        return f"the result of {_name(node.func)}()"
    return None


def _constructed(node: ast.expr | None) -> str | None:
    """Why a ``found`` value is a sentence built in English (an f-string, a sum, a join)."""
    if isinstance(node, ast.JoinedStr | ast.BinOp) or (
            isinstance(node, ast.Call) and _name(node.func) in ("format", "join")):
        return "a text built in the code (give a Text)"
    if isinstance(node, ast.IfExp):
        return _constructed(node.body) or _constructed(node.orelse)
    return None


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def _argument(call: ast.Call, position: int, keyword: str):
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _positions(tree: ast.Module) -> dict[str, int]:
    """:data:`MESSAGE_CALLS`, with the position of ``message`` in this file's own definitions."""
    positions = dict(MESSAGE_CALLS)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in positions:
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            if names and names[0] == "self":
                names = names[1:]
            if "message" in names:
                positions[node.name] = names.index("message")
    return positions


def message_problems(paths: Iterable[Path]) -> list[str]:
    """Every call in ``paths`` that gives a user a message that is not a Text, as
    ``file:line: call: why`` (see :data:`MESSAGE_CALLS` and :data:`ERRORS`)."""
    problems = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        positions = _positions(tree)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _name(call.func)
            if name in ERRORS:
                position = ERRORS[name]
            elif name in positions and (name != "add" or _receiver(call.func).endswith("log")):
                position = positions[name]
            elif name in EXPECTED_CALLS:
                position = None
            else:
                continue
            where = f"{_shown(path)}:{call.lineno}: {name}()"
            why = position is not None and \
                _why_not_text(_argument(call, position, "message"), none_ok=False)
            if why:
                problems.append(f"{where}: the message is {why}")
            why = _why_not_text(_argument(call, 99, "expected"), none_ok=True)
            if why:
                problems.append(f"{where}: expected is {why}")
            why = _constructed(_argument(call, 99, "found"))
            if why:
                problems.append(f"{where}: found is {why}")
    return problems


def text_call_problems(paths: Iterable[Path]) -> list[str]:
    """Every ``Text("...", "...", name=...)`` written in ``paths`` whose two templates name
    different values, or values it is not given (a static check: also the messages that no
    test data reach)."""
    problems = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if _name(call.func) != "Text" or len(call.args) != 2 or not all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args):
                continue
            nl, en = (_fields(a.value) for a in call.args)
            given = {k.arg for k in call.keywords}
            where = f"{_shown(path)}:{call.lineno}"
            if nl != en:
                problems.append(f"{where}: {nl} in Dutch, {en} in English")
            elif None not in given and given != nl:  # no **values: the names must match
                problems.append(f"{where}: names {nl}, given {given}")
    return problems


def test_message_problems_finds_strings(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('log.add("code", "a message", found=f"{n} rows")\n'
                   'self.issue("code", Text("a", "b"), cell, expected="a number")\n'
                   'raise InputError(f"{path} is bad")\n'
                   'raise SheetError("corrupt_file", "x" + y, expected=None)\n'
                   'seen.add("not a log")\n'
                   'log.add("code", msg if ok else Text("a", "b"), expected=EXPECTED)\n'
                   'self.log.add("code", Text("a: ", "a: ") + message)\n'
                   'def issue(self, where, code, message, cell): ...\n'
                   'self.issue(where, "code", "a message", cell)\n'
                   'read_text_source(path, max_bytes=10, expected=f"a TOML file {path}")\n',
                   encoding="utf-8")
    problems = [p.split(": ", 2)[-1] for p in message_problems([bad])]
    assert problems == ["the message is a constant 'a message'", "found is a text built in the "
                        "code (give a Text)", "expected is a constant 'a number'",
                        "the message is an f-string", "the message is a string built with an "
                        "operator", "the message is a constant 'a message'",
                        "expected is an f-string"]


def test_every_message_in_the_checked_modules_is_a_text():
    assert any(p.name == "build.py" for p in CHECKED_FILES)
    assert message_problems(CHECKED_FILES) == []


def test_every_text_written_in_the_checked_modules_names_the_same_values():
    assert text_call_problems(CHECKED_FILES) == []
