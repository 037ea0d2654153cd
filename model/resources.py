"""Locate bundled resources the same way from source and from a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding ``resources/`` (and ``model/formats``): the project root when
    running from source, the bundle's data folder (``sys._MEIPASS``) when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)


def example_report_path() -> Path:
    return resource_path("examples", "示例-上官乡2021.gknb")
