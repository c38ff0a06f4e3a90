from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "backactive.demo"
    label = "demo"

    def ready(self) -> None:
        from backactive.accounts.login_hints import login_hint_register

        from .demo import demo_login_hint

        login_hint_register(demo_login_hint)
