"""A scripted prompter for model/document.py: prepared answers, and a record of what was
asked and told."""

from __future__ import annotations


class Script:
    def __init__(self, *answers: int) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, str, list[str]]] = []
        self.told: list[tuple[str, str]] = []

    def ask(self, title: str, text: str, choices: list[str], default: int, escape: int) -> int:
        self.asked.append((title, text, choices))
        assert self.answers, f"unexpected question {title}: {text}"
        assert 0 <= default < len(choices) and 0 <= escape < len(choices)
        return self.answers.pop(0)

    def tell(self, title: str, text: str) -> None:
        self.told.append((title, text))
