"""Pinyin keys for name search: 张伟 → ("zhangwei", "zw")."""

from functools import lru_cache

from pypinyin import lazy_pinyin


@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials, lower-case ASCII, no separators."""
    syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore") if s.strip()]
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)
    return full, initials
