"""Accounts: allauth with our plain-words messages."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_code": "That code is not right. Check the email we sent you "
        "and type the code again.",
        "too_many_login_attempts": "You have tried too many times. Wait a few "
        "minutes, then try again.",
        "email_password_mismatch": "The email address or password is not right. "
        "You can sign in with a code instead.",
        "invalid_login": "We could not sign you in. Check your email address.",
        "rate_limited": "You have tried too many times. Wait a few minutes, then "
        "try again.",
        "email_taken": "There is already an account with this email address. "
        "Sign in with a code instead.",
    }
