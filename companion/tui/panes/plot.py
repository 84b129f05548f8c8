"""Pane 2, Plot: the story so far, the finished chapters, the plot sections, background."""

from __future__ import annotations

from companion.book.gate import locked
from companion.book.model import Article, Section
from companion.study.guide import chapter_range
from companion.tui.actions import Action, bindings
from companion.tui.panes.list_detail import (
    Entry,
    ListDetailPane,
    Locked,
    heading,
    later,
    md_escape,
    row,
)
from companion.tui.themes import MUTED


class PlotPane(ListDetailPane):
    PANE_ID = "plot"
    TITLE = "Plot"
    HELP = (
        "The story so far: a summary of every chapter you have finished, then the "
        "plot sections and background articles unlocked so far. p writes down a "
        "prediction, to look back on when the book has answered it."
    )
    ACTIONS = [
        *ListDetailPane.ACTIONS,
        Action(
            "plot.predict",
            "p",
            "predict",
            "Predict",
            "Write down a prediction, to look back on when the book has answered it",
            priority=True,  # the editor opens at once: the letters after p go in
        ),
    ]
    BINDINGS = bindings(ACTIONS)
    MARKDOWN = True  # issue 5: "the text rendered as Markdown on the right"
    EMPTY = "Finish chapter 1 (Progress pane, n) and the story so far appears here."

    def entries(self) -> list[Entry]:
        view = self.state.view
        out: list[Entry] = []
        if view.chapters:
            story = ["# The story so far", ""]
            for ch in view.chapters:
                story += [
                    f"## Chapter {ch.number}: {md_escape(ch.label)}",
                    "",
                    ch.summary.strip(),
                    "",
                ]
            out.append(Entry("story", row("The story so far", "bold"), "\n".join(story)))
        out.append(heading("Chapters"))
        for ch in view.chapters:
            out.append(
                Entry(
                    f"chapter:{ch.number}",
                    row(f"{ch.number:>2} {ch.label}"),
                    f"# Chapter {ch.number}: {md_escape(ch.label)}\n\n{ch.summary.strip()}\n",
                    command=f"go to: Chapter {ch.number}",
                )
            )
        if not view.chapters:
            out.append(Entry("", row("No chapter finished yet", f"italic {MUTED}"), heading=True))
        if item := later(view.locked["chapters"], "chapters"):
            out.append(item)
        if view.sections or view.locked["sections"]:
            out.append(heading("Plot sections"))
        for s in view.sections:
            out.append(
                Entry(
                    f"section:{s.id}",
                    row(f"{s.title} ({chapter_range(s)})"),
                    f"# {md_escape(s.title)}\n\n*{chapter_range(s).capitalize()}*\n\n"
                    f"{s.text.strip()}\n",
                    command=f"plot: {s.title}",
                )
            )
        if item := later(view.locked["sections"], "sections"):
            out.append(item)
        if view.articles or view.locked["articles"]:
            out.append(heading("Background"))
        for a in view.articles:
            out.append(
                Entry(
                    f"article:{a.id}",
                    row(a.title),
                    f"# {md_escape(a.title)}\n\n{a.text.strip()}\n",
                    command=f"background: {a.title}",
                )
            )
        if item := later(view.locked["articles"], "articles"):
            out.append(item)
        return out

    def action_predict(self) -> None:
        from companion.tui.screens.predictions import open_prediction_editor

        open_prediction_editor(self.app, self.state)

    def offer(self, action: Action) -> str | None:
        if action.id == "plot.predict" and self.state.finished >= self.state.chapter_count:
            return None  # nothing left to predict
        return super().offer(action)

    def select_default(self) -> str | None:
        return "story"

    def next_locked(self, entry_id: str | None) -> Locked | None:
        book, done = self.state.book, self.state.finished
        candidates: list[tuple[int, str, Section | Article]]
        candidates = [(s.unlock, "section", s) for s in locked(book.sections, done)]
        candidates += [(a.unlock, "article", a) for a in locked(book.articles, done)]
        if not candidates:
            return None
        unlock, what, item = min(candidates, key=lambda c: c[0])
        return Locked(
            f"{what}:{item.id}",
            unlock,
            what,
            lambda: (item.title, f"# {md_escape(item.title)}\n\n{item.text.strip()}\n"),
        )
