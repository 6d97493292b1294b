"""Pinyin keys for name search: 张伟 → ("zhangwei", "zw")."""

from functools import lru_cache

from pypinyin import lazy_pinyin

# The widths of Person.name_pinyin and Person.name_initials.
PINYIN_MAX = 120
INITIALS_MAX = 40


@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials, lower-case ASCII, no separators, cut to their column widths
    (prefix search only ever needs the start; a 40-character name spells up to 240 letters)."""
    syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore") if s.strip()]
    full = "".join(syllables)[:PINYIN_MAX]
    initials = "".join(s[0] for s in syllables if s)[:INITIALS_MAX]
    return full, initials
