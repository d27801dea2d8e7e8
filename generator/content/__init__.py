"""Content: the documents' text (charter, duties, resolutions) drafted from a profile as Markdown."""
