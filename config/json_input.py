"""JSON that a client sent, read once with bounds: the one guard every endpoint, form and
importer uses before a value can reach a model or the database.

Refused, each with a message that names where (``content.outputs[2]``) and what:

- nesting deeper than ``MAX_DEPTH`` (no ``RecursionError``, however deep the input);
- ``NaN``, ``Infinity`` and numbers too large for a float (``1e400``);
- the NUL character (PostgreSQL stores it in neither text nor ``jsonb``);
- lone surrogates such as ``"\\ud800"`` (not encodable as UTF-8, so not storable);
- a body larger than ``MAX_BYTES``.

``loads`` parses and checks; ``check`` checks a value built some other way (a form's text,
a CSV cell) with the same rules.
"""

import json
import math
import re

from rest_framework import exceptions
from rest_framework.parsers import BaseParser

from config.errors import ApplicationError

MAX_DEPTH = 32
MAX_BYTES = 5 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONInputError(ValueError):
    """Malformed client JSON; ``path`` is where in the value (``""`` for the whole)."""

    def __init__(self, message: str, path: str = ""):
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)

    @property
    def field(self) -> str | None:
        """The top-level key the problem is under (``content`` for ``content.text``)."""
        return re.split(r"[.\[]", self.path, maxsplit=1)[0] or None


def _refuse_constant(name: str):
    raise JSONInputError(f"{name} is not a number JSON allows; send a finite number.")


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_BYTES):
    """The value in ``text``, or ``JSONInputError`` saying what is wrong with it."""
    if len(text) > max_bytes:
        raise JSONInputError(f"The JSON is larger than {max_bytes // 1024 // 1024} MB.")
    if isinstance(text, bytes | bytearray):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JSONInputError(
                f"Not UTF-8 text (byte 0x{text[error.start]:02x} at position {error.start})."
            ) from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise JSONInputError(_too_deep(max_depth), _deep_path(text, max_depth)) from None
    except JSONInputError:
        raise
    except ValueError as error:  # JSONDecodeError, and integers beyond Python's digit limit
        raise JSONInputError(f"Not valid JSON: {error}.") from None
    return check(value, max_depth=max_depth)


def _too_deep(max_depth: int) -> str:
    return f"Nested more than {max_depth} levels deep."


def _deep_path(text: str, max_depth: int) -> str:
    """Where ``text`` first nests deeper than ``max_depth``, found without parsing it (the
    parser itself ran out of stack): ``answer[0][0]…``. Keys and indexes are tracked as the
    brackets open and close; strings are skipped whole."""
    path: list[str] = []  # one entry per open container: its key or index so far
    kinds: list[str] = []
    last_string, i = "", 0
    while i < len(text):
        char = text[i]
        if char == '"':
            end = i + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            last_string, i = text[i + 1 : end], end + 1
            continue
        if char in "[{":
            if len(kinds) >= max_depth:
                break
            kinds.append(char)
            path.append("0" if char == "[" else "")
        elif char in "]}" and kinds:
            kinds.pop()
            path.pop()
        elif char == "," and kinds and kinds[-1] == "[":
            path[-1] = str(int(path[-1]) + 1)
        elif char == ":" and kinds:
            path[-1] = printable(last_string)
        i += 1
    where = ""
    for kind, step in zip(kinds, path, strict=True):
        where += f"[{step}]" if kind == "[" else (f".{step}" if where else step)
    return where if len(where) <= 200 else where[:200] + "…"


def text_problem(text: str) -> str | None:
    """What makes this text unstorable, or ``None``."""
    if "\x00" in text:
        return "Contains a NUL character (\\u0000), which cannot be stored; remove it."
    if _SURROGATE.search(text):
        return "Contains a lone surrogate (such as \\ud800), which is not valid Unicode."
    return None


def printable(text) -> str:
    """``text`` safe to show back in a message: a NUL or lone surrogate written as its
    escape, so an error about them can itself be rendered."""
    return str(text).replace("\x00", "\\u0000").encode("utf-8", "backslashreplace").decode()


def check(value, *, max_depth: int = MAX_DEPTH, path: str = ""):
    """``value`` itself if every part of it is storable, else ``JSONInputError`` naming
    the first part that is not. Walks without recursion, so any depth is safe to check."""
    stack = [(value, path, 0)]
    while stack:
        current, where, depth = stack.pop()
        if isinstance(current, str):
            problem = text_problem(current)
            if problem:
                raise JSONInputError(problem, where)
        elif isinstance(current, float):
            if not math.isfinite(current):
                raise JSONInputError("Not a finite number.", where)
        elif isinstance(current, dict | list | tuple):
            if depth >= max_depth:
                raise JSONInputError(_too_deep(max_depth), where)
            if isinstance(current, dict):
                for key, child in current.items():
                    key_path = f"{where}.{printable(key)}" if where else printable(key)
                    if isinstance(key, str) and text_problem(key):
                        raise JSONInputError(f"A key: {text_problem(key)}", where)
                    stack.append((child, key_path, depth + 1))
            else:
                stack.extend(
                    (child, f"{where}[{index}]", depth + 1) for index, child in enumerate(current)
                )
    return value


def storable(value, field: str):
    """``value`` if every part of it can be stored (``check``), else an ``ApplicationError``
    on ``field``: the services' guard for text and answers that did not come through
    ``loads`` (form posts, values built by the caller)."""
    try:
        return check(value)
    except JSONInputError as error:
        where = f"{error.path}: " if error.path else ""
        raise ApplicationError(where + error.message, field=field) from None


class JSONParser(BaseParser):
    """The API's JSON parser (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``): ``loads``, with
    a refusal as a 400 field error under the top-level key at fault."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return loads(stream.read() if stream is not None else b"")
        except JSONInputError as error:
            where = f"{error.path}: " if error.path and error.path != error.field else ""
            raise exceptions.ValidationError(
                {error.field or "non_field_errors": [where + error.message]}
            ) from None
