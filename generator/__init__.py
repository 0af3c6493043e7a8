"""briefing: news articles in, structured briefs and a browsable static site out."""

__version__ = "0.1.0"
