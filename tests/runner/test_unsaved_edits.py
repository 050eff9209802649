"""An edit is never lost without a word, in Debian's chromium: a change typed just before a reload
is saved, and when the browser will not keep an edit (storage full or turned off) the example and
the page say so for as long as it holds, and the reader is asked before the page is left: closed,
reloaded, or swapped for another page of the site by a link or by Back and Forward."""

from __future__ import annotations

import pytest

from chromium import block, code_link, navigate, replace_code, wait_done
from serve_site import serve

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

PAGE = "fine-tuning/"
# The editor's script, loaded when first needed: its name changes with every version of the site.
EDITOR_SCRIPT = "**/runner/editor-*.js"
REFUSE_STORAGE_JS = """Storage.prototype.setItem = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };"""


@pytest.fixture
def origin(built_site):
    server = serve(built_site.dir, headers=False)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def open_page(context, origin):
    page = context.new_page()
    page.goto(f"{origin}/{PAGE}")
    page.wait_for_selector(".pft-snippet[data-pft-runner]")
    return page


def test_a_change_typed_just_before_a_reload_is_kept(browser, origin):
    context = browser.new_context()
    page = open_page(context, origin)
    replace_code(page, block(page, 0), "print('typed at the last moment')")
    page.reload()
    page.wait_for_selector(".pft-snippet[data-pft-runner] .cm-content")
    assert "typed at the last moment" in block(page, 0).locator(".cm-content").text_content()
    context.close()


def edit_unsaved(page, code: str):
    """Edit the page's first example, in a browser that refuses to keep it; returns the example."""
    root = block(page, 0)
    replace_code(page, root, code)
    page.wait_for_function("root => root.querySelector('.pft-edited').textContent === 'Edited, not saved'",
                           arg=root.element_handle())
    return root


OWN_NAV_ITEM = "a.md-nav__link--active"
"""The navigation's item for the page shown."""


def follow_a_link_and_stay(page, link: str = ".md-nav a[href$='/prompt-engineering/']") -> list[str]:
    """Follow `link` (by default to another page of the site), answering No to every question the
    page asks; the kinds of dialog it has asked, from then on."""
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator(link).first.click()
    page.wait_for_timeout(500)
    return asked


def test_an_edit_the_browser_will_not_keep_is_marked_and_the_page_asks_before_it_goes(browser, origin):
    context = browser.new_context()
    context.add_init_script(REFUSE_STORAGE_JS)
    page = open_page(context, origin)
    root = edit_unsaved(page, "print('mine')")
    marker = root.locator(".pft-edited")
    assert "copy it before you leave" in marker.get_attribute("title")
    assert "does not let the page keep your edit" in root.locator(".pft-status").text_content()
    assert "is not keeping it: copy it" in page.locator(".pft-page-edits").text_content()
    asked = follow_a_link_and_stay(page)
    assert asked == ["confirm"], "following a link to another page of the site asks first"
    assert page.evaluate("location.pathname").endswith("/" + PAGE) and "mine" in root.locator(".cm-content").text_content()
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["confirm", "beforeunload"], "closing a page with an edit the browser did not keep asks first"
    context.close()


def test_code_from_a_link_offers_back_an_edit_the_browser_did_not_keep(browser, origin):
    context = browser.new_context()
    context.add_init_script(REFUSE_STORAGE_JS)
    page = open_page(context, origin)
    root = edit_unsaved(page, "print('mine')")
    page.goto(code_link(origin, PAGE, root.get_attribute("data-snippet"), "print('from the link')"))
    page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('came with the link')",
                           arg=root.element_handle())
    assert "which this browser is not keeping" in root.locator(".pft-status").text_content()
    # A second link in its turn: the edit is still offered, from memory.
    page.goto(code_link(origin, PAGE, root.get_attribute("data-snippet"), "print('from a second link')"))
    root.locator(".cm-content", has_text="second link").wait_for()
    assert "which this browser is not keeping" in root.locator(".pft-status").text_content()
    # Running the link's code makes it the edit the browser does not keep; the reader's own is still offered.
    root.locator("button.pft-run").click()
    assert wait_done(page, root) == "ok"
    assert "which this browser is not keeping" in root.locator(".pft-status").text_content()
    # Reset forgets the link's code (its Undo offers it); the reader's own edit is still only in the
    # page: leaving asks first, and the next run's end offers it again.
    root.locator("button.pft-reset").click()
    asked = follow_a_link_and_stay(page)
    assert asked == ["confirm"], "the edit offered back is only in the page: leaving asks first"
    root.locator("button.pft-run").click()
    assert wait_done(page, root) == "ok"
    assert "which this browser is not keeping" in root.locator(".pft-status").text_content()
    root.locator("button.pft-bring-back").click()
    root.locator(".cm-content", has_text="mine").wait_for()
    assert root.locator(".pft-edited").text_content() == "Edited, not saved"
    context.close()


