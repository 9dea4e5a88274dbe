"""The keyboard's popups and dialogs over the window: quick switcher, command palette, cheat
sheet, About.

May import: clew.core, clew.ui.widgets, clew.ui.background, clew.ui.reader, clew.ui.panels,
clew.ui.actions (panels for the graph's keys the cheat sheet lists)."""
