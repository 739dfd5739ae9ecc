"""The render-time mask (determinations.privacy.display): cheap on clean text, never skipping unmasked text."""

from determinations.privacy import display, mask


def test_clean_text_is_shown_as_it_is_and_remembered():
    text = "The patient is a 45 year old female with low back pain."
    assert display.shown(text) == text
    assert display.shown(text) == text


def test_unmasked_text_is_masked_every_time_it_is_shown():
    text = "Employee: John Q. Smith\nThe patient is well."
    for _ in range(3):
        shown = display.shown(text)
        assert shown == mask(text) and "John" not in shown and "The patient is well." in shown


def test_a_text_is_remembered_by_its_whole_content():
    clean = "The patient is well."
    display.shown(clean)
    # the same words with a name added are another text: read again, and masked
    assert "Smith" not in display.shown("Employee: Jane Smith\n" + clean)


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(display, "REMEMBERED", 2)
    monkeypatch.setattr(display, "_clean", set())
    for n in range(5):
        display.shown(f"Clean sentence number {n}.")
    assert len(display._clean) <= 2
