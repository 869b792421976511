"""Signing in by a code sent by email, in the browser, by keyboard."""

import re

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
EMAIL = "facilitator@anyshire.example"


def test_sign_in_by_code(visitor, mailoutbox):
    page = visitor.visit("/accounts/login/")
    page.get_by_role("button", name="Email me a sign-in code").click()
    page.wait_for_url("**/accounts/login/code/")
    visitor.check()
    page.get_by_label("Email").fill(EMAIL)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/code/confirm/")
    visitor.check()
    code = CODE.search(mailoutbox[-1].body).group(1)
    page.get_by_label("Code").fill(code.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(visitor.base_url + "/")
    visitor.check()
    assert f"Signed in as {EMAIL}" in page.content()


def test_wrong_code_moves_focus_to_the_error_summary(visitor, mailoutbox):
    page = visitor.visit("/accounts/login/code/")
    page.get_by_label("Email").fill(EMAIL)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/code/confirm/")
    page.get_by_label("Code").fill("WRONG-CODE")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert "There is a problem" in page.content()
    assert "error-summary" in visitor.focused()["cls"]
    assert page.get_by_label("Code").input_value() == "WRONG-CODE"
