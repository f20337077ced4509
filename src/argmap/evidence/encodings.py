"""Decoding a text source's bytes: UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with
a byte-order mark, and every other common encoding (Big5/CP950, GB18030, Shift_JIS, EUC-KR,
Windows code pages, …) detected by charset-normalizer, or named explicitly.

``argmap source add`` turns what it decodes here into the UTF-8 text file argmap quotes from
(``sources/<id>.txt``); argmap never matches quotes against anything but UTF-8.

Order of decisions (:func:`decode_text`)
    1. an explicit encoding (``--encoding``) is used as given, strictly: a byte it cannot decode is
       an error naming the byte offset;
    2. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides;
    3. bytes that are valid UTF-8 are UTF-8 (ASCII included);
    4. otherwise charset-normalizer (https://github.com/jawah/charset_normalizer, MIT) ranks the
       encodings that decode the bytes as plausible text; the best one that decodes every byte is
       taken. A detected Big5 is decoded as CP950 (Microsoft's Big5, a superset: what Taiwanese
       Windows writes), then Big5-HKSCS; a detected GB2312 or GBK as GB18030 (their superset);
    5. nothing fits: :class:`EncodingError`, saying what was tried and to use ``--encoding``.

A file larger than ``max_bytes`` is refused before it is read whole (:func:`read_text`).
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from argmap.model import limits

#: Largest text file read by default, in bytes (``argmap source add --max-bytes``).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: A detected encoding → the codecs tried for it, in order (supersets first).
SUPERSETS: dict[str, tuple[str, ...]] = {
    "big5": ("cp950", "big5hkscs", "big5"),
    "cp950": ("cp950", "big5hkscs"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "ascii": ("utf-8",),
}


class UnusableSource(Exception):
    """A file given as a source cannot be used (``argmap source add`` exits 2 and writes nothing).
    ``str(error)`` is a complete sentence for the user: what is wrong, and what to do."""


class EncodingError(UnusableSource):
    """The bytes cannot be decoded: an unknown ``--encoding`` name, bytes the explicit encoding
    cannot decode, or no encoding detected (the message says what was tried)."""


class TooLarge(UnusableSource):
    """The file is larger than the ``--max-bytes`` limit (nothing beyond the limit was read)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text.

    text : str
        The text, without its byte-order mark; line ends as in the file.
    encoding : str
        Python codec name of the encoding used (``"utf-8"``, ``"cp950"``, ``"gb18030"``,
        ``"utf-16-le"``…).
    how : str
        ``"explicit"`` (``--encoding``), ``"bom"`` (byte-order mark), ``"utf-8"`` (valid UTF-8) or
        ``"detected"`` (charset-normalizer).
    bom : bool
        The file began with a byte-order mark.
    """

    text: str
    encoding: str
    how: str
    bom: bool = False


def _codec(name: str) -> str:
    """The canonical Python codec name of ``name``; raises :class:`EncodingError` for an unknown one."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise EncodingError(f"unknown encoding {name!r}; give a Python codec name such as utf-8, big5, cp950, "
                            "gb18030, utf-16, shift_jis") from None


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data`` (see the module docstring for the order of decisions).

    Parameters
    ----------
    data : bytes
        The file's bytes.
    encoding : str, optional
        An explicit encoding (a Python codec name, e.g. ``"big5"``); detection is skipped. A BOM
        of the same encoding family is removed.

    Returns
    -------
    Decoded

    Raises
    ------
    EncodingError
        ``encoding`` is unknown or cannot decode ``data`` (the message names the byte offset), or
        no encoding was detected.
    """
    if encoding is not None:
        codec = _codec(encoding)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"not {encoding}: the bytes at offset {exc.start} "
                                f"({data[exc.start:exc.start + 4].hex(' ')}) cannot be decoded as {codec}; leave out "
                                "--encoding to detect the encoding, or give the right one") from None
        # utf-16 and utf-32 remove their own mark; others keep a U+FEFF that began the file
        bom = any(data.startswith(mark) for mark, _ in BOMS) and (text.startswith("\ufeff") or codec in ("utf-16", "utf-32"))
        return Decoded(text.removeprefix("\ufeff"), codec, "explicit", bom)
    for mark, codec in BOMS:
        if data.startswith(mark):
            try:
                return Decoded(data[len(mark):].decode(codec), codec, "bom", True)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"the file begins with a {codec} byte-order mark but the bytes at offset "
                                    f"{exc.start + len(mark)} are not {codec}; give the encoding with --encoding") from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    tried: list[str] = []
    for codec in _detected(data):
        for candidate in SUPERSETS.get(codec, (codec,)):
            if candidate in tried:
                continue
            tried.append(candidate)
            try:
                return Decoded(data.decode(candidate), candidate, "detected")
            except (UnicodeDecodeError, LookupError):
                continue
    detected = f"; charset-normalizer's candidates ({', '.join(tried)}) do not decode every byte" if tried else \
        "; charset-normalizer finds no encoding in which the bytes read as text"
    raise EncodingError(f"cannot tell the encoding: not UTF-8 (invalid byte at offset {utf8_error}), no byte-order "
                        f"mark{detected}; give the encoding with --encoding (e.g. --encoding big5, cp950, gb18030, "
                        "utf-16-le, shift_jis)")


def _detected(data: bytes) -> list[str]:
    """The encodings charset-normalizer finds plausible for ``data``, best first (codec names)."""
    from charset_normalizer import from_bytes

    out: list[str] = []
    for match in from_bytes(data):
        try:
            name = codecs.lookup(match.encoding).name
        except LookupError:
            continue
        if name not in out:
            out.append(name)
    return out


def read_text(path: Path, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Decoded, bytes]:
    """Read at most ``max_bytes`` of ``path`` and decode them (:func:`decode_text`).

    Returns
    -------
    (Decoded, bytes)
        The text and the file's bytes (for its SHA-256).

    Raises
    ------
    TooLarge
        The file is larger than ``max_bytes`` (nothing beyond the limit is read).
    EncodingError
        The file cannot be decoded.
    OSError
        The file cannot be opened or read.
    """
    data = read_bounded(path, max_bytes)
    return decode_text(data, encoding), data


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``, reading at most ``max_bytes + 1`` of them
    (:func:`argmap.model.limits.read_bounded`: a pipe or device is refused before it is opened).

    Raises
    ------
    TooLarge
        The file holds more than ``max_bytes`` bytes.
    UnusableSource
        ``path`` is not a regular file (a pipe, a device, a socket).
    OSError
        The file cannot be opened or read.
    """
    try:
        return limits.read_bounded(path, max_bytes)
    except limits.ReadRefused as exc:
        if stat.S_ISREG(os.stat(path).st_mode):
            raise TooLarge(f"the file is larger than the limit of {max_bytes:,} bytes; raise it with --max-bytes "
                           "if the file is what you meant") from None
        raise UnusableSource(f"the file {exc.reason}") from None


__all__ = ["DEFAULT_MAX_BYTES", "Decoded", "EncodingError", "TooLarge", "UnusableSource", "decode_text", "read_bounded", "read_text"]
