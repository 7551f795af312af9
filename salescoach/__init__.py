"""SalesCoach: guided discovery meetings and needs summaries for sales reps."""

APP_NAME = "SalesCoach"
APP_ID = "io.salescoach.SalesCoach"
# The single source of the version: pyproject.toml reads it from here (hatch dynamic version),
# and reading it at run time costs nothing, unlike importlib.metadata at start-up.
__version__ = "0.1.0"
