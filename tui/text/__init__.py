"""Articles as text: reading files into canonical text, boilerplate, sentences, check-worthiness,
linking and loaded language. Knows nothing of annotations, the store or any interface.
"""
