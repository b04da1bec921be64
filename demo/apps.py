from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world and its ``seed_demo`` command. Product code never imports it."""

    name = "demo"
    verbose_name = "Demo"
