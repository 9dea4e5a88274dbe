"""NextTurn: a value handed on to a slot on the event loop's next turn."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from clew.ui.background.next_turn import NextTurn


def test_a_value_is_handed_on_at_the_next_turn_and_a_later_one_replaces_it(qtbot):
    owner, got = QObject(), []
    turn = NextTurn(got.append, owner)
    turn.give(1)
    turn.give(2)
    assert got == [] and turn.pending
    qtbot.waitUntil(lambda: got == [2])
    assert not turn.pending


def test_a_value_cancelled_is_not_handed_on(qtbot):
    owner, got, later = QObject(), [], []
    turn = NextTurn(got.append, owner)
    turn.give(None)  # None is a value like any other
    turn.cancel()
    QTimer.singleShot(0, lambda: later.append(True))
    qtbot.waitUntil(lambda: later == [True])
    assert got == [] and not turn.pending
