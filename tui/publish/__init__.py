"""Publishing verdicts: W3C Web Annotation (and importing it back), ClaimReview, CSV and Markdown."""
