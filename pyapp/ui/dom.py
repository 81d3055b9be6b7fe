# Tiny DOM helpers. Text always goes in as textContent: user text is never parsed as HTML.
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
        node.setAttribute(key.replace("_", "-"), str(value))
    return node


def by_id(node_id):
    return document.getElementById(node_id)


def clear(node):
    while node.firstChild:
        node.removeChild(node.firstChild)
