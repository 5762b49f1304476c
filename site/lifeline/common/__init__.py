"""Used by every stage: problems, editors' files, YAML with lines, work on every core, digests, minisign, the project folder."""