def with_an_orphaned_edit(context, origin, record: dict):
    """A page of the site, its storage holding `record` for an example the site has since renamed
    (the page must be loaded again to see it); and the record's storage key."""
    page = open_page(context, origin)
    key = f"pft-runner:v1:/{PAGE}:{PAGE}renamed_since.py"
    page.evaluate("([key, record]) => localStorage.setItem(key, JSON.stringify(record))", [key, record])
    return page, key


def test_an_edit_of_an_example_the_site_no_longer_has_can_be_downloaded_then_forgotten(browser, origin):
    """A later version of the site renamed the example the reader had edited: the edit is not dropped unseen."""
    context = browser.new_context()
    page, key = with_an_orphaned_edit(context, origin, {"code": "print('kept')"})
    page.reload()
    note = page.locator(".pft-orphans")
    note.get_by_text("no longer on this page").wait_for()
    # Other news above the examples does not push the offer out.
    replace_code(page, block(page, 0), "print('typing elsewhere')")
    page.locator(".pft-page-edits", has_text="shows your edits").wait_for()
    with page.expect_download() as download:
        note.get_by_role("button", name="Download it").click()
    assert download.value.suggested_filename == "renamed_since.py"
    assert "print('kept')" in open(download.value.path(), encoding="utf-8").read()
    note.get_by_role("button", name="Forget it").press("Enter")
    note.get_by_text("Forgotten").wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('pft-orphans')"), "the keyboard's place was lost"
    assert page.evaluate("key => localStorage.getItem(key)", key) is None
    page.reload()
    page.wait_for_timeout(500)
    assert note.count() == 0
    context.close()


def test_both_texts_kept_for_an_example_the_site_no_longer_has_are_offered_and_forgotten_one_by_one(browser, origin):
    """A link's code had replaced the reader's own edit, kept beside it, before the example was renamed."""
    context = browser.new_context()
    record = {"code": "print('from a link')", "previous": "print('my own')", "replacedBy": "link"}
    page, key = with_an_orphaned_edit(context, origin, record)
    page.reload()
    note = page.locator(".pft-orphans")
    downloaded = []
    for _ in record["code"], record["previous"]:
        note.get_by_text("no longer on this page").wait_for()
        with page.expect_download() as download:
            note.get_by_role("button", name="Download it").click()
        downloaded.append(open(download.value.path(), encoding="utf-8").read().strip().splitlines()[-1])
        note.get_by_role("button", name="Forget it").click()
    note.get_by_text("Forgotten").wait_for()
    assert downloaded == [record["code"], record["previous"]]
    assert page.evaluate("key => localStorage.getItem(key)", key) is None
    context.close()


def test_once_the_reader_has_left_by_a_link_the_next_page_asks_again(browser, origin):
    context = browser.new_context()
    context.add_init_script(REFUSE_STORAGE_JS)
    page = open_page(context, origin)
    edit_unsaved(page, "print('left behind')")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept() if dialog.type == "confirm" else dialog.dismiss()))
    navigate(page, "prompt-engineering/")
    edit_unsaved(page, "print('mine too')")
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["confirm", "beforeunload"], "after one page was left, closing the next with an unkept edit did not ask"
    context.close()


def test_back_to_another_page_asks_first_and_keeps_the_page_if_the_reader_stays(browser, origin):
    context = browser.new_context()
    context.add_init_script(REFUSE_STORAGE_JS)
    page = context.new_page()
    page.goto(f"{origin}/prompt-engineering/")
    page.wait_for_selector(".pft-snippet[data-pft-runner]")
    navigate(page, PAGE)
    root = edit_unsaved(page, "print('kept through Back')")
    element = root.element_handle()
    answers = ["dismiss", "accept"]
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), getattr(dialog, answers[len(asked) - 1])()))
    page.go_back(wait_until="commit")
    page.wait_for_timeout(1000)
    assert asked == ["confirm"], "Back to another page of the site asks first"
    assert page.evaluate("location.pathname").endswith("/" + PAGE), "staying puts the page's address back"
    assert root.is_visible() and "kept through Back" in root.locator(".cm-content").text_content()
    page.go_back(wait_until="commit")
    page.wait_for_function("location.pathname.endsWith('/prompt-engineering/')")
    page.wait_for_timeout(1000)
    assert asked == ["confirm", "confirm"]
    page.wait_for_function("element => !element.isConnected", arg=element)  # the page was swapped
    context.close()


