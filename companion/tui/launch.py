"""Start the app. The only module the CLI imports from the TUI."""

from __future__ import annotations


def launch(ctx) -> int:
    from companion.tui.app import CompanionApp

    app = CompanionApp(ctx, freeze=True)
    app.run()
    return app.return_code or 0
