"""Colours come from the design tokens only, and the pairs used for text and for the edges
of controls meet WCAG 2.2 AA: 4.5:1 for text, 3:1 for a form field's border (1.4.3 and
1.4.11). Reads the stylesheets and templates as files: no database, no browser."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "static" / "css"
TOKENS = CSS / "tokens.css"
VENDORED = {"htmx.min.js"}

TEXT_RATIO = 4.5
CONTROL_RATIO = 3.0
# The surfaces text sits on when its rule sets no background of its own.
SURFACES = ("card", "bg", "surface-tint")
# Light text on the dark fills it is used on (buttons, badges, the skip link, the hero).
ON_DARK = {
    "on-dark": ("brand", "brand-2", "brand-3", "ink", "bad", "bad-strong"),
    "on-dark-2": ("brand", "brand-3"),
}
# Edges that mark where a control is: inputs, selects, textareas, the checklist's circles.
CONTROL_EDGES = {"field-border": ("card", "bg", "surface-tint", "surface-2")}

HEX = r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b"
FUNCTION = r"\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\("
NAMED = (
    r"(?<![\w-])(?:white|black|red|green|blue|yellow|orange|purple|gray|grey|silver|navy|teal"
    r"|maroon|olive|lime|aqua|fuchsia|pink|brown|gold|indigo|violet)(?![\w-])"
)
# In a stylesheet: any literal. In a template or script: a literal where a colour would
# go (an attribute or style value), so that "#main" links and ids are not colours.
CSS_LITERAL = re.compile(rf"{HEX}|{FUNCTION}|:\s*[^;{{}}]*{NAMED}")
MARKUP_LITERAL = re.compile(
    rf"""(?:fill|stroke|color|background|stop-color|style)\s*[=:]\s*["']?\s*(?:{HEX}|{FUNCTION}|{NAMED})"""
    rf"""|{FUNCTION}"""
)
SCRIPT_LITERAL = re.compile(rf"""{MARKUP_LITERAL.pattern}|["'`]\s*{HEX}\s*["'`]""")


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def tokens() -> dict[str, str]:
    """Token name (without --) → its colour as #rrggbb, var() references resolved."""
    raw = dict(re.findall(r"--([\w-]+)\s*:\s*([^;]+);", _without_comments(TOKENS.read_text())))

    def resolve(value: str, seen=()) -> str:
        value = value.strip()
        reference = re.fullmatch(r"var\(--([\w-]+)\)", value)
        if reference:
            name = reference.group(1)
            assert name not in seen, f"token cycle through --{name}"
            return resolve(raw[name], (*seen, name))
        return value.lower()

    return {name: resolve(value) for name, value in raw.items()}


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # The measurement of the old field border and empty-stage text.
    assert contrast("#cbd5e1", "#ffffff") == pytest.approx(1.48, abs=0.01)


def _sources():
    yield from (p for p in CSS.glob("*.css") if p != TOKENS)
    yield from (ROOT / "templates").rglob("*.html")
    yield from (ROOT / "templates").rglob("*.txt")
    yield from (p for p in (ROOT / "static" / "js").glob("*.js") if p.name not in VENDORED)


def colour_literals(path: Path) -> list[str]:
    """ "file:line: literal" for each colour literal in a stylesheet, template or script."""
    text = path.read_text()
    if path.suffix == ".css":
        text = _without_comments(text)
        pattern = CSS_LITERAL
    else:
        pattern = SCRIPT_LITERAL if path.suffix == ".js" else MARKUP_LITERAL
    return [
        f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0).strip()}"
        for m in pattern.finditer(text)
    ]


def test_no_colour_literal_outside_the_tokens_file():
    found = [hit for path in _sources() for hit in colour_literals(path)]

    assert found == [], "use a token from static/css/tokens.css:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.css", ".x { border: 1px solid #cbd5e1; }", True),
        ("a.css", ".x { color: rgb(0 0 0 / 50%); }", True),
        ("a.css", ".x { background: white; }", True),
        ("a.css", ".x { color: var(--ink); background: transparent; }", False),
        ("a.html", '<rect fill="#fff">', True),
        ("a.html", '<a href="#main">skip</a> <a href="#add">', False),
        ("a.js", 'el.style.background = "#fde68a";', True),
        ("a.js", 'const colour = "#fde68a";', True),
    ],
)
def test_the_literal_check_can_fail(tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text)

    assert bool(colour_literals(path)) is expected


def test_every_token_used_is_defined():
    defined = set(tokens())
    used = {
        (path.name, name)
        for path in [*CSS.glob("*.css")]
        for name in re.findall(r"var\(--([\w-]+)", path.read_text())
    }

    assert sorted(u for u in used if u[1] not in defined) == []


def _rules():
    """(selector, {property: token}) for each rule of every stylesheet that sets colours
    through tokens."""
    for path in CSS.glob("*.css"):
        if path == TOKENS:
            continue
        css = _without_comments(path.read_text())
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            declared = {}
            for prop, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body):
                whole = prop in ("color", "background", "background-color")
                token = (re.fullmatch if whole else re.search)(r"\s*var\(--([\w-]+)\)\s*", value)
                if token:
                    declared[prop] = token.group(1)
                elif prop == "background" and value.strip() == "transparent":
                    declared[prop] = None
            if declared:
                yield f"{path.name}: {selector.strip()}", declared


def text_pairs() -> set[tuple[str, str]]:
    """(text token, background token) for every text colour the stylesheets set: with the
    rule's own background when it sets one, else on each surface (or, for light text, on
    the dark fills it is used on)."""
    pairs = set()
    for _, declared in _rules():
        text = declared.get("color")
        if text is None:
            continue
        background = declared.get("background") or declared.get("background-color")
        if background:
            pairs.add((text, background))
        else:
            pairs.update((text, surface) for surface in ON_DARK.get(text, SURFACES))
    return pairs


def test_text_colours_meet_aa_on_their_backgrounds():
    colours = tokens()
    pairs = text_pairs()
    failing = [
        f"--{text} on --{background}: {contrast(colours[text], colours[background]):.2f}:1"
        for text, background in sorted(pairs)
        if contrast(colours[text], colours[background]) < TEXT_RATIO
    ]

    assert ("muted", "card") in pairs
    assert ("on-dark", "brand") in pairs
    assert failing == []


def test_the_borders_of_form_fields_meet_three_to_one():
    colours = tokens()
    field_rules = [
        declared
        for selector, declared in _rules()
        if re.search(r"\b(?:input|select|textarea)\b", selector) and "border" in declared
    ]
    failing = [
        f"--{edge} on --{surface}: {contrast(colours[edge], colours[surface]):.2f}:1"
        for edge, surfaces in CONTROL_EDGES.items()
        for surface in surfaces
        if contrast(colours[edge], colours[surface]) < CONTROL_RATIO
    ]

    # A field's edge is a control edge token, or the field is filled with its edge colour
    # (a submit button), whose fill marks it.
    assert field_rules
    assert all(
        rule["border"] in CONTROL_EDGES or rule["border"] == rule.get("background")
        for rule in field_rules
    )
    assert failing == []
