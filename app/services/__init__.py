"""Use cases both faces (GUI and CLI) share; each opens one database session per action.

catalog.py: open projects, load and edit catalog records, import/export.
sizing.py: load scenarios, run the engine.
reporting.py: selection matrix and the PDF decision package.
"""
