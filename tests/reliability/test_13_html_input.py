"""RELIABILITY row 13: HTML input with <script>, <style>, comments and entities like &amp;lt;:
script and style text are not ingested; the text is unescaped exactly once."""

from __future__ import annotations

from casegraph.extract.corpus import read_corpus

PAGE = """<!doctype html><html><head><title>Ignored title</title>
<style>body { color: red } .secret { }</style>
<script>var secret = "alert(1)"; document.write("<p>injected</p>");</script></head>
<body><nav>Home | News</nav><h1>Europol &amp; INTERPOL meet</h1>
<!-- a comment that must vanish -->
<p>Rates of 5 &amp;lt; 6 were discussed &mdash; in Lyon.</p>
<script type="application/ld+json">{"secret": true}</script>
<footer>Share this</footer></body></html>"""


def test_only_visible_text_is_read_and_entities_are_unescaped_once(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (article,), problems = read_corpus([tmp_path])
    assert problems == ()
    assert article.title == "Europol & INTERPOL meet"
    assert "Rates of 5 &lt; 6 were discussed — in Lyon." in article.text
    for hidden in ("secret", "alert", "injected", "color", "comment", "Home | News", "Share this"):
        assert hidden not in article.text, hidden
