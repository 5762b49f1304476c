"""Freeze the web app into build/ on every core, with the mirror kit, rebuilds and the one-step swap."""
