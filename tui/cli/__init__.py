"""The command line: click commands, their output records and tables. Sits on the desk and the layers
below; never imports the Textual app.
"""
