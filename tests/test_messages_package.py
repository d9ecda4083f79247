"""Every message of the computation, scenario, report and figure modules is a Text.

``tests/test_messages.py`` holds the rule for :mod:`mkba.io` (every error of the
:class:`~mkba.errors.MkbaError` family and every issue-log call passes a
:class:`~mkba.messages.Text`, never a string or an f-string; every ``Text`` written in the code
names the same values in both templates). Here the same rule covers the modules listed in
:data:`FILES`, and one more: a message handed to a helper that raises it (``Checker.fail``,
``bad``, ``required``, the ``what`` of a scenario field...) is a Text too, so that no English
sentence reaches a user through a helper.
"""

from __future__ import annotations

import ast

import pytest
from conftest import REPO
from test_messages import _name, message_problems, text_call_problems

from mkba.errors import MkbaError

_MKBA = REPO / "mkba"
#: The modules this rule covers: the computation, the scenarios, the report and the figures.
FILES = sorted(
    [_MKBA / f"{name}.py" for name in (
        "appraisal", "_appraisal_arrays", "analysis", "assumptions", "assumptions_table",
        "discounting", "evidence", "formatting", "phrases", "prices", "reference", "schema",
        "sensitivity", "tables", "tables_text", "pooled_tables", "report", "report_text",
        "limits")]
    + [p for sub in ("pooling", "scenario", "plots") for p in (_MKBA / sub).glob("*.py")])
#: Parameters that take a message (or the part of one that says what is allowed).
MESSAGE_PARAMETERS = ("message", "allowed", "what")
#: Calls whose result is a plain string, never a Text.
_STRING_CALLS = {"str", "repr", "format", "join", "printable", "render"}


def _plain_string(node: ast.expr) -> str | None:
    """Why ``node`` is a plain string (a constant, an f-string, a sum of strings, a string
    function's result), or None when it may be a Text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return f"a constant {node.value!r}"
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.BinOp) and not any(
            isinstance(n, ast.Call) and _name(n.func) == "Text" for n in (node.left, node.right)):
        return "a string built with an operator"
    if isinstance(node, ast.IfExp):
        return _plain_string(node.body) or _plain_string(node.orelse)
    if isinstance(node, ast.Call) and _name(node.func) in _STRING_CALLS:
        return f"the result of {_name(node.func)}()"
    return None


def _helpers(trees) -> dict[str, dict[str, int]]:
    """Functions of ``trees`` that take a message: name -> {parameter: position} (``self``
    not counted)."""
    found: dict[str, dict[str, int]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            names = names[1:] if names[:1] == ["self"] else names
            names += [a.arg for a in node.args.kwonlyargs]
            for parameter in MESSAGE_PARAMETERS:
                if parameter in names:
                    found.setdefault(node.name, {})[parameter] = names.index(parameter)
    return found


def helper_problems(paths) -> list[str]:
    """Every call in ``paths`` that hands a plain string to a message parameter of a function
    defined in ``paths`` (see :data:`MESSAGE_PARAMETERS`), as ``file:line: call: why``."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
             for path in paths}
    helpers = _helpers(trees.values())
    problems = []
    for path, tree in trees.items():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _name(call.func)
            for parameter, position in helpers.get(name, {}).items():
                arguments = [k.value for k in call.keywords if k.arg == parameter]
                if len(call.args) > position and not any(isinstance(a, ast.Starred)
                                                         for a in call.args[:position + 1]):
                    arguments.append(call.args[position])
                for argument in arguments:
                    why = _plain_string(argument)
                    if why:
                        shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
                        problems.append(f"{shown}:{call.lineno}: {name}({parameter}=...): {why}")
    return problems


def test_the_files_are_there():
    names = {p.relative_to(_MKBA).as_posix() for p in FILES}
    assert {"appraisal.py", "pooling/_checks.py", "scenario/_checks.py", "scenario/spec.py",
            "scenario/input_xlsx.py", "plots/style.py", "report.py"} <= names
    assert all(p.is_file() for p in FILES)


def test_helper_problems_finds_strings(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('class Checker:\n'
                   '    def fail(self, key, message): ...\n'
                   '    def number(self, value, key, *, what): ...\n'
                   'def required(c, data, key, what): ...\n'
                   'c.fail("population", "is missing")\n'
                   'c.fail("population", f"{n} values")\n'
                   'c.fail("population", Text("ontbreekt", "is missing"))\n'
                   'c.number(1, "x", what="euros")\n'
                   'c.number(1, "x", what=Text("euro\'s", "euros"))\n'
                   'required(c, data, "x", "a number " + unit)\n'
                   'required(c, data, "x", WHAT)\n'
                   'c.fail("x", Text("a", "a") + Text("b", "b"))\n', encoding="utf-8")
    problems = [p.split(": ", 2)[-1] for p in helper_problems([bad])]
    assert problems == ["a constant 'is missing'", "an f-string", "a constant 'euros'",
                        "a string built with an operator"]


def test_every_error_in_these_modules_carries_a_text():
    assert message_problems(FILES) == []


def test_every_text_written_in_these_modules_names_the_same_values():
    assert text_call_problems(FILES) == []


def test_every_message_handed_to_a_helper_is_a_text():
    assert helper_problems(FILES) == []


# -- shown: a message of each kind reads differently in Dutch and English -------------------------
def _errors():
    from helpers_studies import make_study

    from mkba import formatting
    from mkba.appraisal import appraise
    from mkba.pooling import pool
    from mkba.scenario import spec_from_mapping
    from mkba.tables import build_tables

    return {
        "appraisal": lambda: appraise(make_study(), variant="hoog"),
        "pooling": lambda: pool([1.0, 2.0], [1.0]),
        "scenario": lambda: spec_from_mapping({"municipality": "X"}, source="plan.toml"),
        "tables": lambda: build_tables([]),
        "formatting": lambda: formatting.number(1.0, 99),
    }


@pytest.mark.parametrize("kind", sorted(_errors()))
def test_errors_read_in_dutch_by_default_and_in_english(kind):
    with pytest.raises(MkbaError) as info:
        _errors()[kind]()
    nl, en = str(info.value), info.value.render("en")
    assert nl == info.value.render("nl") and nl != en
    assert "{" not in nl + en and "}" not in nl + en   # no placeholder left
    assert any(word in f" {nl} " for word in (" niet ", " geen ", " ontbreekt", " moeten ",
                                               " is geen "))
