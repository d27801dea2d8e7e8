"""Fonts on Word runs and styles: python-docx sets only the Latin font, never ``w:eastAsia``.

Shared by the comparison export (kb) and the document generator, so every Word file xuehui
writes names its Chinese font the same way.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def set_fonts(rpr_parent, east_asia: str, latin: str) -> None:
    """Set all four font slots (and the East Asian hint) on a run or a style's ``w:rPr``.

    ``w:hint="eastAsia"`` makes Word draw ambiguous characters (“”、—、…) with the Chinese
    font, which is what Chinese text expects; theme font attributes are removed because they
    would override the explicit names.
    """
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):
            del rfonts.attrib[attr]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")
