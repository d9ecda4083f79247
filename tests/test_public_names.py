"""The public names of mkba: each is loaded from the module that defines it, no name is passed
on through a chain of modules, and no public function takes the basis as four loose
arguments."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import mkba

BASIS_FIELDS = {"price_year", "rate", "horizon", "timing"}


def _modules():
    for info in pkgutil.walk_packages(mkba.__path__, "mkba."):
        if info.name != "mkba.__main__":
            yield importlib.import_module(info.name)


def test_top_level_names_come_from_the_module_that_defines_them():
    for name, module in mkba._EXPORTS.items():
        obj = getattr(mkba, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__module__ == module, (name, module, obj.__module__)


def test_no_module_lists_a_name_it_only_imports_from_a_sibling_that_passes_it_on():
    # a module's __all__ may list what it defines, or (a package) what its own modules
    # define; never a name that it imports from a module that itself imported it
    for module in _modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            home = getattr(obj, "__module__", None)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or home is None:
                continue
            is_package = hasattr(module, "__path__")
            own = home == module.__name__ or (is_package and home.startswith(module.__name__
                                                                             + "."))
            assert own, f"{module.__name__}.__all__ passes on {name} from {home}"


def test_no_public_function_takes_the_basis_as_four_loose_arguments():
    offenders = []
    for module in _modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            targets = [obj] if inspect.isfunction(obj) else [
                m for m in vars(obj).values() if inspect.isfunction(m)] if inspect.isclass(
                obj) else []
            for fn in targets:
                if fn.__name__ == "__init__":
                    continue  # a record's fields (Appraisal, Basis), not a function's arguments
                params = set(inspect.signature(fn).parameters)
                if BASIS_FIELDS <= params:
                    offenders.append(f"{module.__name__}.{fn.__qualname__}")
    assert offenders == []
