"""The PDF decision package, drawn with reportlab. No Qt here."""
