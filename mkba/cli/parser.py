"""The argument parser of ``mkba``, in Dutch or English.

:func:`build_parser` makes the parser with every subcommand in one language: its help, its
placeholders, argparse's own words ("gebruik:", "fout:", "ongeldige keuze", ...; see
:mod:`mkba.cli.text`) and the refusals of option values (:mod:`mkba.cli.options`). The language is
known before the parser exists: :func:`requested_lang` looks for ``--lang en`` anywhere on the
command line. Every option value is read and checked while parsing, so a value that is not
allowed is a usage error (exit 2) with a sentence, before anything is read or written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from mkba import __version__
from mkba.cli import options
from mkba.cli.text import DEFAULT_DRAWS, HELP, METAVARS, argparse_language
from mkba.errors import ArgumentError
from mkba.messages import LANGS
from mkba.vocab import VOCABULARY_NAMES, vocabulary

__all__ = ["Parser", "build_parser", "requested_lang"]

LAYOUT_CHOICES = ("template", "cockpit", "mapping")
_LANG_OPTIONS = ("--lang", "--lan")  # the option and its one unambiguous abbreviation


def requested_lang(argv: Sequence[str]) -> str:
    """The language asked for by ``--lang`` (or ``--lang=``) anywhere in ``argv``; the last one
    counts, as for argparse. Dutch when none is given or the value is not a language.

    Examples
    --------
    >>> requested_lang(["pool", "--lang", "en"]), requested_lang(["--lang=en", "validate"])
    ('en', 'en')
    >>> requested_lang(["validate", "x.xlsx"]), requested_lang(["pool", "--lang", "de"])
    ('nl', 'nl')
    """
    lang = "nl"
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        name, sign, value = arg.partition("=")
        if name in _LANG_OPTIONS:
            lang = value if sign else (args[i + 1] if i + 1 < len(args) else lang)
    return lang if lang in LANGS else "nl"


class Parser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` that speaks one language, ``lang``: argparse's own
    words are in that language whenever it is built, parses or prints (see
    :func:`mkba.cli.text.argparse_language`)."""

    def __init__(self, *args, lang: str = "nl", **kwargs):
        self.lang = lang
        with argparse_language(lang):
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with argparse_language(self.lang):
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with argparse_language(self.lang):
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with argparse_language(self.lang):
            return super().format_usage()

    def format_help(self) -> str:
        with argparse_language(self.lang):
            return super().format_help()

    def error(self, message: str):
        with argparse_language(self.lang):
            super().error(message)


def _typed(read: Callable[[str], object], lang: str) -> Callable[[str], object]:
    """``read`` for argparse: its refusal (an ArgumentError) becomes argparse's message."""

    def convert(text: str):
        try:
            return read(text)
        except ArgumentError as exc:
            raise argparse.ArgumentTypeError(exc.render(lang)) from None

    convert.__name__ = read.__name__
    return convert


