"""Serve a build (WhiteNoise behind granian), and the live preview for editors; never reads content/ to serve."""
