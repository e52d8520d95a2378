"""Writers: a result as text, JSON, CSV or Markdown, chosen by format name."""
