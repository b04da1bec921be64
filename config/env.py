"""Which settings module runs, chosen once from the environment.

``DJANGO_ENV`` names the mode: ``development`` (the default), ``production`` or
``test``. An explicit ``DJANGO_SETTINGS_MODULE`` always wins.
"""

import os

SETTINGS_BY_ENV = {
    "development": "config.settings.local",
    "production": "config.settings.production",
    "test": "config.settings.test",
}


def use_settings_module() -> str:
    env = os.environ.get("DJANGO_ENV", "development")
    if env not in SETTINGS_BY_ENV:
        raise RuntimeError(
            f"DJANGO_ENV={env!r} is not a known mode; use one of {', '.join(SETTINGS_BY_ENV)}."
        )
    return os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_BY_ENV[env])
