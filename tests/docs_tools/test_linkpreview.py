"""Link previews: the description is the page's first paragraph of prose, short and attribute-safe."""

from __future__ import annotations

import linkpreview


def test_the_description_is_the_first_paragraph_of_prose_not_an_aside():
    page = ('<h1>T</h1><div class="admonition note"><p>A note that is long enough to be mistaken for prose.</p></div>'
            '<details class="pft-cite"><p>Cite this page, also long enough to be mistaken for prose here.</p></details>'
            '<p>Short.</p><p>The page <em>itself</em> begins   here, and this sentence is its\n first paragraph.</p>'
            '<p>Not this one, which comes later in the page.</p>')
    assert linkpreview.first_paragraph(page) == "The page itself begins here, and this sentence is its first paragraph."


def test_a_long_paragraph_is_cut_at_a_word_with_an_ellipsis():
    text = "word " * 100
    short = linkpreview.shorten(text.strip(), 30)
    assert len(short) <= 30 and short.endswith("…") and not short.endswith(" …")
    assert linkpreview.shorten("fits as it is", 30) == "fits as it is"


def test_the_description_is_escaped_for_an_attribute_and_falls_back_without_prose():
    page = '<p>A paragraph with "quotes", <code>&lt;tags&gt;</code> &amp; an ampersand in it.</p>'
    assert linkpreview.description(page, "x") == (
        "A paragraph with &quot;quotes&quot;, &lt;tags&gt; &amp; an ampersand in it.")
    assert linkpreview.description("<pre><p>code only, no paragraphs of prose here at all</p></pre>", 'Site "S"') == \
        "Site &quot;S&quot;"
