"""The pictogram library and its template tag."""

from pathlib import Path

from django.conf import settings
from django.template import Context, Template

from themes.pictograms import PICTOGRAMS, pictogram_choices

STATIC = Path(settings.BASE_DIR) / "themes" / "static" / "themes" / "pictograms"


def test_every_pictogram_has_its_svg_and_every_svg_is_listed():
    shipped = {p.stem for p in STATIC.glob("*.svg")}
    assert shipped == set(PICTOGRAMS)


def test_the_licence_ships_beside_the_pictograms():
    licence = (STATIC / "LICENSE.txt").read_text()
    assert "Creative Commons Attribution-Share" in licence
    assert "Steve Lee" in licence


def test_every_pictogram_has_alt_text():
    assert all(p.alt.strip() for p in PICTOGRAMS.values())


def test_choices_name_what_the_picture_shows():
    choices = dict(pictogram_choices())
    assert choices["home"] == "A house (home)"


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_tag_renders_an_image_with_its_own_alt_text():
    html = render('{% pictogram "home" %}')
    assert 'src="/static/themes/pictograms/home.svg"' in html
    assert 'alt="A house"' in html
    assert 'width="72"' in html


def test_tag_alt_can_be_overridden_or_emptied():
    assert 'alt="Our home"' in render('{% pictogram "home" alt="Our home" %}')
    assert 'alt=""' in render('{% pictogram "home" alt="" %}')


def test_tag_escapes_alt_text():
    html = render('{% pictogram "home" alt=words %}', words="<b>x</b>")
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_unknown_pictogram_shows_words_not_a_broken_image():
    html = render('{% pictogram "unicorn" alt="A unicorn" %}')
    assert "<img" not in html
    assert "A unicorn" in html
