"""The document page in a real browser: from a fact to its highlighted span in the full text and back."""

import re

from playwright.sync_api import expect

NOTICE_PATH = "/id/doc/83fdeee7b1d986e9"


def in_viewport(page, locator) -> bool:
    """True when the element's box lies (at least its top line) inside the visible viewport."""
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= size["height"] \
        and 0 <= box["x"] < size["width"]


def test_fact_to_span_and_back(page, live_server):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server + NOTICE_PATH)
    fact = page.locator('a.fact[data-fact="fact-measure-12"]')
    span = fact.get_attribute("data-span")
    assert re.fullmatch(r"span-\d+-\d+", span)
    mark = page.locator(f"#{span}")
    expect(mark).not_to_have_class(re.compile(r"\bactive\b"))
    fact.click()
    expect(mark).to_have_class(re.compile(r"\bactive\b"))
    assert page.url.endswith("#" + span)
    assert in_viewport(page, mark)
    expect(page.locator("#fact-measure-12")).to_have_class(re.compile(r"\bfact-active\b"))
    # every piece of the span is active, nothing else
    pieces = page.locator(f'mark.span[data-span="{span}"]')
    assert pieces.count() >= 1
    assert page.locator("mark.span.active").count() == page.locator(f'mark.span.active[data-span="{span}"]').count()
    # a back link right after the span, focused for keyboard users: Enter goes back to the fact
    back = page.locator("a.span-back")
    expect(back).to_be_focused()
    assert back.get_attribute("href") == "#fact-measure-12"
    page.keyboard.press("Enter")
    item = page.locator("#fact-measure-12")
    expect(item).to_have_class(re.compile(r"\bfact-active\b"))
    expect(fact).to_be_focused()
    assert in_viewport(page, item)
    assert page.url.endswith("#fact-measure-12")
    # the browser's Back button returns to the span
    page.go_back()
    expect(mark).to_have_class(re.compile(r"\bactive\b"))
    assert errors == []


def test_keyboard_only_and_click_on_a_mark(page, live_server):
    page.goto(live_server + NOTICE_PATH)
    link = page.locator('a.fact[data-fact="fact-measure-2-resp-1"]')
    link.focus()
    page.keyboard.press("Enter")
    span = link.get_attribute("data-span")
    expect(page.locator(f"#{span}")).to_have_class(re.compile(r"\bactive\b"))
    # clicking a target's mark in the text leads to the target under its measure
    target = page.locator("#fulltext mark.span.k-target[id]").first
    target.scroll_into_view_if_needed()
    facts = target.get_attribute("data-facts").split()
    target.click()
    fact = page.locator(f"#{facts[0]}")
    expect(fact).to_have_class(re.compile(r"\bfact-active\b"))
    assert in_viewport(page, fact)


def test_opening_a_span_link_marks_it(page, live_server):
    page.goto(live_server + NOTICE_PATH + "#span-38-50")
    mark = page.locator("#span-38-50")
    expect(mark).to_have_class(re.compile(r"\bactive\b"))
    assert in_viewport(page, mark)


def test_without_javascript_fact_links_still_jump(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server + NOTICE_PATH)
        fact = page.locator('a.fact[data-fact="fact-measure-20"]')
        span = fact.get_attribute("data-span")
        fact.click()
        page.wait_for_url("**#" + span)
        assert in_viewport(page, page.locator(f"#{span}"))
    finally:
        context.close()


def test_phone_width_keeps_the_text_readable(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(live_server + NOTICE_PATH)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        fact = page.locator('a.fact[data-fact="fact-measure-5"]')
        fact.click()
        mark = page.locator("#" + fact.get_attribute("data-span"))
        expect(mark).to_have_class(re.compile(r"\bactive\b"))
        assert in_viewport(page, mark)
    finally:
        context.close()
