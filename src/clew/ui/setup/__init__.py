"""What the app is set up with around the window: the AppContext of long-lived objects, the
theme, Clew's shipped resources, and the stage `clew --screenshot` sets.

May import: any of clew.ui but clew.ui.app."""
