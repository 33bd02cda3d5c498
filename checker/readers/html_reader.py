"""HTML reader: the article body of a saved web page, without navigation, ads and other page furniture.

Stage: 1 (readers). Input: decoded HTML. Output: one ``Article`` whose ``text`` is the body's paragraphs
(``p``, ``h1``-``h6``, ``li``, ``blockquote``) joined by blank lines, with whitespace collapsed inside each
paragraph and entities decoded. ``text_offset`` is ``None``: the text is not a slice of the file.

How the body is found:

1. Page furniture is removed: ``nav``, ``header``, ``footer``, ``aside``, ``script``, ``style``,
   ``noscript``, ``form``, ``iframe``, ``svg`` (and a few more), elements with a landmark ``role`` such as
   ``navigation``, and elements whose ``class`` or ``id`` has a boilerplate *word* (``ad``, ``advert``,
   ``promo``, ``newsletter``, ``share``, ``social``, ``related``, ``cookie``, ``subscribe``, ``comment`` ...).
   Class names are split into words at ``-``, ``_`` and camelCase humps, so ``ad-slot`` and ``socialBar``
   go but ``shadow``, ``header-image`` or ``loaded`` stay.
2. The container is the ``<article>`` with the most paragraph text, else ``[itemprop=articleBody]``,
   else ``<main>``, else the element holding the most ``<p>`` text.

Metadata: title from ``og:title``, ``<title>`` or the first ``<h1>``; source from ``og:site_name``, else
``<meta name=author>``; date from ``article:published_time``, ``<time datetime>`` or ``<meta name=date>``;
URL from ``og:url`` or ``<link rel=canonical>``. Nothing is fetched from the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from checker.errors import InputError
from checker.readers._common import clean_str, default_source, parse_date
from checker.schema import Article

DROP_TAGS = frozenset(
    {
        "nav", "header", "footer", "aside", "script", "style", "noscript", "form", "iframe", "svg",
        "template", "button", "select", "textarea", "object", "embed", "canvas", "dialog", "head",
    }
)  # fmt: skip
"""Elements that never hold article text; removed with everything inside them."""

DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog"})
"""ARIA landmark roles of page furniture."""

BOILERPLATE_WORDS = frozenset(
    {
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adsbygoogle",
        "sponsored", "promo", "promos", "promoted", "promotion", "newsletter", "share", "sharing",
        "sharebar", "social", "related", "cookie", "cookies", "consent", "subscribe", "subscription",
        "paywall", "comment", "comments", "disqus", "outbrain", "taboola",
    }
)  # fmt: skip
"""Words of a class or id that mark an element as boilerplate (matched as whole words)."""

PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"})
"""Elements whose text is article text; everything else in the container is ignored."""

_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
_WORD = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_DATE_META = (
    "article:published_time", "date", "pubdate", "publishdate", "publish-date", "dc.date", "datepublished",
)  # fmt: skip


def _words(value: str) -> Iterator[str]:
    """Split a class or id value into lower-case words: ``"adSlot top-promo"`` -> ad, slot, top, promo."""
    for token in value.split():
        for word in _WORD.findall(token):
            yield word.lower()


def _is_furniture(node: LexborNode) -> bool:
    """Return whether an element is page furniture that must not reach the article text."""
    tag = node.tag
    if tag in DROP_TAGS:
        return True
    attrs = node.attributes
    if (attrs.get("role") or "").strip().lower() in DROP_ROLES or "hidden" in attrs:
        return True
    if tag in _KEEP_TAGS or (attrs.get("itemprop") or "") == "articleBody":
        return False
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return any(word in BOILERPLATE_WORDS for word in _words(names))


def _children(node: LexborNode) -> list[LexborNode]:
    """Return the element and text children of ``node``."""
    return list(node.iter(include_text=True))


def _remove_furniture(root: LexborNode) -> None:
    """Delete furniture elements (outermost only) from the tree under ``root``."""
    doomed: list[LexborNode] = []
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.iter():
            if _is_furniture(child):
                doomed.append(child)
            else:
                stack.append(child)
    for node in doomed:
        node.decompose()


def paragraphs(container: LexborNode) -> list[str]:
    """Return the text of the paragraph elements under ``container``, in document order.

    Text outside ``p``/``h1``-``h6``/``li``/``blockquote`` is ignored (bylines in bare ``div`` s, image
    credits ...). A paragraph element nested in another (``<blockquote><p>``) starts a new paragraph.

    Args:
        container: The element holding the article body.

    Returns:
        Non-empty paragraphs, whitespace collapsed to single spaces, entities decoded.
    """
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            out.append(text)
        buf.clear()

    depth = 0
    # Iterative walk (deeply nested pages would exhaust recursion): (node, leaving) events.
    stack: list[tuple[LexborNode, bool]] = [(container, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            depth -= 1
            continue
        tag = node.tag
        if tag == "-text":
            if depth:
                buf.append(node.text_content or "")
            continue
        if tag is None or tag.startswith("-"):
            continue  # comments, doctype
        if tag == "br":
            buf.append(" ")
            continue
        if tag in PARAGRAPH_TAGS:
            flush()
            depth += 1
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(_children(node)))
    flush()
    return out


def _densest_parent(root: LexborNode) -> LexborNode | None:
    """Return the element whose direct ``<p>`` children hold the most text (a readability heuristic)."""
    score: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    for p in root.css("p"):
        parent = p.parent
        if parent is None:
            continue
        key = parent.mem_id
        nodes[key] = parent
        score[key] = score.get(key, 0) + len(" ".join((p.text() or "").split()))
    if not score:
        return None
    return nodes[max(score, key=lambda k: score[k])]


def _body_paragraphs(tree: LexborHTMLParser) -> list[str]:
    """Find the article container in a cleaned tree and return its paragraphs."""
    root = tree.body or tree.root
    if root is None:
        return []
    articles = [paragraphs(node) for node in root.css("article")]
    articles = [paras for paras in articles if paras]
    if articles:
        return max(articles, key=lambda paras: sum(len(p) for p in paras))
    for selector in ('[itemprop="articleBody"]', "main"):
        node = root.css_first(selector)
        if node is not None and (paras := paragraphs(node)):
            return paras
    dense = _densest_parent(root)
    if dense is not None and (paras := paragraphs(dense)):
        return paras
    return paragraphs(root)


def _meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    """Map lower-cased ``<meta>`` property/name keys to their content (first occurrence wins)."""
    values: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        content = clean_str(attrs.get("content"))
        if content is None:
            continue
        for key in ("property", "name", "itemprop"):
            name = (attrs.get(key) or "").strip().lower()
            if name and name not in values:
                values[name] = content
    return values


def _node_text(tree: LexborHTMLParser, selector: str) -> str | None:
    """Return the collapsed text of the first element matching ``selector``, or ``None``."""
    node = tree.css_first(selector)
    if node is None:
        return None
    return clean_str(" ".join((node.text() or "").split()))


def _attr(tree: LexborHTMLParser, selector: str, attr: str) -> str | None:
    """Return attribute ``attr`` of the first element matching ``selector``, or ``None``."""
    node = tree.css_first(selector)
    return clean_str(node.attributes.get(attr)) if node is not None else None


def parse_html(text: str, *, path: str, source: str | None = None) -> Article:
    """Build an ``Article`` from an HTML page.

    Args:
        text: The decoded HTML.
        path: The path as given, recorded on the article.
        source: An explicit outlet name; wins over ``og:site_name``/``author`` and the file name stem.

    Returns:
        The article (``text_offset=None``).

    Raises:
        InputError: no paragraph text was found in the page.
    """
    tree = LexborHTMLParser(text)
    meta = _meta_values(tree)
    title = meta.get("og:title") or _node_text(tree, "title") or _node_text(tree, "h1")
    site = meta.get("og:site_name") or meta.get("author")
    dates = [meta.get(_DATE_META[0]), _attr(tree, "time[datetime]", "datetime")]
    dates += [meta.get(key) for key in _DATE_META[1:]]
    published = next((day for day in map(parse_date, dates) if day is not None), None)
    url = meta.get("og:url") or _attr(tree, 'link[rel~="canonical"]', "href")

    if tree.root is not None:
        _remove_furniture(tree.root)
    body = _body_paragraphs(tree)
    if not body:
        raise InputError(
            path,
            "has no article text (no paragraphs found in the HTML)",
            "give the article body in <p> elements, or save the article as .txt",
        )
    return Article(
        source=clean_str(source) or site or default_source(path),
        text="\n\n".join(body),
        title=title,
        path=path,
        published=published,
        url=url,
        text_offset=None,
    )
