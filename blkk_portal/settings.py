"""Settings for the BLK-K Portal: one module, every knob read from the environment.

`.env.example` documents each variable. Nothing here differs between machines except
through those variables, so development, CI and production run the same code.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The fallback key serves development and tests only; `check --deploy` rejects it.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "accounts",
    "registry",
    "forum",
    "roadmap",
    "dashboards",
    "notices",
    "audit",
    # Background work: Django's tasks framework, stored in the database (django-tasks-db),
    # with cron-style schedules (django-crontask). See README, "Background work".
    "django_tasks_db",
    "crontask",
    # The REST API (/api/v1/) and its OpenAPI schema; the docs' Swagger UI is served from
    # the sidecar's static files, never from a CDN.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    # Listed for its management commands (load_demo), which compose the apps above.
    "blkk_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for managers on slow phone connections (the national overview at
    # full scale: 128 kB to 15 kB); whitenoise, above, serves the static files
    # precompressed. Django's gzip pads each response against BREACH, and the CSRF token is
    # masked per response. Files that are compressed already (PDF, images, spreadsheets) go
    # as they are.
    "blkk_portal.middleware.TextGZipMiddleware",
    # A database outage answers a friendly 503 (handler500 covers the middleware below).
    "blkk_portal.faults.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every response to a signed-in person, except
    # the few views marked same_for_everyone (public reference data such as the map's shapes).
    "blkk_portal.middleware.PrivatePagesMiddleware",
    # Marks the user verified when the session holds a confirmed two-step device.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After login-required: anonymous visitors go to the login page, not to the code page.
    "blkk_portal.middleware.Require2FAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout noted during the request into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "blkk_portal.urls"
WSGI_APPLICATION = "blkk_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
            # `unlocalize` everywhere: ids in URLs and form values must never get a thousands separator.
            "builtins": ["django.templatetags.l10n"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Each request runs in one transaction: a failure anywhere leaves nothing half-written.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # Several people at once on the embedded default: readers never wait for the writer
    # (WAL), every transaction takes the write lock when it begins instead of upgrading a
    # read lock half-way (IMMEDIATE: an upgrade cannot wait and fails "database is
    # locked"), and a writer waits up to 20 s for the one before it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# django-axes checks every sign-in (the portal's form, Django admin) before the password does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The first hasher makes every new hash (accounts/hashers.py says why these parameters);
# the others only verify older hashes, which Django rewrites with the first at sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idOwaspHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language: "10 January 2027", "10 Januari 2027" (blkk_portal/formats/).
FORMAT_MODULE_PATH = ["blkk_portal.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024


def mailer_from_url(config):
    """django-environ reads EMAIL_URL into the old EMAIL_* names; Django 6.1 wants MAILERS."""
    option_of = {
        "EMAIL_HOST": "host",
        "EMAIL_PORT": "port",
        "EMAIL_HOST_USER": "username",
        "EMAIL_HOST_PASSWORD": "password",
        "EMAIL_USE_TLS": "use_tls",
        "EMAIL_USE_SSL": "use_ssl",
        "EMAIL_TIMEOUT": "timeout",
        "EMAIL_FILE_PATH": "file_path",
    }
    given = {**config, **config.get("OPTIONS", {})}
    options = {option: given[name] for name, option in option_of.items() if given.get(name) not in (None, "")}
    return {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": options}


MAILERS = {"default": mailer_from_url(env.email_url("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal BLK-K <noreply@kemnaker.go.id>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The public address used in decree QR codes and e-mails; requests know their own host,
# documents generated outside a request do not.
# Unless set, it is the address `make run` serves (SERVED_URL, from HOST and PORT); the
# host it names is always allowed.
SITE_URL = env.str("SITE_URL", default=env.str("SERVED_URL", default="http://127.0.0.1:8000"))
if (site_host := urlsplit(SITE_URL).hostname) and site_host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(site_host)

# Electronic signatures of decrees (PAdES). A signed decree's PDF must chain to one of these
# CA certificates (PEM or DER files; for BSrE, its root and intermediate CAs).
DECREE_TRUST_ANCHORS = env.list("DECREE_TRUST_ANCHORS", default=[])
# The portal can sign decrees itself with this certificate and key (PKCS#12), if set.
DECREE_SIGNING_PKCS12 = env.str("DECREE_SIGNING_PKCS12", default="")
DECREE_SIGNING_PKCS12_PASSWORD = env.str("DECREE_SIGNING_PKCS12_PASSWORD", default="")
# The demo CA: `load_demo` makes it in DECREE_DEMO_CA_DIR (default MEDIA_ROOT/demo-ca) and signs
# the demo decrees with it; while on, the portal also trusts it and signs in-house with its demo
# signer when DECREE_SIGNING_PKCS12 is unset. Its private keys sit on the server: off in production.
DECREE_DEMO_CA = env.bool("DECREE_DEMO_CA", default=True)
DECREE_DEMO_CA_DIR = env.str("DECREE_DEMO_CA_DIR", default="")

# Work that must not hold a request (rollup recounts, e-mail) runs as tasks stored in the
# database and executed by `manage.py db_worker`; `manage.py crontask` enqueues the daily
# notices. TASKS_BACKEND=immediate runs tasks inside the caller instead (the tests' default).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[env.str("TASKS_BACKEND", default="database")]}}
# Cron schedules are read in Jakarta time (TIME_ZONE); one scheduler runs per deployment.
CRONTASK = {"REDIS_URL": env.str("CRONTASK_REDIS_URL", default=None)}
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="portal-blkk-2021")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
# Offices and internet cafés share computers: closing the browser ends the sign-in, and
# the server forgets a session after SESSION_COOKIE_AGE whatever the browser keeps.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Login throttling (django-axes): five wrong passwords for one username from one address
# lock that pair out for fifteen minutes; a right password during the lockout is refused too.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Adds the per-address limit (wrong passwords from one address over all usernames).
AXES_HANDLER = "accounts.throttling.ThrottlingHandler"
SIGN_IN_ADDRESS_LIMIT = env.int("SIGN_IN_ADDRESS_LIMIT", default=30)
# Renders registration/lockout.html, which says how long to wait.
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
# How many reverse proxies (each appending to X-Forwarded-For) stand before the app; 0: none.
# Behind nginx alone it is 1. Left at 0 behind a proxy, every visitor has the proxy's
# address and the per-address limit blocks everyone at once (README, "Deploying").
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Two-step sign-in (django-otp): open to everyone; with REQUIRE_2FA on, admins and
# ministry staff cannot use the portal before they set up an authenticator app.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = "Portal BLK-K"
# Admins may remove a person's device (a lost phone) but never read its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # pyHanko warns, with a traceback, about every untrusted or altered PDF it is shown; the
    # portal tells the person itself, and anyone may upload such a copy to /verify/.
    "loggers": {"pyhanko": {"level": "ERROR"}, "pyhanko_certvalidator": {"level": "ERROR"}},
}

# The REST API (api/, README "API"): personal tokens or the session, the portal's access
# rules, one error shape, page pagination, throttling per token (or per person, or per
# address for the open data).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "api.authentication.PortalSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerPersonThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api": env.str("API_THROTTLE_RATE", default="1200/hour"),
        "api-anonymous": env.str("API_ANONYMOUS_THROTTLE_RATE", default="300/hour"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.handle_exception",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal BLK Komunitas API",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    # The description, licence and open-data notes are added by api.schema.finish_schema.
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "BlkkStatusEnum": "registry.models.Blkk.Status",
        "BlkkLevelEnum": "registry.models.Blkk.Level",
        "DecreeStatusEnum": "forum.models.Decree.Status",
        "RoadmapStatusEnum": "roadmap.models.Roadmap.Status",
        "ImplementationStatusEnum": "roadmap.models.Implementation.Status",
        "ReviewEnum": "roadmap.models.StatusReport.Review",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.finish_schema"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
