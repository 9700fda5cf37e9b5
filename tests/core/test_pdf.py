"""PDF output: the shipped CJK font is embedded, the text extracts back, nothing is fetched
from the network.

Runs with or without pytest-django: when Django settings are not configured (``pytest
-p no:django tests/core/test_pdf.py``) the Django part configures a minimal setup itself.
"""

from __future__ import annotations

import io
import socket
from pathlib import Path
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from gonghui.core import pdf as pdf_module
from gonghui.core.pdf import (
    FONT_FILES,
    LocalOnlyURLFetcher,
    content_disposition,
    html_to_pdf,
    page_footer_css,
    safe_pdf_filename,
)

CORE_DIR = Path(pdf_module.__file__).resolve().parent
SAMPLE = ("困难职工档案表", "张三", "¥2,500.00")


def _text(pdf_bytes: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() for page in reader.pages)


def _fonts(pdf_bytes: bytes) -> dict[str, bool]:
    """BaseFont name -> whether the font program is embedded, over all pages."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor_holder = font
            if "/DescendantFonts" in font:
                descriptor_holder = font["/DescendantFonts"][0].get_object()
            descriptor = descriptor_holder.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything opens a network connection."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during PDF rendering")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


# --- The font files -------------------------------------------------------------------------


def test_shipped_font_files_are_present_with_licence():
    for path in FONT_FILES.values():
        assert path.is_file(), path
        assert path.stat().st_size < 4 * 1024 * 1024
    assert "SIL OPEN FONT LICENSE Version 1.1" in (CORE_DIR / "fonts" / "OFL.txt").read_text(
        encoding="utf-8"
    )


def test_shipped_font_covers_gb2312_and_punctuation():
    from fontTools.ttLib import TTFont

    cmap = TTFont(FONT_FILES["regular"], lazy=True).getBestCmap()
    gb2312 = []
    for hi in range(0xB0, 0xF8):  # hanzi levels 1 and 2
        for lo in range(0xA1, 0xFF):
            try:
                gb2312.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    assert len(gb2312) == 6763
    missing = [c for c in gb2312 if ord(c) not in cmap]
    assert missing == []
    for char in "¥￥，。、：；（）《》“”‘’—…·【】〇①％0123456789ABCxyz喆堃玥珺昇赟":
        assert ord(char) in cmap, char


# --- html_to_pdf (no Django needed) ---------------------------------------------------------


def test_html_to_pdf_embeds_cjk_font_and_text_extracts(no_network):
    html = (
        '<html lang="zh-CN"><body style="font-family: \'Gonghui Sans SC\'">'
        "<h1>困难职工档案表</h1><p>姓名：张三</p><p>补助金额：<b>¥2,500.00</b></p>"
        "</body></html>"
    )
    pdf_bytes = html_to_pdf(html)

    assert pdf_bytes.startswith(b"%PDF-")
    text = _text(pdf_bytes)
    for expected in SAMPLE:
        assert expected in text
    fonts = _fonts(pdf_bytes)
    # The glyphs come from the shipped font (not from whatever the machine has), embedded.
    assert fonts, "no fonts in the PDF"
    assert all("Gonghui-Sans-SC" in name for name in fonts), fonts
    assert all(fonts.values()), fonts
    assert any(name.endswith("Gonghui-Sans-SC-Bold") for name in fonts), fonts
    assert no_network == []


def test_html_to_pdf_blocks_remote_and_foreign_local_resources(no_network):
    html = (
        "<body style=\"font-family: 'Gonghui Sans SC'\">"
        '<img src="http://127.0.0.1:9/a.png" alt="外部图片">'
        '<img src="https://example.com/b.png">'
        '<img src="file:///etc/hostname">'
        '<link rel="stylesheet" href="https://example.com/x.css">'
        "<p>张三</p></body>"
    )
    pdf_bytes = html_to_pdf(html)
    assert "张三" in _text(pdf_bytes)
    assert no_network == []


def test_url_fetcher_allows_only_data_and_project_files():
    fetcher = LocalOnlyURLFetcher()

    font = fetcher.fetch(FONT_FILES["regular"].as_uri())
    assert font.read(4) == b"OTTO"
    font.close()
    data = fetcher.fetch("data:text/plain;base64,5byg5LiJ")
    assert data.read().decode() == "张三"

    vendor_css = CORE_DIR / "static" / "vendor" / "bootstrap" / "css" / "bootstrap.min.css"
    if vendor_css.is_file():
        assert fetcher.fetch(vendor_css.as_uri()).read(2)

    for url in (
        "http://127.0.0.1/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x",
        "file:///etc/passwd",
        f"file://example.com{FONT_FILES['regular']}",  # a remote host in a file URL
        FONT_FILES["regular"].as_uri().replace("/fonts/", "/fonts/../../../../"),
        "file:///static/../../etc/passwd",
    ):
        with pytest.raises(ValueError, match="may not fetch"):
            fetcher.fetch(url)


def test_url_fetcher_extra_roots(tmp_path):
    image = tmp_path / "photo.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    with pytest.raises(ValueError):
        LocalOnlyURLFetcher().fetch(image.as_uri())
    response = LocalOnlyURLFetcher(extra_roots=(tmp_path,)).fetch(image.as_uri())
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"


# --- Helpers --------------------------------------------------------------------------------


def test_page_footer_css():
    assert page_footer_css("第 {page} 页 / 共 {pages} 页") == (
        '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    )
    assert page_footer_css('Page {page} of {pages} "x"') == (
        '"Page " counter(page) " of " counter(pages) " \\"x\\""'
    )


def test_content_disposition_rfc5987():
    value = content_disposition("困难职工档案表-张三.pdf")
    assert value.startswith("attachment; filename=\"document.pdf\"; filename*=UTF-8''")
    encoded = value.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and " " not in encoded
    assert unquote(encoded) == "困难职工档案表-张三.pdf"

    assert content_disposition("report.pdf") == 'attachment; filename="report.pdf"'
    assert content_disposition("报表 2026.pdf", inline=True).startswith(
        "inline; filename=\"2026.pdf\"; filename*=UTF-8''%E6%8A%A5%E8%A1%A8%202026.pdf"
    )


def test_safe_pdf_filename():
    assert safe_pdf_filename("../../etc/passwd") == "etc_passwd.pdf"
    assert safe_pdf_filename('a"b\r\nc') == "a_b_c.pdf"
    assert safe_pdf_filename("") == "document.pdf"
    assert safe_pdf_filename("档案.PDF") == "档案.PDF"


# --- Django: render_pdf / pdf_response with core/pdf_base.html ------------------------------


@pytest.fixture
def django_templates(tmp_path):
    """Templates from tmp_path and core/templates; static files from tmp_path/static."""
    import django
    from django.conf import settings
    from django.test.utils import override_settings

    if not settings.configured:
        settings.configure(
            INSTALLED_APPS=["django.contrib.staticfiles"],
            STATIC_URL="/static/",
            USE_I18N=True,
            LANGUAGE_CODE="zh-hans",
            TEMPLATES=[],
        )
        django.setup()
    static_dir = tmp_path / "static"
    static_dir.mkdir()
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [str(tmp_path), str(CORE_DIR / "templates")],
            "APP_DIRS": False,
            "OPTIONS": {},
        }
    ]
    with override_settings(
        TEMPLATES=templates, STATICFILES_DIRS=[str(static_dir)], STATIC_URL="/static/"
    ):
        yield tmp_path


SAMPLE_TEMPLATE = """{% extends "core/pdf_base.html" %}{% load static %}
{% block title %}困难职工档案表{% endblock %}
{% block content %}
<h1>困难职工档案表</h1>
<table>
  <tr><th>姓名</th><td>{{ name }}</td><th>补助金额</th><td class="num">{{ amount }}</td></tr>
