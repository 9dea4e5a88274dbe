"""The Qt user interface of Clew; PySide6 lives here and only here."""