class _Words:
    """The help texts and placeholders of one language."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, key: str) -> str:
        return HELP[key].render(self.lang)

    def var(self, key: str) -> str:
        return METAVARS[key].render(self.lang)

    def typed(self, read: Callable[[str], object]) -> Callable[[str], object]:
        return _typed(read, self.lang)


def _add_lang(p: argparse.ArgumentParser, w: _Words, default=argparse.SUPPRESS) -> None:
    # the top-level parser holds the default; a subcommand's --lang only sets it when given
    p.add_argument("--lang", choices=LANGS, default=default, help=w("lang"))


def _add_input_options(p: argparse.ArgumentParser, w: _Words) -> None:
    p.add_argument("--layout", choices=LAYOUT_CHOICES, help=w("layout"))
    p.add_argument("--mapping", type=w.typed(options.existing("mapping")), metavar=w.var("toml"),
                   help=w("mapping"))


def _add_studies_option(p: argparse.ArgumentParser, w: _Words) -> None:
    # a text default: argparse reads it like a typed value, so a missing folder is told too
    p.add_argument("--studies", type=w.typed(options.existing("studies")), default="studies",
                   metavar=w.var("dir"), help=w("studies"))
    _add_input_options(p, w)


def _add_basis_options(p: argparse.ArgumentParser, w: _Words) -> None:
    p.add_argument("--rate", type=w.typed(options.rate), default="own", metavar=w.var("rate"),
                   help=w("rate"))
    p.add_argument("--price-year", type=w.typed(options.price_year), default=None,
                   metavar=w.var("year"), help=w("price_year"))
    p.add_argument("--horizon", type=w.typed(options.horizon), default=None,
                   metavar=w.var("years"), help=w("horizon"))
    p.add_argument("--timing", choices=("t1", "t0"), default="t1", help=w("timing"))


def _add_monte_carlo(p: argparse.ArgumentParser, w: _Words) -> None:
    p.add_argument("--draws", type=w.typed(options.draws), default=DEFAULT_DRAWS,
                   metavar=w.var("count"), help=w("draws"))
    p.add_argument("--seed", type=w.typed(options.seed), default=0, metavar=w.var("number"),
                   help=w("seed"))


def _add_csv_option(p: argparse.ArgumentParser, w) -> None:
    from mkba.write.csv_bytes import CSV_DIALECTS  # light: no pandas until a CSV is written

    p.add_argument("--csv-dialect", choices=list(CSV_DIALECTS), default=None,
                   help=w("csv_dialect"))


def build_parser(lang: str = "nl") -> Parser:
    """The argument parser of ``mkba`` with all its subcommands, in ``lang`` ('nl' or 'en').

    Examples
    --------
    >>> build_parser().parse_args(["pool", "--draws", "500"]).draws
    500
    >>> "gebruik: mkba" in build_parser().format_usage()
    True
    >>> build_parser("en").format_usage().startswith("usage: mkba")
    True
    """
    w = _Words(lang)
    parser = Parser(prog="mkba", description=w("mkba"), epilog=w("epilog"), lang=lang)
    parser.add_argument("--version", action="version", version=f"mkba {__version__}",
                        help=w("version"))
    _add_lang(parser, w, default="nl")
    sub = parser.add_subparsers(dest="command", metavar=w.var("command"), required=True)

    def command(name: str, **kwargs) -> Parser:
        description = HELP.get(f"{name}_description")
        p = sub.add_parser(name, help=w(name), lang=lang,
                           description=description.render(lang) if description else None,
                           **kwargs)
        _add_lang(p, w)
        return p

    def new_workbook(name: str) -> argparse.ArgumentParser:
        p = command(name)
        p.add_argument("out", type=Path, metavar=w.var("out_xlsx"), help=w("out_xlsx"))
        p.add_argument("--force", action="store_true", help=w("force"))
        return p

    new_workbook("template")
    p = command("validate")
    p.add_argument("paths", nargs="+", type=w.typed(options.existing("path")),
                   metavar=w.var("path"), help=w("paths"))
    p.add_argument("--json", action="store_true", help=w("validate_json"))
    _add_input_options(p, w)

    p = command("import")
    p.add_argument("paths", nargs="+", type=w.typed(options.existing("path")),
                   metavar=w.var("path"), help=w("paths"))
    p.add_argument("-o", "--out", type=Path, required=True, metavar=w.var("dir"),
                   help=w("import_out"))
    _add_input_options(p, w)
    _add_csv_option(p, w)

    p = command("tables")
    _add_studies_option(p, w)
    p.add_argument("--out", type=Path, default=Path("tables"), metavar=w.var("dir"),
                   help=w("tables_out"))
    _add_csv_option(p, w)
    _add_basis_options(p, w)

    p = command("pool")
    _add_studies_option(p, w)
    p.add_argument("--measure", type=w.typed(options.measure), default="log_bcr",
                   metavar=w.var("measure"), help=w("measure"))
    p.add_argument("--by", type=w.typed(options.subgroups), metavar=w.var("characteristic"),
                   help=w("by"))
    p.add_argument("--method", choices=("reml", "dl", "pm", "ml", "fe"), default="reml",
                   help=w("method"))
    p.add_argument("--ci", choices=("z", "hksj"), default="z", help=w("ci"))
    p.add_argument("--coverage", type=w.typed(options.coverage), default=0.90,
                   metavar=w.var("share"), help=w("coverage"))
    _add_monte_carlo(p, w)
    p.add_argument("--json", action="store_true", help=w("pool_json"))
    _add_basis_options(p, w)

    p = command("scenario")
    p.add_argument("specs", nargs="+", type=w.typed(options.existing("spec")),
                   metavar=w.var("spec"), help=w("specs"))
    _add_studies_option(p, w)
    p.add_argument("--out", type=Path, metavar=w.var("dir"), help=w("scenario_out"))
    _add_csv_option(p, w)
    p.add_argument("--json", action="store_true", help=w("scenario_json"))
    p.add_argument("--pdf", action="store_true", help=w("scenario_pdf"))
    _add_monte_carlo(p, w)
    # the presets are the team types (mkba.scenario.PRESETS); the light vocabulary, not the
    # scenario package, keeps `mkba --help` quick
    team_types = vocabulary("approach_types").codes
    p = new_workbook("scenario-template")
    p.add_argument("--preset", choices=team_types, metavar=w.var("preset"), help=w("preset"))

    p = new_workbook("calculator")
    _add_studies_option(p, w)
    p.add_argument("--preset", choices=team_types, default=team_types[0],
                   metavar=w.var("preset"), help=w("calculator_preset"))

    p = command("report")
    _add_studies_option(p, w)
    p.add_argument("--out", type=Path, default=Path("reports"), metavar=w.var("dir"),
                   help=w("report_out"))
    _add_csv_option(p, w)
    p.add_argument("--scenarios", type=Path, default=Path("scenarios"), metavar=w.var("dir"),
                   help=w("scenarios"))
    p.add_argument("--no-scenarios", action="store_true", help=w("no_scenarios"))
    register = p.add_mutually_exclusive_group()
    register.add_argument("--register", type=w.typed(options.existing("register")),
                          metavar=w.var("csv"), help=w("report_register"))
    register.add_argument("--no-register", action="store_true", help=w("no_register"))
    p.add_argument("--pdf", action="store_true", help=w("report_pdf"))
    p.add_argument("--quiet", action="store_true", help=w("quiet"))
    _add_basis_options(p, w)

    p = command("register")
    p.add_argument("--register", type=w.typed(options.existing("register")),
                   metavar=w.var("csv"), help=w("register_file"))
    p.add_argument("--json", action="store_true", help=w("register_json"))

    p = command("labels")
    p.add_argument("vocabulary", nargs="?", choices=VOCABULARY_NAMES,
                   metavar=w.var("vocabulary"), help=w("vocabulary"))
    p.add_argument("--json", action="store_true", help=w("labels_json"))
    return parser
