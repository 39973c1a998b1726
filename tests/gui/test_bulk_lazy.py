"""The bulk panel is built only after the window's first paint, even for a restored list, and
steps out of the way when the form goes back to one recipient."""

from __future__ import annotations

from gui.settings import FormState, Settings


def test_a_restored_list_gets_its_panel_only_after_the_first_paint(qtbot, make_window) -> None:
    settings = Settings()
    settings.save_form(FormState("https://p.example/rest/1/", "5-7", "Hello"))
    settings.sync()
    w = make_window(settings=Settings())
    assert w.compose.message.user_note.text() == "3 recipients"
    assert w.bulk.panel is None  # not before the first paint
    w.show()
    qtbot.waitUntil(lambda: w.bulk.panel is not None)
    assert w.bulk.panel.isVisibleTo(w)


def test_one_recipient_again_hides_the_unused_panel(qtbot, make_window) -> None:
    w = make_window()
    w.show()
    qtbot.waitUntil(lambda: w.bulk._painted)
    w.compose.message.user_edit.setText("5, 6")
    assert w.bulk.panel is not None and w.bulk.panel.isVisibleTo(w)
    w.compose.message.user_edit.setText("5")
    assert not w.bulk.panel.isVisibleTo(w)
