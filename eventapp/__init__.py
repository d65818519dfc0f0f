"""Entente CordIAle Events: joint events of the Paris-Saclay – Oxford – Cambridge AI Initiative."""

from __future__ import annotations

from typing import Any

from flask import Flask

from eventapp.config import check_production, load_config
from eventapp.extensions import babel, clock, csrf, db, limiter, migrate
from eventapp.jsonio import JSONProvider


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions and blueprints. No I/O beyond config."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_mapping(load_config(app.instance_path))
    if config:
        app.config.update(config)
    check_production(app.config)
    app.json = JSONProvider(app)

    from eventapp import i18n, models  # noqa: F401  (models registers the tables)

    clock.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_project_dir() / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    from eventapp.feeds import lean

    lean.init_app(app, limiter)

    from eventapp import cli, home, pagecache, pooling, refusals, routing, security, templating
    from eventapp.accounts import login
    from eventapp.accounts.views import bp as accounts_bp
    from eventapp.admin.views import bp as admin_bp
    from eventapp.api import checkin, invitations, me, messages, reference, registrants, writing  # noqa: F401
    from eventapp.api import follows as api_follows  # noqa: F401  (routes)
    from eventapp.api import registrations as api_registrations  # noqa: F401  (routes)
    from eventapp.api import sources as api_sources  # noqa: F401  (routes)
    from eventapp.api.errors import domain_json
    from eventapp.api.views import bp as api_bp
    from eventapp.events.views import bp as events_bp
    from eventapp.feeds import personal  # noqa: F401  (the personal feed's route)
    from eventapp.feeds.tracking import data_version
    from eventapp.feeds.views import bp as feeds_bp
    from eventapp.follows import subscribers as follows_subscribers
    from eventapp.follows.views import bp as follows_bp
    from eventapp.imports import owned
    from eventapp.mail import deferred, inline
    from eventapp.personal.views import bp as personal_bp
    from eventapp.reference.views import bp as reference_bp
    from eventapp.registrants.views import bp as registrants_bp
    from eventapp.registrations import box, subscribers
    from eventapp.registrations.views import bp as registrations_bp
    from eventapp.workspace import invitation_mail
    from eventapp.workspace.views import bp as workspace_bp

    pooling.init_app(app)
    routing.init_app(app)
    pagecache.init_app(app, data_version)
    security.init_app(app)
    home.init_app(app)
    login.init_app(app)
    deferred.init_app(app)
    inline.init_app(app)
    templating.init_app(app)
    box.init_app(app)
    subscribers.init_app(app)
    follows_subscribers.init_app(app)
    invitation_mail.init_app(app)
    owned.init_app(app)
    refusals.init_app(app, json_answer=domain_json)
    app.register_blueprint(events_bp)
    app.register_blueprint(reference_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(registrations_bp)
    app.register_blueprint(admin_bp)
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, not cookies
    app.register_blueprint(feeds_bp)
    app.register_blueprint(workspace_bp)
    app.register_blueprint(registrants_bp)
    app.register_blueprint(personal_bp)
    app.register_blueprint(follows_bp)
    lean.refuse_feed_limits(app, limiter)
    cli.init_app(app)
    return app


def _project_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent
