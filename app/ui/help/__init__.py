"""Help: a short guide (what each page is for, how to read the charts), a glossary of terms as
architects use them, the keyboard shortcuts (read off the window's actions), F1 for help on the
focused thing, and About with versions and where the project, log and settings files live."""

from app.ui.help.menu import HelpMenu, install_help

__all__ = ["HelpMenu", "install_help"]