</table>
<p><img src="{% static 'stamp.png' %}" alt="印章"></p>
{% endblock %}
"""


def test_render_pdf_with_base_template(django_templates, no_network, caplog):
    from gonghui.core.pdf import render_pdf

    (django_templates / "sample.html").write_text(SAMPLE_TEMPLATE, encoding="utf-8")
    from PIL import Image  # a WeasyPrint dependency

    Image.new("RGB", (8, 8), "red").save(django_templates / "static" / "stamp.png")

    pdf_bytes = render_pdf("sample.html", {"name": "张三", "amount": "¥2,500.00"})

    text = _text(pdf_bytes)
    for expected in SAMPLE:
        assert expected in text
    assert "第 1 页 / 共 1 页" in text
    fonts = _fonts(pdf_bytes)
    assert fonts and all("Gonghui-Sans-SC" in name for name in fonts), fonts
    assert all(fonts.values()), fonts
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert reader.metadata.title == "困难职工档案表"
    # {% static %} images load from the project's static files, not over HTTP.
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    assert any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())
    assert not [
        r for r in caplog.records if r.name.startswith("weasyprint") and r.levelname == "ERROR"
    ]
    assert no_network == []


def test_render_pdf_page_numbers_over_several_pages(django_templates):
    from gonghui.core.pdf import render_pdf

    (django_templates / "long.html").write_text(
        '{% extends "core/pdf_base.html" %}{% block content %}'
        "{% for i in rows %}<p>第{{ i }}行 困难职工</p>{% endfor %}{% endblock %}",
        encoding="utf-8",
    )
    pdf_bytes = render_pdf("long.html", {"rows": range(120)})
    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = len(reader.pages)
    assert pages >= 2
    assert f"第 1 页 / 共 {pages} 页" in reader.pages[0].extract_text()
    assert f"第 {pages} 页 / 共 {pages} 页" in reader.pages[-1].extract_text()


def test_pdf_response(django_templates):
    from gonghui.core.pdf import pdf_response

    (django_templates / "sample.html").write_text(SAMPLE_TEMPLATE, encoding="utf-8")
    response = pdf_response(
        "sample.html", {"name": "张三", "amount": "¥2,500.00"}, "困难职工档案表-张三.pdf"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == content_disposition("困难职工档案表-张三.pdf")
    assert "no-store" in response["Cache-Control"]
    assert "张三" in _text(response.content)
