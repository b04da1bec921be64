"""Items of started assessments, kept in memory per process for the autosave path.

An assessment is frozen once any candidate starts it: from then on its items' kind,
content and options never change (gold lives in ``GoldAnswer``, which this never reads).
So the item a save needs can be read once per process instead of once per keystroke.
"""

from assessments.attempts.selectors import CANDIDATE_ITEM_FIELDS
from assessments.models import Item

MAX_ITEMS = 20_000

_items: dict[int, Item] = {}


def frozen_item(*, assessment_id: int, item_id: int) -> Item:
    """The item, from memory when this process has read it before (``Item.DoesNotExist``
    if it is not an item of that assessment)."""
    item = _items.get(item_id)
    if item is None or item.assessment_id != assessment_id:
        item = Item.objects.only(*CANDIDATE_ITEM_FIELDS).get(
            pk=item_id, assessment_id=assessment_id
        )
        if len(_items) >= MAX_ITEMS:
            _items.clear()
        _items[item_id] = item
    return item


def clear() -> None:
    _items.clear()
