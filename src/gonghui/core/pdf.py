"""PDF output with WeasyPrint and the shipped CJK font.

``render_pdf(template_name, context)`` renders a Django template (one that extends
``core/pdf_base.html``) to PDF bytes; ``pdf_response(template_name, context, filename)``
wraps that in a download response with an RFC 5987 (UTF-8) file name.
``html_to_pdf(html)`` does the WeasyPrint part alone and needs no Django settings.

A fresh machine has no Chinese font, so the font lives in ``core/fonts/``
(Gonghui Sans SC, an OFL subset of Noto Sans CJK SC; see OFL.txt there) and is
loaded by ``@font-face`` from a ``file://`` URL. WeasyPrint never touches the
network: the URL fetcher below serves ``data:`` URLs and local files under the
project's font and static directories, and refuses everything else.

In templates, ``{% static 'x' %}`` works for images and stylesheets: the document's
base URL is ``file:///``, so ``/static/x`` becomes ``file:///static/x``, which the
fetcher maps through Django's static file finders.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

CORE_DIR = Path(__file__).resolve().parent
FONT_DIR = CORE_DIR / "fonts"
FONT_FAMILY = "Gonghui Sans SC"
FONT_FILES = {
    "regular": FONT_DIR / "GonghuiSansSC-Regular.otf",
    "bold": FONT_DIR / "GonghuiSansSC-Bold.otf",
}
DOCUMENT_BASE_URL = "file:///"
PDF_CONTENT_TYPE = "application/pdf"


def font_urls() -> dict[str, str]:
    """``file://`` URLs of the shipped font files, keyed ``regular`` and ``bold``."""
    return {key: path.as_uri() for key, path in FONT_FILES.items()}


def font_face_css() -> str:
    """``@font-face`` rules for the shipped font (regular 400, bold 700)."""
    urls = font_urls()
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: normal; '
        f'font-weight: {weight}; src: url("{urls[key]}") format("opentype"); }}'
        for key, weight in (("regular", 400), ("bold", 700))
    )


# --- URL fetcher: local files and data: URLs only ----------------------------------------------


def _static_roots() -> list[Path]:
    """The project's static directories (app ``static/`` dirs, STATIC_ROOT, STATICFILES_DIRS)."""
    roots = [p for p in CORE_DIR.parent.glob("*/static") if p.is_dir()]
    try:
        from django.conf import settings

        if settings.configured:
            if getattr(settings, "STATIC_ROOT", None):
                roots.append(Path(settings.STATIC_ROOT))
            for entry in getattr(settings, "STATICFILES_DIRS", ()):
                roots.append(Path(entry[1] if isinstance(entry, (tuple, list)) else entry))
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    return roots


