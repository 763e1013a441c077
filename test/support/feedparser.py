#!/usr/bin/python3
"""Parse a feed (RSS, Atom, ...) from stdin with Python feedparser; print JSON.

Used by test/support/validators.ts (parseWithFeedparser) to see a feed the
way a widely used reader library sees it. Run with Debian's interpreter
(apt package python3-feedparser), not whatever `python3` is first on PATH:

    /usr/bin/python3 test/support/feedparser.py < feed.xml

feedparser's defaults are kept (HTML is sanitized, relative URIs are
resolved), as in a real reader. Note that feedparser has no separate
field for <media:description>: it handles it like <description>, so its
text lands in `summary` (if the entry has none yet) or else in
`content`. `media_description` is only what feedparser itself exposes
under that key (normally null).
"""

import calendar
import datetime
import json
import os
import sys

# This file is itself called feedparser.py, and Python puts the script's
# directory first on sys.path, so `import feedparser` would import this
# file. Drop that entry to get the real library.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

import feedparser  # noqa: E402
from html.parser import HTMLParser  # noqa: E402


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def shown_text(entry, key):
    """What a reader displays: HTML-typed text rendered to its characters, plain text as is."""
    value = entry.get(key)
    detail_ = entry.get(key + "_detail") or {}
    if value is None or detail_.get("type") not in ("text/html", "application/xhtml+xml"):
        return value
    parser = _Text()
    parser.feed(value)
    parser.close()
    return "".join(parser.parts)


def iso(parsed):
    """time.struct_time (UTC, as feedparser gives it) -> ISO 8601 string."""
    if not parsed:
        return None
    try:
        ts = calendar.timegm(parsed)
        return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    except (TypeError, ValueError, OverflowError):
        return str(parsed)


def plain(value):
    """FeedParserDict / list / anything -> plain JSON-able data."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def links(obj):
    return [
        {
            "rel": link.get("rel"),
            "href": link.get("href"),
            "type": link.get("type"),
            "length": link.get("length"),
            "title": link.get("title"),
        }
        for link in obj.get("links", []) or []
    ]


def authors(obj):
    return [
        {"name": a.get("name"), "email": a.get("email"), "href": a.get("href")}
        for a in obj.get("authors", []) or []
        if a  # feedparser sometimes leaves an empty {} placeholder
    ]


def tags(obj):
    return [
        {"term": t.get("term"), "scheme": t.get("scheme"), "label": t.get("label")}
        for t in obj.get("tags", []) or []
    ]


def detail(obj, key):
    d = obj.get(key + "_detail")
    if not d:
        return None
    return {"type": d.get("type"), "language": d.get("language"), "base": d.get("base")}


def feed_info(feed):
    return {
        "title": feed.get("title"),
        "title_detail": detail(feed, "title"),
        "subtitle": feed.get("subtitle"),
        "link": feed.get("link"),
        "links": links(feed),
        "id": feed.get("id"),
        "language": feed.get("language"),
        "updated": feed.get("updated"),
        "updated_parsed": iso(feed.get("updated_parsed")),
        "published": feed.get("published"),
        "published_parsed": iso(feed.get("published_parsed")),
        "authors": authors(feed),
        "tags": tags(feed),
        "generator": feed.get("generator"),
        "image": plain(feed.get("image")),
        "icon": feed.get("icon"),
        "logo": feed.get("logo"),
        "rights": feed.get("rights"),
    }


def entry_info(entry):
    return {
        "id": entry.get("id"),
        "guidislink": entry.get("guidislink"),
        "title": entry.get("title"),
        "title_detail": detail(entry, "title"),
        "title_text": shown_text(entry, "title"),
        "link": entry.get("link"),
        "links": links(entry),
        "summary": entry.get("summary"),
        "summary_detail": detail(entry, "summary"),
        "content": [
            {
                "value": c.get("value"),
                "type": c.get("type"),
                "language": c.get("language"),
                "base": c.get("base"),
            }
            for c in entry.get("content", []) or []
        ],
        "published": entry.get("published"),
        "published_parsed": iso(entry.get("published_parsed")),
        "updated": entry.get("updated"),
        "updated_parsed": iso(entry.get("updated_parsed")),
        "authors": authors(entry),
        "tags": tags(entry),
        "enclosures": [
            {
                "href": e.get("href"),
                "type": e.get("type"),
                "length": e.get("length"),
                "rel": e.get("rel"),
            }
            for e in entry.get("enclosures", []) or []
        ],
        "media_content": plain(entry.get("media_content", [])),
        "media_thumbnail": plain(entry.get("media_thumbnail", [])),
        "media_credit": plain(entry.get("media_credit", [])),
        "media_description": plain(entry.get("media_description")),
    }


def main():
    data = sys.stdin.buffer.read()
    d = feedparser.parse(data)
    exc = d.get("bozo_exception")
    out = {
        "bozo": 1 if d.get("bozo") else 0,
        "bozo_exception": None if exc is None else "%s: %s" % (type(exc).__name__, exc),
        "version": d.get("version") or "",
        "encoding": d.get("encoding"),
        "namespaces": plain(d.get("namespaces", {})),
        "feed": feed_info(d.get("feed", {})),
        "entries": [entry_info(e) for e in d.get("entries", [])],
    }
    text = json.dumps(out, default=str, ensure_ascii=False) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))


if __name__ == "__main__":
    main()
