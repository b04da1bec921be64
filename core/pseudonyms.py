"""Stable pseudonyms for blind review: the same application always gets the same name,
two applications never share one, and nothing about the candidate can be read from it.

Pure: no Django. The name is a keyed hash of the application id (adjective + animal, for
people to remember) followed by a code that is a bijection of the id (for uniqueness),
scrambled so that neighbouring ids look unrelated and the code gives away no order.
"""

from functools import lru_cache
from hashlib import blake2b

ADJECTIVES = (
    "Amber", "Azure", "Brisk", "Cedar", "Coral", "Crimson", "Dawn", "Dune",
    "Ember", "Fern", "Frost", "Golden", "Granite", "Hazel", "Indigo", "Ivory",
    "Jade", "Juniper", "Lunar", "Maple", "Misty", "Moss", "Northern", "Ochre",
    "Opal", "Quiet", "Rapid", "Russet", "Sable", "Silver", "Slate", "Willow",
)  # fmt: skip
ANIMALS = (
    "Badger", "Bison", "Crane", "Dolphin", "Eagle", "Falcon", "Fox", "Gazelle",
    "Heron", "Ibex", "Jaguar", "Kestrel", "Koala", "Lynx", "Marten", "Moose",
    "Narwhal", "Ocelot", "Orca", "Osprey", "Otter", "Owl", "Panda", "Puffin",
    "Raven", "Seal", "Sparrow", "Stoat", "Swift", "Tern", "Walrus", "Wren",
)  # fmt: skip

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols, no 0/O or 1/I
_CODE_LENGTH = 6  # 30 bits: unique for every id below 2**30
_BITS = 5 * _CODE_LENGTH
_HALF = _BITS // 2
_MASK = (1 << _HALF) - 1
_KEY = b"calibrate-pseudonym-v1"


def _round(value: int, round_no: int) -> int:
    digest = blake2b(f"{round_no}:{value}".encode(), key=_KEY, digest_size=4).digest()
    return int.from_bytes(digest, "big") & _MASK


def _scramble(number: int) -> int:
    """A Feistel permutation of [0, 2**30): one-to-one, so codes never collide."""
    left, right = number >> _HALF, number & _MASK
    for round_no in range(4):
        left, right = right, left ^ _round(right, round_no)
    return (left << _HALF) | right


@lru_cache(maxsize=65_536)  # a shortlist page asks for the same few dozen again and again
def pseudonym(application_id: int) -> str:
    """``"Amber Heron · 7KQ2MX"`` for an application id (a positive integer below 2**30)."""
    if not 0 < application_id < 1 << _BITS:
        raise ValueError(f"{application_id} is outside the ids pseudonyms cover.")
    scrambled = _scramble(application_id)
    code = "".join(_ALPHABET[(scrambled >> (5 * i)) & 31] for i in reversed(range(_CODE_LENGTH)))
    adjective = ADJECTIVES[scrambled % len(ADJECTIVES)]
    animal = ANIMALS[(scrambled // len(ADJECTIVES)) % len(ANIMALS)]
    return f"{adjective} {animal} · {code}"
