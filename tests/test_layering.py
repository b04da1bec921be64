"""The import-linter contracts (pyproject.toml) cover every product module.

A forbidden contract only guards the modules it names, so a module added beside the
services, or moved, would be unguarded without a word. Each product module must be a
web-edge module (views, APIs, serializers, forms, URLconfs, admin, tasks, settings…),
one of the pure modules, or a services-level module named in the first contract
(docs/ARCHITECTURE.md, "Layering")."""

import tomllib
from pathlib import Path

import grimp
import pytest

from tests.test_pure_modules import PURE

CONFIG = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["tool"][
    "importlinter"
]
# config is project wiring (settings, URL root, middleware): all of it is edge.
PRODUCT = [p for p in CONFIG["root_packages"] if p not in {"config", "demo"}]

# The last part of a module's name that puts it on the web edge: it answers requests,
# renders, registers or wires, and may import anything below it.
EDGE_NAMES = {
    "__init__",
    "admin",
    "admin_login",
    "adapter",
    "alert_urls",
    "api",
    "api_urls",
    "apps",
    "authentication",
    "forms",
    "models",
    "public_urls",
    "public_views",
    "serializers",
    "tasks",
    "urls",
    "views",
}
# Packages whose modules are all edge.
EDGE_PACKAGES = (".templatetags.", ".migrations.", ".management.")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*CONFIG["root_packages"])


def contract(name_start):
    return next(c for c in CONFIG["contracts"] if c["name"].startswith(name_start))


def covered(graph, expressions):
    modules = set()
    for expression in expressions:
        if "*" in expression:
            modules |= graph.find_matching_modules(expression)
        else:
            modules.add(expression)
    return modules


def test_every_product_module_is_named_by_a_contract(graph):
    services_level = covered(graph, contract("Services and selectors")["source_modules"])
    pure = covered(graph, contract("Pure modules")["source_modules"])
    unguarded = sorted(
        module
        for module in graph.modules
        if module.split(".")[0] in PRODUCT
        and not graph.find_children(module)
        and module.rsplit(".", 1)[-1] not in EDGE_NAMES
        and not any(part in f".{module}." for part in EDGE_PACKAGES)
        and module not in services_level | pure
    )
    assert unguarded == [], (
        "Name these modules in pyproject.toml's import-linter contracts "
        f"(services-level or pure): {unguarded}"
    )


def test_the_contracts_name_only_modules_that_exist(graph):
    for entry in CONFIG["contracts"]:
        for expression in entry["source_modules"]:
            matched = covered(graph, [expression]) & graph.modules
            assert matched, f"{entry['name']}: {expression} names no module"


def test_the_pure_contract_holds_every_module_tested_as_pure(graph):
    assert set(PURE) <= covered(graph, contract("Pure modules")["source_modules"])


def test_an_edge_module_is_never_listed_as_services_level(graph):
    services_level = covered(graph, contract("Services and selectors")["source_modules"])
    assert not {m for m in services_level if m.rsplit(".", 1)[-1] in EDGE_NAMES - {"__init__"}}
