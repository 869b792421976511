"""Project package: settings, URLs and the site-wide Wagtail pages."""
