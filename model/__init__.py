"""年报助手 model: formats, report, totals, checks, storage and writers.  No Qt here."""

APP_NAME = "年报助手"
APP_VERSION = "0.1.0"
