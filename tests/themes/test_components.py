"""Components: the form field and error summary follow the GOV.UK pattern."""

from django import forms
from django.template import Context, Template


class StoryForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="Or a made-up name.")
    phone = forms.CharField(label="Phone", required=False)
    agree = forms.BooleanField(label="I agree")


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_field_has_label_hint_and_points_at_them():
    html = render("{% form_field form.name %}", form=StoryForm())
    assert '<label class="label" for="id_name">Your name</label>' in html
    assert 'id="id_name-hint"' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert "aria-invalid" not in html


def test_optional_fields_say_so():
    html = render("{% form_field form.phone %}", form=StoryForm())
    assert "Phone (optional)" in html


def test_field_with_error_shows_it_next_to_the_field_and_keeps_the_value():
    form = StoryForm(data={"name": "", "phone": "0123"})
    form.is_valid()
    html = render("{% form_field form.name %}{% form_field form.phone %}", form=form)
    assert 'id="id_name-error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'aria-invalid="true"' in html
    assert "This field is required." in html
    assert 'value="0123"' in html


def test_checkbox_label_follows_the_box():
    html = render("{% form_field form.agree %}", form=StoryForm())
    assert html.index('type="checkbox"') < html.index("I agree")


def test_error_summary_links_to_each_field():
    form = StoryForm(data={})
    form.is_valid()
    html = render(
        '{% include "components/error_summary.html" with form=form %}', form=form
    )
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_agree"' in html


def test_error_summary_is_absent_without_errors():
    html = render(
        '{% include "components/error_summary.html" with form=form %}',
        form=StoryForm(),
    )
    assert html.strip() == ""


def test_data_table_has_caption_headers_and_row_headers():
    html = render(
        '{% include "components/data_table.html" with caption="Money" headers=h '
        "rows=r numeric=n %}",
        h=["Area", "Spent"],
        r=[["Home", "£1"]],
        n=[1],
    )
    assert '<caption class="table__caption">Money</caption>' in html
    assert '<th scope="col" class="table__cell--numeric">Spent</th>' in html
    assert '<th scope="row">Home</th>' in html


def test_pagination_elides_long_ranges_and_marks_the_current_page():
    from django.core.paginator import Paginator

    paginator = Paginator(range(1000), 10)
    page_obj = paginator.page(50)
    html = render(
        '{% include "components/pagination.html" with page_obj=page_obj '
        'page_range=page_range query="q=care" %}',
        page_obj=page_obj,
        page_range=list(paginator.get_elided_page_range(50, on_each_side=2)),
    )
    assert 'aria-current="page" href="?q=care&amp;page=50"' in html
    assert html.count("…") == 2
    assert 'href="?q=care&amp;page=100"' in html
    assert 'href="?q=care&amp;page=20"' not in html
    assert 'rel="prev" href="?q=care&amp;page=49"' in html


def test_pagination_is_absent_for_a_single_page():
    from django.core.paginator import Paginator

    page_obj = Paginator(range(5), 10).page(1)
    html = render(
        '{% include "components/pagination.html" with page_obj=page_obj %}',
        page_obj=page_obj,
    )
    assert html.strip() == ""


def test_error_summary_links_to_the_first_option_of_a_radio_group():
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        colour = forms.ChoiceField(
            choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
        )
        name = forms.CharField()
        agree = forms.BooleanField()

    form = Form({})
    html = render_to_string("components/error_summary.html", {"form": form})
    assert 'href="#id_colour_0"' in html
    assert 'href="#id_name"' in html
    assert 'href="#id_agree"' in html
    rendered = str(form["colour"])
    assert 'id="id_colour_0"' in rendered
