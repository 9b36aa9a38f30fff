"""The settings of the Django test application: real settings, the middleware listed first."""

SECRET_KEY = "tests only, not a secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
ROOT_URLCONF = "django_views"
INSTALLED_APPS: list[str] = []
TEMPLATES: list[dict[str, object]] = []
USE_TZ = True
MIDDLEWARE = [
    "recover_runtime.integrations.django.RecoverMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_views.FailingMiddleware",
]
RECOVER_RUNTIME_EXPECTED = ["django_views.OutOfStock"]
