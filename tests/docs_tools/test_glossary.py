"""Hover definitions: first use only, never in code, headings or links; one entry per term."""

from __future__ import annotations

import re

import markdown
import yaml
import pytest

from conftest import ROOT

import glossary

TERMS = glossary.load()


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "fenced_code", "toc", glossary.GlossaryExtension(TERMS)])


def definition(name: str) -> str:
    return next(t.definition for t in TERMS if t.term == name)


def test_the_issue_terms_are_defined():
    names = {t.term.lower() for t in TERMS}
    for wanted in ("in-context learning", "few-shot", "zero-shot", "verbaliser", "calibration", "fine-tuning", "peft",
                   "lora", "soft prompt", "domain adaptation", "catastrophic forgetting", "retrieval augmentation",
                   "perplexity", "prompt template"):
        assert wanted in names, wanted


def test_only_the_first_use_on_a_page_is_marked():
    out = render("Fine-tuning is slow. Then fine-tuning again, and LoRA once.")
    assert out.count("<abbr") == 2
    assert f'<abbr tabindex="0" title="{definition("fine-tuning")}">Fine-tuning</abbr>' in out


def test_code_headings_and_links_are_left_alone():
    out = render("# Fine-tuning { #ft }\n\n`LoRA` and [LoRA](x.md)\n\n```\nfew-shot\n```\n\nNow LoRA.")
    assert '<h1 id="ft">Fine-tuning</h1>' in out
    assert "<code>LoRA</code>" in out and '<a href="x.md">LoRA</a>' in out
    assert "<pre><code>few-shot\n</code></pre>" in out
    assert out.count("<abbr") == 1 and out.endswith(f'Now <abbr tabindex="0" title="{definition("LoRA")}">LoRA</abbr>.</p>')


def test_words_inside_other_words_and_wrong_case_acronyms_are_not_marked():
    assert "<abbr" not in render("The fine-tunings are unrelated; a rag is cloth; lora is not LoRA-ish.")
    assert "<abbr" not in render("Superperplexity is not a word.")


def test_a_form_owned_by_two_terms_is_refused(tmp_path):
    data = tmp_path / "g.yml"
    data.write_text("- {term: a, anchor: a, definition: x, forms: [b]}\n- {term: b, anchor: b, definition: y}\n")
    with pytest.raises(ValueError, match="'b' belongs to both"):
        glossary.load(data)


def test_the_built_site_has_hover_definitions_but_not_in_code_headings_or_links(built_site):
    marked_pages = 0
    for page in built_site.pages():
        text = page.read_text(encoding="utf-8")
        marked_pages += bool(re.search(r"<abbr\b[^>]*\stitle=", text))
        for tag in ("code", "pre", "h1", "h2", "h3", "h4", "a"):
            for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.DOTALL):
                assert "<abbr" not in inner, f"{page.relative_to(built_site.dir)}: <abbr> inside <{tag}>"
    assert marked_pages >= 5


def test_the_glossary_page_defines_each_term_at_its_anchor(built_site):
    text = (built_site.dir / "glossary" / "index.html").read_text(encoding="utf-8")
    for term in TERMS:
        assert f'id="{term.anchor}"' in text, term.term


def test_every_term_and_reference_anchor_is_pinned():
    pinned = yaml.safe_load((ROOT / "tests" / "pinned_anchors.yml").read_text(encoding="utf-8"))
    assert {t.anchor for t in TERMS} <= set(pinned.get("glossary/", [])), "pin new glossary anchors"
    import bibliography
    assert {w.key for w in bibliography.load()} <= set(pinned.get("references/", [])), "pin new reference keys"