def _is_under(path: Path, roots: list[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


class LocalOnlyURLFetcher(URLFetcher):
    """Serve ``data:`` URLs and ``file://`` URLs under allowed roots; refuse all else.

    A refused URL raises ``ValueError``; WeasyPrint logs it and leaves the resource
    out (an image shows its alt text), the document still renders.
    """

    def __init__(self, extra_roots: tuple[Path | str, ...] = (), **kwargs):
        kwargs.setdefault("allowed_protocols", ("data",))
        kwargs.setdefault("allow_redirects", False)
        super().__init__(**kwargs)
        roots = [FONT_DIR, *_static_roots(), *(Path(r) for r in extra_roots)]
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._local_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
                )
        raise ValueError(f"PDF rendering may not fetch {url[:200]!r}")

    def _local_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()  # url2pathname also unquotes
        if _is_under(path, self.roots) and path.is_file():
            return path
        static_path = _find_static(parts.path)
        if static_path is not None and static_path.is_file():
            return static_path
        return None


def _find_static(url_path: str) -> Path | None:
    """Map ``/static/<name>`` to a file through Django's static file finders."""
    try:
        from django.conf import settings

        if not settings.configured:
            return None
        static_url = urlsplit(settings.STATIC_URL or "").path
        if not static_url.startswith("/") or not url_path.startswith(static_url):
            return None
        from django.contrib.staticfiles import finders

        name = unquote(url_path[len(static_url) :])
        found = finders.find(name)
    except Exception:  # a missing or unsafe name must not break the document
        return None
    return Path(found).resolve() if found else None


# --- Rendering ---------------------------------------------------------------------------------


def html_to_pdf(
    html: str,
    *,
    base_url: str | None = DOCUMENT_BASE_URL,
    stylesheets: tuple[str, ...] = (),
    extra_roots: tuple[Path | str, ...] = (),
) -> bytes:
    """Render an HTML string to PDF bytes with the shipped CJK font.

    The ``@font-face`` rules for "Gonghui Sans SC" are always added, so plain HTML
    that names the family (or a template extending ``core/pdf_base.html``) gets
    Chinese glyphs on any machine. ``stylesheets`` are extra CSS sources;
    ``extra_roots`` are further local directories the document may load files from.
    """
    fetcher = LocalOnlyURLFetcher(extra_roots=extra_roots)
    font_config = FontConfiguration()
    css = [CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)]
    css += [
        CSS(string=source, font_config=font_config, url_fetcher=fetcher, base_url=base_url)
        for source in stylesheets
    ]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=css, font_config=font_config)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_footer_css(label: str) -> str:
    """CSS ``content`` value for a label such as ``第 {page} 页 / 共 {pages} 页``."""
    pieces = []
    for part in re.split(r"(\{pages\}|\{page\})", label):
        if part == "{page}":
            pieces.append("counter(page)")
        elif part == "{pages}":
            pieces.append("counter(pages)")
        elif part:
            pieces.append(_css_string(part))
    return " ".join(pieces) or '""'


def pdf_context(extra: dict | None = None) -> dict:
    """Context variables ``core/pdf_base.html`` uses (fonts and page footer)."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    context = {
        "pdf_font_family": FONT_FAMILY,
        "pdf_font_urls": {key: mark_safe(url) for key, url in font_urls().items()},  # noqa: S308
        "pdf_page_footer": mark_safe(page_footer_css(gettext("第 {page} 页 / 共 {pages} 页"))),  # noqa: S308
    }
    if extra:
        context.update(extra)
    return context


def render_pdf(template_name: str, context: dict | None = None, request=None) -> bytes:
    """Render a Django template (extending ``core/pdf_base.html``) to PDF bytes."""
    from django.template.loader import render_to_string

    html = render_to_string(template_name, pdf_context(context), request=request)
    return html_to_pdf(html)


_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def safe_pdf_filename(filename: str) -> str:
    """A download name without path separators, quotes or control characters, ending .pdf."""
    name = unicodedata.normalize("NFC", str(filename)).strip()
    name = _UNSAFE_FILENAME.sub("_", name).strip(" ._") or "document"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return name


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``Content-Disposition`` with an ASCII fallback and an RFC 5987 UTF-8 name.

    ``困难职工档案表.pdf`` gives
    ``attachment; filename="document.pdf"; filename*=UTF-8''%E5%9B%B0...pdf``.
    """
    name = safe_pdf_filename(filename)
    disposition = "inline" if inline else "attachment"
    if name.isascii():
        return f'{disposition}; filename="{name}"'
    ascii_stem = name[:-4].encode("ascii", "ignore").decode().strip(" ._-")
    fallback = f"{ascii_stem}.pdf" if any(c.isalnum() for c in ascii_stem) else "document.pdf"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def pdf_response(
    template_name: str,
    context: dict | None,
    filename: str,
    *,
    request=None,
    inline: bool = False,
):
    """Render ``template_name`` to PDF and return it as a download (not cached)."""
    from django.http import HttpResponse
    from django.utils.cache import patch_cache_control

    response = HttpResponse(
        render_pdf(template_name, context, request=request), content_type=PDF_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    # PDFs carry personal data: keep them out of shared and browser caches.
    patch_cache_control(response, private=True, no_store=True)
    return response