def test_an_editor_that_cannot_be_loaded_says_so_and_the_saved_edit_stays_saved(browser, origin):
    context = browser.new_context()
    page = open_page(context, origin)
    replace_code(page, block(page, 0), "print('mine')")
    page.wait_for_timeout(600)  # the edit is saved
    stored = page.evaluate("() => ({...localStorage})")
    assert list(stored.values()) == ['{"code":"print(\'mine\')"}']
    # As when the connection went after the page came, or the site has been updated since: the editor's script does not come.
    page.route(EDITOR_SCRIPT, lambda route: route.abort("internetdisconnected"))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.reload()
    page.wait_for_selector(".pft-snippet[data-pft-runner]")
    edited, other = block(page, 0), block(page, 1)
    other.locator("button.pft-edit").click()
    for root in (edited, other):
        page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('editor could not be loaded')",
                               arg=root.element_handle())
    assert "still saved in this browser, but the original code is shown" in edited.locator(".pft-status").text_content()
    assert other.locator("button.pft-edit").is_enabled()
    other.locator("button.pft-link").click()
    page.wait_for_function("root => root.dataset.pftLink", arg=other.element_handle())
    page.goto(other.get_attribute("data-pft-link"))
    page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('link you opened is not shown')",
                           arg=other.element_handle())
    assert page.evaluate("() => ({...localStorage})") == stored
    # Reset forgets the edit it cannot show, but offers it back, and Undo saves it again.
    edited = block(page, 0)
    edited.locator("button.pft-reset").click()
    assert "Your edit is no longer saved" in edited.locator(".pft-status").text_content()
    assert "mine" not in str(page.evaluate("() => ({...localStorage})"))
    edited.locator("button.pft-bring-back").click()
    page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('still saved in this browser')",
                           arg=edited.element_handle())
    assert page.evaluate("() => ({...localStorage})") == stored
    assert not errors, errors
    context.close()


def test_a_link_to_the_page_shown_leaves_its_run_and_an_unkept_edit_alone(browser, origin):
    """The page's own item in the navigation, clicked first thing after a full load."""
    context = browser.new_context()
    context.add_init_script(REFUSE_STORAGE_JS)
    page = open_page(context, origin)
    root = edit_unsaved(page, "import time\nprint('mine')\ntime.sleep(2)\nprint('done')")
    root.locator("button.pft-run").click()
    root.locator(".pft-output", has_text="mine").wait_for()
    asked = follow_a_link_and_stay(page, OWN_NAV_ITEM)
    assert wait_done(page, root) == "ok" and root.locator(".pft-output").text_content() == "mine\ndone\n"
    assert asked == [] and "mine" in root.locator(".cm-content").text_content()
    # From a section, the same link goes to the top of the page, still without loading it again.
    page.locator(".md-sidebar--secondary a.md-nav__link").last.click()
    page.wait_for_function("() => location.hash.length > 1 && scrollY > 0")
    page.locator(OWN_NAV_ITEM).first.click()
    page.wait_for_timeout(500)
    assert page.evaluate("[location.hash, scrollY]") == ["", 0]
    assert asked == [] and root.locator(".pft-output").text_content() == "mine\ndone\n"
    context.close()


def test_an_edit_of_a_renamed_example_the_browser_will_not_forget_is_said_to_stay(browser, origin):
    context = browser.new_context()
    page, _ = with_an_orphaned_edit(context, origin, {"code": "print('kept')"})
    context.add_init_script(REFUSE_STORAGE_JS + "\nStorage.prototype.removeItem = Storage.prototype.setItem;")
    page.reload()
    note = page.locator(".pft-orphans")
    with page.expect_download():
        note.get_by_role("button", name="Download it").click()
    note.get_by_role("button", name="Forget it").click()
    note.get_by_text("would not let the page forget the edit").wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('pft-orphans')")
    context.close()
