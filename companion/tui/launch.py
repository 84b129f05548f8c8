"""Start the app. The only module the CLI imports from the TUI."""

from __future__ import annotations


def launch(ctx) -> int:
    from companion.tui.app import CompanionApp
    from companion.tui.stopping import install

    app = CompanionApp(ctx, freeze=True)
    install(app)  # SIGTERM/SIGHUP: drafts saved, and the process always ends
    app.run()
    return app.return_code or 0
