"""How wide a line of text prints, and text broken into lines that is cut only where it does not fit.

A printed page has fixed columns: the one-page summary (``geo.forum.tour_summary``) must know
before printing whether a stop's title fits its column, on one line or two. CSS's own
``text-overflow: ellipsis`` cuts a title at the first line even where a second one would hold it,
so the page measures instead, with the font it is printed in: DejaVu Sans (Debian's
``fonts-dejavu-core``, which Chromium's package brings), read from its file by Pillow, whose widths
match Chromium's to a thousandth of an em. Where that font is missing the widths are estimated
generously (``CHAR_EM`` a character), so text may be cut a little early there but never runs over.

Pillow comes with Streamlit; without it the estimate is used too.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

FAMILY = "DejaVu Sans"
# The page's fonts: the measured one first, then what a browser without it would use.
FONT_STACK = f'"{FAMILY}", system-ui, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif'
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
FONT_FOLDERS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu",  # Fedora, Arch
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
CHAR_EM = 0.62  # without the font: a character's width in ems, generous for DejaVu Sans (the widest common fallback)
MARGIN = 1.02  # measured widths a little wider: another shaping engine's rounding must not push text over
ELLIPSIS = "…"
_EM = 1000  # the size a font is loaded at; widths scale from it


def _font_file(bold: bool) -> Path | None:
    name = FONT_FILES[bold]
    for folder in FONT_FOLDERS:
        if (path := Path(folder) / name).is_file():
            return path
    if shutil.which("fc-list"):  # elsewhere: ask fontconfig, which Chromium asks too
        style = "Bold" if bold else "Book"
        try:
            found = subprocess.run(
                ["fc-list", "-f", "%{file}\n", f"{FAMILY}:style={style}"], capture_output=True, text=True, timeout=5
            ).stdout.split()
        except (OSError, subprocess.SubprocessError):
            return None
        return next((Path(f) for f in found if Path(f).name == name), None)
    return None


@cache
def _font(bold: bool):  # -> PIL.ImageFont.FreeTypeFont | None
    path = _font_file(bold)
    if path is None:
        return None
    try:
        from PIL import ImageFont

        return ImageFont.truetype(str(path), _EM)
    except (ImportError, OSError):
        return None


def measured(bold: bool = False) -> bool:
    """Whether widths are measured with the font itself (else estimated)."""
    return _font(bold) is not None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` on one line at font size ``size``, in the unit of ``size`` (mm in, mm out)."""
    font = _font(bold)
    if font is None:
        return len(text) * CHAR_EM * size
    return font.getlength(text) / _EM * size * MARGIN


def fits(text: str, width: float, size: float, bold: bool = False) -> bool:
    return text_width(text, size, bold) <= width


def cut(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line of ``width``: whole if it fits, else as much as fits followed by "…"."""
    if fits(text, width, size, bold):
        return text
    low, high = 0, len(text)  # the longest start that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle].rstrip() + ELLIPSIS, width, size, bold):
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def _first_line(words: list[str], width: float, size: float, bold: bool) -> tuple[str, list[str]]:
    """The most whole words that fit on a line, and the words left; a word wider than a line is broken."""
    if not fits(words[0], width, size, bold):
        word = words[0]
        low, high = 1, len(word)  # at least one character a line, or the text would never end
        while low < high:
            middle = (low + high + 1) // 2
            if fits(word[:middle], width, size, bold):
                low = middle
            else:
                high = middle - 1
        return word[:low], [word[low:], *words[1:]]
    count = 1
    while count < len(words) and fits(" ".join(words[: count + 1]), width, size, bold):
        count += 1
    return " ".join(words[:count]), words[count:]


def fit_lines(text: str, width: float, size: float, lines: int = 1, bold: bool = False) -> list[str]:
    """``text`` on at most ``lines`` lines of ``width``, broken between words.

    Only the last line can be cut (with "…"), and only when the whole text does not fit in
    ``lines`` lines. Runs of spaces and line breaks count as one space. Returns at least one line.
    """
    words = text.split()
    out: list[str] = []
    while words and len(out) < lines - 1:
        line, words = _first_line(words, width, size, bold)
        out.append(line)
    if words:
        out.append(cut(" ".join(words), width, size, bold))
    return out or [""]


def lines_needed(text: str, width: float, size: float, most: int, bold: bool = False) -> int:
    """How many lines of ``width`` the text takes, up to ``most`` (where it is cut if it needs more)."""
    return len(fit_lines(text, width, size, most, bold))
