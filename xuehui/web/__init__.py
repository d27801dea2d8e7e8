"""The local web app (`xuehui serve`): the toolkit in a browser, in Simplified Chinese.

Pages are rendered on the server with Jinja2; a little plain JavaScript adds live checking
and copy buttons. Every asset ships in this package, so the app works offline. The app only
calls the same library functions as the CLI (``kb``, ``generator``); it holds no rules itself.
"""

from xuehui.web.app import create_app

__all__ = ["create_app"]
