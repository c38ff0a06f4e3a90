urlpatterns: list = []
app_name = "accounts"
