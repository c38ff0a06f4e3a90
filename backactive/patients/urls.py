urlpatterns: list = []
app_name = "patients"
