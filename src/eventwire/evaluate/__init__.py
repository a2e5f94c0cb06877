"""Gold-format loaders and metrics behind ``eventwire eval``: a registry of formats.

Each format is one module of this package with ``NAME`` (the ``--format``
value), ``DESCRIPTION`` (one line for ``--help``), ``load(path)`` (the gold
items; InputError naming ``FILE:LINE`` for a malformed file),
``score(coder, gold, *, rule, n_process)`` (a JSON-able report) and
``render(report)`` (the same report as text). To add a format, write its module
and add its name to ``MODULES``.

>>> {"conflibert-class", "conflibert-ner", "coref"} <= set(GOLD_FORMATS)
True
>>> GOLD_FORMATS["conflibert-ner"].DESCRIPTION.startswith("token TAG")
True
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

MODULES = ("conflibert_class", "conflibert_ner", "plover_gsr", "petrarch_validation", "case2021", "ngec_csv",
           "attribution", "coref", "polnear", "voa_labels")


def _registry() -> dict[str, ModuleType]:
    modules = [import_module(f"{__name__}.{name}") for name in MODULES]
    return {module.NAME: module for module in modules}


GOLD_FORMATS: dict[str, ModuleType] = _registry()
