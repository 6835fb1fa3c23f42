"""The map page's title and captions drawn as plain HTML stay text: a plan's words never run as markup."""
from ui.plain_text import caption_markup, title_markup


def test_a_title_with_markup_in_it_is_shown_as_its_characters():
    block = title_markup('<img src=x onerror="alert(1)">Bản đồ', "Chương trình <b>30</b> & kế hoạch")
    assert "<img" not in block and "<b>" not in block
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Bản đồ" in block
    assert "Chương trình &lt;b&gt;30&lt;/b&gt; &amp; kế hoạch" in block
    assert block.count("<h1>") == 1


def test_a_caption_with_markup_in_it_is_shown_as_its_characters():
    assert caption_markup("<script>x()</script>") == '<p class="pm-caption">&lt;script&gt;x()&lt;/script&gt;</p>'


def test_the_title_lines_under_it_are_text_too_and_an_empty_one_is_left_out():
    block = title_markup("Bản đồ", "Chương trình", 'Nay thuộc <a href="x">TP</a>', "")
    assert "<a " not in block and "Nay thuộc &lt;a href=&quot;x&quot;&gt;TP&lt;/a&gt;" in block
    assert block.count("<p>") == 2
