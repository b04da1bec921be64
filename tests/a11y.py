"""Checks on rendered HTML that assistive technology depends on."""

import re

ID = re.compile(r"""\sid=["']([^"']+)["']""")
REFERENCES = re.compile(
    r"""\s(aria-describedby|aria-labelledby|aria-controls|for)=["']([^"']*)["']"""
)
TEMPLATE = re.compile(r"<template\b.*?</template>", re.S)


def dangling_references(html: str) -> list[str]:
    """Each ``aria-describedby`` / ``aria-labelledby`` / ``aria-controls`` / ``<label for>``
    id that no element of the page carries (an empty ``for=""`` too). The inside of a
    ``<template>`` (a formset's blank row) is checked on its own: it is not in the page
    until a row is added."""
    problems = []
    for part in [TEMPLATE.sub("", html), *TEMPLATE.findall(html)]:
        ids = set(ID.findall(part))
        for attribute, value in REFERENCES.findall(part):
            names = value.split()
            if not names:
                problems.append(f'{attribute}=""')
            problems += [f'{attribute}="{name}"' for name in names if name not in ids]
    return problems
