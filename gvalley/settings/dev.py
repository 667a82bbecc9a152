"""Development: DEBUG on, mail written to .data/mail, a fixed development secret."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env("DEBUG", "1") == "1"
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
INTERNAL_IPS = ["127.0.0.1"]
