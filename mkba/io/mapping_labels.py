"""A mapping's own labels: the workbook's wording mapped to the vocabularies' codes.

A ``[labels]`` table in a mapping file, and the ``[labels]`` table of the file that its
top-level key ``labels_file`` names (relative to the mapping file; several mappings can share
it), map a workbook's own wording to a code, label or synonym of the vocabularies of kinds,
categories and actors::

    labels_file = "labels.toml"

    [labels]
    "Minder jeugdzorg" = "jeugdzorg"
    "Minder politie-inzet" = "Politie, justitie en overlast"
    "Zorgverz." = "zorgverzekeraar"

The mapping's own labels override those of the labels file. The wording is matched as
:func:`mkba.vocab.normalise_label` folds it (case, accents, spacing and a final dot do not
count). Each target is checked here: one that is in none of the vocabularies of
:data:`TARGET_VOCABULARIES` is a ``mapping_error`` naming the key (``labels."Minder
politie-inzet"``) and its line, with the labels it may have meant.
"""

from __future__ import annotations

from pathlib import Path

from mkba.io.mapping_file import MappingFile, Source
from mkba.io.source_file import SourceFileError, read_toml
from mkba.limits import MAX_TEXT_FILE_BYTES
from mkba.messages import Text
from mkba.vocab import normalise_label, vocabulary

__all__ = ["TARGET_VOCABULARIES", "read_labels", "suggestions"]

#: The vocabularies a label can point into.
TARGET_VOCABULARIES = ("cost_benefit_kinds", "cost_categories", "benefit_categories", "actors")


def suggestions(text: str) -> list[str]:
    """The known labels of :data:`TARGET_VOCABULARIES` that ``text`` may mean (at most one per
    vocabulary, see :meth:`mkba.vocab.Vocabulary.suggest`).

    Examples
    --------
    >>> suggestions("Minder politie-inzet")
    ['Politie, justitie en overlast', 'Politie en justitie']
    >>> suggestions("xyzzy")
    []
    """
    found = (vocabulary(name).suggest(text) for name in TARGET_VOCABULARIES)
    return list(dict.fromkeys(s for s in found if s))


def _known(target: str) -> bool:
    return any(vocabulary(name).lookup(target) for name in TARGET_VOCABULARIES)


def _table(m: MappingFile, table, source: Source, labels: dict[str, str]) -> None:
    """Check one ``[labels]`` table and add it to ``labels`` (folded wording -> target)."""
    if not isinstance(table, dict):
        m.error(("labels", None, None), Text("moet geschreven worden als [labels]",
                                             "must be written as [labels]"), source=source)
        return
    own: dict[str, tuple[str, str]] = {}
    for key, target in table.items():
        where = ("labels", None, key)
        folded = normalise_label(key)
        if not folded:
            m.error(where, Text("de eigen tekst van de werkmap is leeg",
                                "the workbook's own wording is empty"), found=key,
                    expected=Text("een tekst zoals \"Minder jeugdzorg\"",
                                  "a text such as \"Minder jeugdzorg\""), source=source)
            continue
        if not isinstance(target, str) or not target.strip():
            m.error(where, Text("moet een code, label of synoniem uit de woordenlijsten zijn",
                                "must be a code, label or synonym of the vocabularies"),
                    found=target, expected=Text("een tekst zoals \"jeugdzorg\"",
                                                "a text such as \"jeugdzorg\""), source=source)
            continue
        if not _known(target):
            hints = suggestions(target)
            m.error(where, Text(
                "{target!r} staat in geen van de woordenlijsten van soorten, categorieën en "
                "actoren" + ("; bedoelt u {hints}?" if hints else ""),
                "{target!r} is in none of the vocabularies of kinds, categories and actors"
                + ("; did you mean {hints}?" if hints else ""), target=target,
                hints=Text.same(" / ".join(repr(h) for h in hints))), found=target,
                expected=Text("een code, label of synoniem (mkba labels toont ze)",
                              "a code, label or synonym (mkba labels lists them)"),
                source=source)
            continue
        if folded in own and normalise_label(own[folded][1]) != normalise_label(target):
            m.error(where, Text("dezelfde tekst als {other!r} (hoofdletters, accenten en "
                                "spaties tellen niet), met een ander doel",
                                "the same wording as {other!r} (case, accents and spacing do "
                                "not count), with another target", other=own[folded][0]),
                    found=target, expected=Text("elke tekst één keer", "each wording once"),
                    source=source)
            continue
        own[folded] = (key, target)
    labels.update({folded: target for folded, (_, target) in own.items()})


def _labels_file(m: MappingFile, value) -> tuple[dict, Source] | None:
    where = ("", None, "labels_file")
    name = m.text(where, value)
    if name is None:
        return None
    path = m.path.parent / Path(name)
    try:
        text, data = read_toml(path, max_bytes=MAX_TEXT_FILE_BYTES, expected=Text(
            "een TOML-bestand {path}", "a TOML file {path}", path=str(path)))
    except SourceFileError as exc:
        reading = exc.unreadable
        m.error(where, Text(
            "kan het labelbestand {file} niet lezen: {detail}" if reading else
            "het labelbestand {file} is geen bruikbare TOML: {detail}",
            "cannot read the labels file {file}: {detail}" if reading else
            "the labels file {file} is not usable TOML: {detail}",
            file=name, detail=exc.message), found=exc.found,
            expected=Text("een TOML-bestand met een tabel [labels], naast het mappingbestand "
                          "of met een pad vanaf daar", "a TOML file with a [labels] table, "
                          "beside the mapping file or with a path from there"))
        return None
    return data, Source(path, text)


def read_labels(m: MappingFile, data: dict) -> dict[str, str]:
    """The own labels of a parsed mapping ``data``: the labels file's, then its own ``[labels]``.

    Returns a dict of folded wording (:func:`mkba.vocab.normalise_label`) to the target as
    written; every problem is a ``mapping_error`` in ``m``'s log.
    """
    labels: dict[str, str] = {}
    if "labels_file" in data:
        shared = _labels_file(m, data["labels_file"])
        if shared is not None:
            content, source = shared
            m.keys(("", None, None), content, {"labels"}, source=source)
            _table(m, content.get("labels", {}), source, labels)
    if "labels" in data:
        _table(m, data["labels"], m.source, labels)
    return labels
