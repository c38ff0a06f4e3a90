from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backactive.accounts"
    label = "accounts"
