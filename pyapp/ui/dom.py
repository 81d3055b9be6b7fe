# Tiny DOM helpers. Text always goes in as textContent: user text is never parsed as HTML.
import asyncio
import json

import js

document = js.document


def el(tag, text=None, cls=None, testid=None, **attrs):
    node = document.createElement(tag)
    if text is not None:
        node.textContent = str(text)
    if cls:
        node.className = cls
    if testid:
        node.setAttribute("data-testid", testid)
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        node.setAttribute(key.replace("_", "-"), "" if value is True else str(value))
    return node


def add(parent, *children):
    for child in children:
        if child is not None:
            parent.append(child)
    return parent


def by_id(node_id):
    return document.getElementById(node_id)


def clear(node):
    while node.firstChild:
        node.removeChild(node.firstChild)


def on(node, event, handler):
    """Attach a handler; coroutine functions run as tasks so the UI never waits on them."""

    def call(evt):
        result = handler(evt)
        if result is not None and hasattr(result, "send"):
            asyncio.create_task(result)

    node.addEventListener(event, call)
    return node


def button(text, handler=None, cls="btn", testid=None, **attrs):
    node = el("button", text=text, cls=cls, testid=testid, type="button", **attrs)
    if handler:
        on(node, "click", handler)
    return node


def js_obj(value):
    """A plain JS object/array from Python data (MicroPython does not convert dicts)."""
    return js.JSON.parse(json.dumps(value))


def main_area():
    return by_id("main")


def toast(text, kind="ok"):
    box = by_id("toast")
    if not box:
        box = el("div", cls="toast", testid="toast", role="status", aria_live="polite")
        id_ = "toast"
        box.id = id_
        document.body.append(box)
    box.className = "toast show " + kind
    box.textContent = text

    async def hide():
        await asyncio.sleep(3)
        box.className = "toast"

    asyncio.create_task(hide())


def number(n):
    """1234567 -> "1.234.567" (Indonesian grouping)."""
    text = str(int(n))
    out = ""
    while len(text) > 3:
        out = "." + text[-3:] + out
        text = text[:-3]
    return text + out
