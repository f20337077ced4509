"""Radical look-alikes folded to the unified ideographs they stand for.

PDF text extraction often returns a radical code point where the page shows an ordinary character:
the font maps the glyph of 力 to U+2F12 KANGXI RADICAL POWER (⼒) or the glyph of 民 to U+2EA0
CJK RADICAL CIVILIAN (⺠). A quote typed or pasted with 力 then fails against ⼒, and the reverse.

* Kangxi Radicals (U+2F00–U+2FDF): Unicode NFKC maps each to its unified ideograph (⼒→力).
* CJK Radicals Supplement (U+2E80–U+2EFF): NFKC maps only U+2E9F and U+2EF3; the others have no
  decomposition, only an *equivalent unified ideograph* in the Unicode Character Database.
  :data:`SUPPLEMENT` is that mapping for the block.

Source of :data:`SUPPLEMENT`: Unicode Character Database 14.0.0, EquivalentUnifiedIdeograph.txt
(https://www.unicode.org/Public/14.0.0/ucd/EquivalentUnifiedIdeograph.txt; Unicode License,
https://www.unicode.org/license.txt), the entries for U+2E80–U+2EFF, as compiled into Perl 5.36's
lib/unicore/To/EqUIdeo.pl. Later versions change one entry (U+2E95 → U+2B739 from 15.1);
the table keeps 14.0.0, the version of Python 3.11's unicodedata.
"""

from __future__ import annotations

import re
import unicodedata

_RADICAL = re.compile("[\u2e80-\u2fdf]")

#: CJK Radicals Supplement code point → its equivalent unified ideograph (UCD 14.0.0).
SUPPLEMENT: dict[int, int] = {
    0x2E81: 0x5382, 0x2E82: 0x4E5B, 0x2E83: 0x4E5A, 0x2E84: 0x4E59, 0x2E85: 0x4EBB, 0x2E86: 0x5182,
    0x2E87: 0x20628, 0x2E88: 0x5200, 0x2E89: 0x5202, 0x2E8A: 0x535C, 0x2E8B: 0x353E, 0x2E8C: 0x5C0F,
    0x2E8D: 0x5C0F, 0x2E8E: 0x5140, 0x2E8F: 0x5C23, 0x2E90: 0x5C22, 0x2E91: 0x21BC2, 0x2E92: 0x5DF3,
    0x2E93: 0x5E7A, 0x2E94: 0x5F51, 0x2E95: 0x5F50, 0x2E96: 0x5FC4, 0x2E97: 0x5FC3, 0x2E98: 0x624C,
    0x2E99: 0x6535, 0x2E9B: 0x65E1, 0x2E9C: 0x65E5, 0x2E9D: 0x6708, 0x2E9E: 0x6B7A, 0x2E9F: 0x6BCD,
    0x2EA0: 0x6C11, 0x2EA1: 0x6C35, 0x2EA2: 0x6C3A, 0x2EA3: 0x706C, 0x2EA4: 0x722B, 0x2EA5: 0x722B,
    0x2EA6: 0x4E2C, 0x2EA7: 0x725B, 0x2EA8: 0x72AD, 0x2EA9: 0x738B, 0x2EAA: 0x24D14, 0x2EAB: 0x76EE,
    0x2EAC: 0x793A, 0x2EAD: 0x793B, 0x2EAE: 0x25AD7, 0x2EAF: 0x7CF9, 0x2EB0: 0x7E9F, 0x2EB1: 0x7F53,
    0x2EB2: 0x7F52, 0x2EB3: 0x34C1, 0x2EB4: 0x5197, 0x2EB5: 0x2626B, 0x2EB6: 0x7F8A, 0x2EB7: 0x2634C,
    0x2EB8: 0x2634B, 0x2EB9: 0x8002, 0x2EBA: 0x8080, 0x2EBB: 0x807F, 0x2EBC: 0x8089, 0x2EBD: 0x26951,
    0x2EBE: 0x8279, 0x2EBF: 0x8279, 0x2EC0: 0x8279, 0x2EC1: 0x864E, 0x2EC2: 0x8864, 0x2EC3: 0x8980,
    0x2EC4: 0x897F, 0x2EC5: 0x89C1, 0x2EC6: 0x89D2, 0x2EC7: 0x278B2, 0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D,
    0x2ECA: 0x27FB7, 0x2ECB: 0x8F66, 0x2ECC: 0x8FB6, 0x2ECD: 0x8FB6, 0x2ECE: 0x8FB6, 0x2ECF: 0x9091,
    0x2ED0: 0x9485, 0x2ED1: 0x9577, 0x2ED2: 0x9578, 0x2ED3: 0x957F, 0x2ED4: 0x95E8, 0x2ED5: 0x28E0F,
    0x2ED6: 0x961D, 0x2ED7: 0x96E8, 0x2ED8: 0x9752, 0x2ED9: 0x97E6, 0x2EDA: 0x9875, 0x2EDB: 0x98CE,
    0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EDE: 0x2967F, 0x2EDF: 0x98E0, 0x2EE0: 0x9963, 0x2EE1: 0x29810,
    0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F, 0x2EE7: 0x5364,
    0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4, 0x2EEA: 0x9EFE, 0x2EEB: 0x6589, 0x2EEC: 0x9F50, 0x2EED: 0x6B6F,
    0x2EEE: 0x9F7F, 0x2EEF: 0x7ADC, 0x2EF0: 0x9F99, 0x2EF1: 0x9F9C, 0x2EF2: 0x4E80, 0x2EF3: 0x9F9F,
}

#: str.translate table for the supplement.
_TABLE = {k: chr(v) for k, v in SUPPLEMENT.items()}


def is_radical(ch: str) -> bool:
    """True for a code point of the Kangxi Radicals (U+2F00–U+2FDF) or CJK Radicals Supplement
    (U+2E80–U+2EFF) blocks."""
    return "\u2e80" <= ch <= "\u2fdf"


def fold_radical(ch: str) -> str:
    """The unified ideograph ch stands for when it is a radical with one (⼒→力,
    ⺠→民), else ch unchanged."""
    if "\u2f00" <= ch <= "\u2fdf":
        return unicodedata.normalize("NFKC", ch)
    return _TABLE.get(ord(ch), ch) if "\u2e80" <= ch <= "\u2eff" else ch


def fold_radicals(text: str) -> tuple[str, dict[str, int]]:
    """text with every radical that has a unified ideograph replaced by it (one code point for
    one, so offsets do not move), and the counts {"kangxi": n, "radicals_supplement": m} of
    replaced code points (keys with 0 left out)."""
    kangxi = supplement = 0
    out = []
    last = 0
    for m in _RADICAL.finditer(text):
        i, ch = m.start(), m.group()
        f = fold_radical(ch)
        if f != ch and len(f) == 1:
            out += (text[last:i], f)
            last = i + 1
            if ch >= "\u2f00":
                kangxi += 1
            else:
                supplement += 1
    if last == 0:
        return text, {}
    out.append(text[last:])
    counts = {k: v for k, v in (("kangxi", kangxi), ("radicals_supplement", supplement)) if v}
    return "".join(out), counts


__all__ = ["SUPPLEMENT", "fold_radical", "fold_radicals", "is_radical"]
