from django.urls import path

from . import tokens

app_name = "api-tokens"

urlpatterns = [
    path("", tokens.token_list, name="list"),
    path("<int:pk>/revoke/", tokens.token_revoke, name="revoke"),
]
