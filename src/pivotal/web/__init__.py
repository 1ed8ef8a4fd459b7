"""pivotal in the browser: a thin FastAPI app over the same functions as the command line.

Pages are rendered on the server (Jinja2, autoescaped) and every page's state is in its URL; the
JSON API under ``/api/`` returns exactly what the CLI prints with ``--format json``. The app holds
no logic of its own: it parses a request, calls the stage below, and renders what comes back.

Start it with ``pivotal serve`` (or ``make serve``); build it in code with
:func:`pivotal.web.app.create_app`.
"""
