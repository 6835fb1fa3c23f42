"""QR codes of the app links printed on exports (a phone opens the exported view or place)."""
from __future__ import annotations

import io

import numpy as np
import qrcode


def qr_image(link: str) -> np.ndarray:
    """A QR code of ``link`` as a black-and-white image array (for matplotlib pages)."""
    qr = qrcode.QRCode(border=2, box_size=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(link)
    qr.make(fit=True)
    img = qr.make_image(fill_color="black", back_color="white").convert("L")
    return np.asarray(img)


def qr_png(link: str) -> io.BytesIO:
    """A QR code of ``link`` as PNG bytes, ready to read (for slides)."""
    buf = io.BytesIO()
    qrcode.make(link, border=2).save(buf, format="PNG")
    buf.seek(0)
    return buf
