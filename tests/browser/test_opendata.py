"""The open data downloads page in a real browser, once the results are
published: reached from the inquiry page, axe-clean, and its links download."""

from consult.models import Inquiry, User
from consult.publication import publish_results


def test_downloads_page_after_publishing(visitor):
    inquiry = Inquiry.objects.get(slug="anyshire")
    publish_results(inquiry, by=User.objects.get(email="editor@anyshire.example"))

    page = visitor.visit("/anyshire/")  # axe-core runs on every visit
    page.get_by_role("link", name="Download the results as open data").click()
    page.wait_for_url("**/anyshire/data/")
    visitor.check()
    assert page.locator("h1").inner_text() == "Open data"
    assert page.get_by_role("table").count() == 5
    assert page.get_by_role("link", name="Read the Creative Commons").count() == 1

    link = page.get_by_role("link", name="Download what people told us as CSV")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "anyshire-findings.csv"
    with open(download.value.path(), encoding="utf-8") as saved:
        assert saved.readline().startswith("finding,date,channel,consent,name,text")

    visitor.set_mode("easy-read")
    page = visitor.visit("/anyshire/data/")
    assert page.get_by_text("The files do not say who you are.").count() == 1
