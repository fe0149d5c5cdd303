"""Unit constants shared by the engine, the report and the UI: one definition each.

Bytes per element of each numeric precision live with `Precision` in `app.domain.common`
(`BYTES_PER_ELEMENT`).
"""

from __future__ import annotations

GIB = 1024.0**3  # bytes per gibibyte [B/GiB] (IEC 80000-13)
