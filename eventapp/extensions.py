"""Flask extensions, created unbound and initialised in create_app()."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from eventapp.clock import Clock
from eventapp.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
clock = Clock()  # the one clock views, commands and the worker read
# Limits are declared where they apply; the storage (REDIS_URL or memory) comes from config.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
