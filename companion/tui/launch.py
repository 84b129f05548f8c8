"""Start the app. The only module the CLI imports from the TUI."""

from __future__ import annotations


def launch(ctx) -> int:
    from companion.tui.app import CompanionApp
    from companion.tui.state import settle_memory

    settle_memory()  # the modules and the book live as long as the app
    app = CompanionApp(ctx)
    app.run()
    return app.return_code or 0
