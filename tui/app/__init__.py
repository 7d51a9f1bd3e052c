"""The Textual app: the app, its stylesheet, messages, screens and widgets. Sits on the desk; never
imports the command line.
"""
