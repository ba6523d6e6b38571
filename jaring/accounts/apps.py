from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jaring.accounts"
    label = "accounts"
    verbose_name = "Akun staf"

    def ready(self) -> None:
        from django.contrib import admin
        from django.http import HttpRequest

        # The Django admin is for superusers only; staff roles work in /staf/ under their scope.
        def superuser_only(request: HttpRequest) -> bool:
            return bool(request.user.is_active and request.user.is_superuser)

        admin.site.has_permission = superuser_only  # type: ignore[method-assign]
        admin.site.site_header = "Administrasi Jaring"
        admin.site.site_title = "Jaring"
