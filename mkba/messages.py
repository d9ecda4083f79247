"""Messages in Dutch and English: one :class:`Text` holds both, with its values apart.

Every message that a user meets (an issue in a study file or a mapping, an error, a line of
the command line) is a :class:`Text`: a Dutch and an English template in ``str.format`` style
and the values to fill in. The values are formatted when the text is shown, in the language
asked for, so that a number reads ``292.018`` in Dutch and ``292,018`` in English:

- a whole number of four digits or fewer (a year, a row, a count) is written plainly;
  larger whole numbers get the language's thousands separator;
- other numbers get six significant digits (:func:`mkba.formatting.significant`);
- a format spec names another rule: ``{x:2}`` two decimals, ``{x:sig4}`` four significant
  digits, ``{x:euro}`` whole euros, ``{x:pct}`` a percentage, ``{x:year}`` a year;
- a value that is itself a :class:`Text` is shown in the same language; a list or tuple is
  shown as its items joined by ", ".

Dutch is the default language everywhere (``str(text)`` is Dutch); ``lang="en"`` gives English.
"""

from __future__ import annotations

import math
import string

from mkba.errors import ArgumentError

__all__ = ["Text", "LANGS", "render", "check_lang", "lang_index", "joined"]

#: The languages of every message, label, table and figure: Dutch (the default) and English,
#: the order of every (Dutch, English) pair.
LANGS = ("nl", "en")


def check_lang(lang) -> str:
    """``lang`` when it is one of :data:`LANGS`; ArgumentError otherwise.

    Examples
    --------
    >>> check_lang("en")
    'en'
    >>> check_lang("de")
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: lang='de' is niet toegestaan; gebruik 'nl' of 'en'
    """
    if lang not in LANGS:
        shown = repr(lang) if len(repr(lang)) <= 40 else repr(lang)[:37] + "..."
        raise ArgumentError(Text("lang={lang} is niet toegestaan; gebruik 'nl' of 'en'",
                                 "lang={lang} is not allowed; use 'nl' or 'en'", lang=shown))
    return lang


def lang_index(lang) -> int:
    """The position of ``lang`` in a (Dutch, English) pair: 0 for 'nl', 1 for 'en'.

    Examples
    --------
    >>> ("Baten-kostenverhouding", "Benefit-cost ratio")[lang_index("en")]
    'Benefit-cost ratio'
    """
    return LANGS.index(check_lang(lang))


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, spec: str) -> str:
        return _value(value, self.lang, spec)


def _value(value, lang: str, spec: str = "") -> str:
    from mkba import formatting  # Babel on first use: `mkba --help` stays quick

    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, list | tuple):
        return ", ".join(_value(v, lang, spec) for v in value)
    if isinstance(value, bool) or value is None or not isinstance(value, int | float):
        return format(value, spec) if spec else str(value)
    if spec == "year":
        return formatting.year(value)
    if spec == "euro":
        return formatting.euro(value, lang)
    if spec == "pct":
        return formatting.percent(value, lang, 1, trim=True)
    if spec.startswith("sig"):
        return formatting.significant(value, int(spec[3:]), lang)
    if spec:
        return formatting.number(value, int(spec), lang)
    if isinstance(value, int) or (math.isfinite(value) and value == int(value)
                                  and abs(value) < 1e15):
        return str(int(value)) if abs(value) < 10_000 else formatting.number(value, 0, lang)
    return formatting.significant(value, 6, lang)


class Text:
    """One message in Dutch and English.

    Parameters
    ----------
    nl, en : str
        The Dutch and English templates, in ``str.format`` style (``{name}``, ``{name:2}``).
    **values
        The values named in the templates; they are formatted per language (see the module).

    Examples
    --------
    >>> t = Text("{n} bedragen, samen {total:euro}", "{n} amounts, {total:euro} in all",
    ...          n=12345, total=292018.0)
    >>> str(t)
    '12.345 bedragen, samen € 292.018'
    >>> t.render("en")
    '12,345 amounts, €292,018 in all'
    >>> Text("jaar {y}", "year {y}", y=2015).nl
    'jaar 2015'
    """

    __slots__ = ("templates", "values")

    def __init__(self, nl: str, en: str, /, **values):
        self.templates = (nl, en)
        self.values = values

    @classmethod
    def same(cls, text: str) -> Text:
        """A text that reads the same in both languages (a name, a code, a file path).

        Examples
        --------
        >>> Text.same("veldhove-2014").render("en")
        'veldhove-2014'
        """
        return cls("{t}", "{t}", t=text)

    def render(self, lang: str = "nl") -> str:
        """The text in ``lang`` ('nl' or 'en'), its values formatted for that language."""
        template = self.templates[lang_index(lang)]
        return _Formatter(lang).vformat(template, (), self.values)

    @property
    def nl(self) -> str:
        """The Dutch text."""
        return self.render("nl")

    @property
    def en(self) -> str:
        """The English text."""
        return self.render("en")

    def __str__(self) -> str:
        return self.render("nl")

    def __repr__(self) -> str:
        return f"Text({self.nl!r} / {self.en!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Text) and (self.nl, self.en) == (other.nl, other.en)

    def __hash__(self) -> int:
        return hash((self.nl, self.en))

    def __add__(self, other: Text) -> Text:
        """Two texts one after the other."""
        return Text("{a}{b}", "{a}{b}", a=self, b=other)


def render(value, lang: str = "nl") -> str | None:
    """A :class:`Text`, number or other value as text in ``lang``; None stays None.

    Examples
    --------
    >>> render(292018.0), render(292018.0, "en"), render(None), render("Blad1")
    ('292.018', '292,018', None, 'Blad1')
    """
    if value is None:
        return None
    return _value(value, lang)



def joined(texts, separator: str = "; ") -> Text:
    """Several texts as one, with ``separator`` between them (the same in both languages).

    Examples
    --------
    >>> joined([Text("een", "one"), Text("twee", "two")]).en
    'one; two'
    """
    template = separator.join(f"{{t{i}}}" for i in range(len(texts)))
    return Text(template, template, **{f"t{i}": t for i, t in enumerate(texts)})
