"""Needs summaries from Jinja templates. Importing this package does not load Jinja."""

TEMPLATE_SUFFIX = ".j2"
