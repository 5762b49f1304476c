"""Lifeline: the public information site of the "I Want to Live" programme.

The package is laid out like the pipeline it runs, one folder a stage:

    common/   what every stage uses: problems, editors' files, YAML with line numbers, work on
              every core, fingerprints, the minisign format, where the project's folders are,
              the headers each file is served with
    content/  load and check everything under content/ and translations/: the site model,
              languages, pages, contacts, mirrors, allowed sites, Markdown and its macros,
              lint, rendering with its cache, catalogs, the check, the status table
    web/      the Flask app that turns the site into pages: routes, relative links, menus,
              interface strings, templates and the stylesheet; and the editions that travel
              without the site: the guide in one file, the message, the PDF guide and the
              leaflet (WeasyPrint), with their QR codes (segno)
    mirror/   what makes and checks a copy for mirrors: compressed twins, archives, the
              SHA256SUMS manifest and its signature, verify
    build/    freeze the web app into a folder on every core, the mirror kit on it, rebuilds
              from the cache, progress, the signing and release policy, the one-step swap
    serve/    serve a build: the WSGI app (WhiteNoise), the granian server, the live preview
    publish/  push a finished build to mirrors on S3-compatible object storage, incrementally,
              and check each copy there against the signed manifest
    cli.py    the one `lifeline` command line, over all of them

Which may import which: common imports no other folder; content imports only common; web
imports content and common; mirror imports only common (it works on any folder of files);
build imports common, content, web and mirror; serve imports common, web and content (the
preview), never build; publish imports only common and mirror (it reads a finished build, as
mirror/verify does; what it shares with the server, the headers of each file, lives in
common/headers.py); only cli.py imports every folder. So content knows nothing of building,
mirrors or serving, and the server and publishing read only a build, never content/
(tests/test_layout.py keeps the rule).
"""
