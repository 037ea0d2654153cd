"""年报助手 wizard window (PySide6).  Shows what ``model/`` computes; no rules live here."""
