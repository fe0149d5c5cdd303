"""The indefinite article a message puts before a word it did not choose ("a table", "an
index", "an 8% hit ratio", "an fp8 KV cache"). The choice follows the sound, not the letter:
digits are read as numbers, lower-case codes with digits and all-capital words as letters."""

from __future__ import annotations

import re

# Letters whose spoken name starts with a vowel sound: "an F", "an M", "an S", "an X".
_VOWEL_SOUND_LETTERS = set("aefhilmnorsx")
# Words with a vowel letter but a consonant sound ("a unit", "a user", "a one-off", "a Europe ...").
_CONSONANT_SOUND = ("uni", "use", "usa", "usu", "uti", "ura", "ure", "one", "once", "eu")
# Words with a consonant letter but a vowel sound ("an hour", "an hourly job", "an honest").
_VOWEL_SOUND = ("hour", "honest", "honour", "honor", "heir")


def _number_starts_with_vowel_sound(digits: str) -> bool:
    """8, 11, 18, 80-89, 800-899, 8,000, 11,000, 18,000 ... are read 'eight...', 'eleven...',
    'eighteen...': the leading group of three digits decides."""
    n = int(digits)
    while n >= 1000:
        n //= 1000
    return n in (8, 11, 18) or str(n).startswith("8")


def article(word: str) -> str:
    """'a' or 'an' for `word` as it is read aloud."""
    text = word.strip().lstrip("'\"([")
    if not text:
        return "a"
    number = re.match(r"[0-9][0-9,]*", text)
    if number:
        return "an" if _number_starts_with_vowel_sound(number.group().replace(",", "")) else "a"
    head = re.match(r"[A-Za-z]+", text)
    first = head.group() if head else text
    spelled = first.isupper() and len(first) > 1 or (any(ch.isdigit() for ch in text.split()[0]) and len(first) <= 3)
    if spelled:  # read letter by letter: 'an fp8', 'an HBM', 'a bf16', 'a GPU'
        return "an" if first[0].lower() in _VOWEL_SOUND_LETTERS else "a"
    low = first.lower()
    if low.startswith(_VOWEL_SOUND):
        return "an"
    if low.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if low[0] in "aeiou" else "a"


def with_article(word: str) -> str:
    """`word` with its article in front: 'an index', 'a table'."""
    return f"{article(word)} {word}"


__all__ = ["article", "with_article"]
