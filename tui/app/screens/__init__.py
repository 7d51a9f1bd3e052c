"""Screens of the app: the reader, the overview, review, loading, and modal dialogs."""
