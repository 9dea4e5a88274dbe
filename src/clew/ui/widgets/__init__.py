"""Small widgets and behaviours any pane may use: the HTML item delegate, list navigation from a
filter box, plain labels, tooltips for Qt's own buttons, the focus mark.

May import: clew.core only (no other part of clew.ui)."""
