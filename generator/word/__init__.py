"""Word: Markdown → .docx (GB/T 9704 house style), .md and .html files on disk."""
