"""SalesCoach: guided discovery meetings and needs summaries for sales reps."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "SalesCoach"
APP_ID = "io.salescoach.SalesCoach"

try:
    __version__ = version("salescoach")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
