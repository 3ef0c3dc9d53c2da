"""Real files for loading and upload tests: a Chinese PDF with a text layer (reportlab, STSong-Light CID font), broken files."""

from __future__ import annotations

from pathlib import Path

# A document that is not in the corpus: its figures let a test find it, and only it, after upload.
UPLOAD_TITLE = "襄阳市预拌混凝土运输车辆管理规定"
UPLOAD_LINES = [
    "襄阳市预拌混凝土运输车辆管理规定",
    "一、车辆要求",
    "1.【定位装置】混凝土搅拌运输车应安装卫星定位装置，行驶轨迹数据保存不少于九十天。",
    "2.【车身标识】运输车辆车身两侧应喷涂企业名称和车辆编号，字高不小于三十厘米。",
    "二、运输管理",
    "1.【夜间运输】夜间二十二时至次日六时运输应提前向城管部门报备线路。",
]
UPLOAD_QUESTION = "搅拌运输车的行驶轨迹数据要保存多少天？"
UPLOAD_FACT = "九十天"


def make_pdf(path: Path, lines: list[str], encrypt: str | None = None) -> Path:
    """A real PDF whose Chinese text pypdf can extract (reportlab's STSong-Light CID font)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    pdf.setFont("STSong-Light", 11)
    y = 800
    for line in lines:
        pdf.drawString(40, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return path


def make_corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage that is not a PDF body\n%%EOF\n")
    return path


def snapshot_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes: equal snapshots mean nothing was changed."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
