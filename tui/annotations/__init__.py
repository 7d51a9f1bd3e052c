"""The annotation record (typed) and what is computed from records alone: anchoring to changed text,
merging, agreement, resolution against the articles as they are now.
"""
