"""The annotation store on disk: the TinyDB snapshot file, its journal and lock, undo and redo, repair.
The only home of TinyDB.
"""
