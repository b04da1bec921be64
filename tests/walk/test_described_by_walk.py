"""Every page the team walks names only ids it renders: a field's aria-describedby (its
help text and its errors), aria-labelledby, aria-controls and each label's ``for``."""

from tests.a11y import dangling_references
from tests.walk.world import World


def test_every_team_page_renders_the_ids_its_fields_refer_to(world: World, walk):
    visits = [
        v
        for v in walk(world.members["owner"])
        if v.method == "GET" and v.status == 200 and v.body.lstrip().startswith("<")
    ]
    dangling = [f"{v}: {problems}" for v in visits if (problems := dangling_references(v.body))]

    assert len(visits) > 20
    assert dangling == [], "\n".join(dangling)


def test_the_check_finds_a_dangling_reference():
    page = (
        '<label for="id_a">A</label><input id="id_a" aria-describedby="id_a_helptext">'
        '<label for="">B</label>'
    )

    assert dangling_references(page) == ['aria-describedby="id_a_helptext"', 'for=""']
