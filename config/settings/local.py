"""Development on a laptop: DEBUG, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
