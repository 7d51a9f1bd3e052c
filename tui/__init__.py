"""claimdesk: read news articles side by side, find their factual claims, and tag them."""

__version__ = "0.1.0"
