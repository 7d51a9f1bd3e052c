"""Widgets of the app: the article view, its pane and the status line."""
