"""Pages of one-line texts drawn by one re-set Text are the pages a fig.text per line gives, byte for byte."""
from __future__ import annotations

import io

from matplotlib.backends.backend_pdf import PdfPages
from pypdf import PdfReader

from export.draw import rendering
from export.figure import new_figure
from export.text_page import Line, save_pages
from export.words import nfc

PAGES = [
    [Line(0.05, 0.95, nfc("Nguồn đầy đủ"), 14, "#1a237e", weight="bold"),
     Line(0.05, 0.9, nfc("Bản đồ quy hoạch Hải Dương 2030 — 100 $ và 5 %"), 8.5, "#37474f", parse_math=False),
     Line(0.05, 0.8, "1.", 7.5, "#546e7a"),
     Line(0.09, 0.8, "https://laodong.vn/thoi-su/cong-bo-762455.ldo", 7.5, "#212121", parse_math=False,
          url="https://laodong.vn/thoi-su/cong-bo-762455.ldo"),
     Line(0.09, 0.75, r"diện tích $\approx$ 2,5 km²", 7.5, "#212121"),  # read as mathtext, as fig.text reads it
     Line(0.05, 0.05, "chân trang", 6, "#546e7a", va="bottom")],
    [Line(0.05, 0.95, nfc("Nguồn đầy đủ (2)"), 14, "#1a237e", weight="bold"),
     Line(0.09, 0.8, nfc("Quyết định 1639/QĐ-TTg, §3"), 7.5, "#212121", parse_math=False)],
]


def _by_figures() -> bytes:
    buf = io.BytesIO()
    with rendering(), PdfPages(buf) as pdf:
        for page in PAGES:
            fig = new_figure((8.27, 11.69), dpi=100)
            for line in page:
                fig.text(line.x, line.y, line.text, fontsize=line.size, fontweight=line.weight, color=line.color,
                         parse_math=line.parse_math, url=line.url, va=line.va)
            pdf.savefig(fig, facecolor="white")
    return buf.getvalue()


def _by_lines() -> bytes:
    buf = io.BytesIO()
    with rendering(), PdfPages(buf) as pdf:
        save_pages(pdf, PAGES, (8.27, 11.69))
    return buf.getvalue()


def test_pages_of_lines_are_the_pages_of_a_text_per_line():
    theirs, ours = PdfReader(io.BytesIO(_by_figures())), PdfReader(io.BytesIO(_by_lines()))
    assert len(ours.pages) == len(theirs.pages) == 2
    for mine, ref in zip(ours.pages, theirs.pages):
        assert mine.get_contents().get_data() == ref.get_contents().get_data()
        assert [a.get_object()["/A"]["/URI"] for a in mine.get("/Annots", [])] == \
            [a.get_object()["/A"]["/URI"] for a in ref.get("/Annots", [])]
        assert mine["/MediaBox"] == ref["/MediaBox"]
    assert [a.get_object()["/Rect"] for a in ours.pages[0]["/Annots"]] == \
        [a.get_object()["/Rect"] for a in theirs.pages[0]["/Annots"]]
    assert nfc("Hải Dương") in ours.pages[0].extract_text()
