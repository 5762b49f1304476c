"""Adapters: the same synthetic corpus built by other static site generators, for comparison.

Each module here (hugo.py, pelican.py, mkdocs.py) converts a corpus written by bench/corpus.py
(this project's content format: content/languages.yaml, content/contacts.yaml and
content/<lang>/<slug>.md with YAML front matter) into that tool's own project, and says how to
build it. Conversion is not timed; only the build command is.

Every adapter makes the tool do the same work as this project's build, so the figures compare:
- one HTML page per page per language, at <lang>/<slug>.html (or the tool's nearest form);
- the page's title as its <h1>, its Markdown body rendered to HTML;
- a navigation menu on every page listing every page of that language, by title, in weight order;
- a language switcher on every page linking the same page in every language;
- `{{ contact: ID }}` shown as the contact's value from contacts.yaml (the tool's own shortcode,
  macro or a plain substitution at conversion time: say which in the module's docstring);
- links between pages (`[words](page-0042)`) working in the output.

Interface of each module:
    NAME: str                                   # e.g. "Hugo 0.168.0"
    def prepare(content: Path, work: Path) -> None   # write the tool's project into `work` (empty folder)
    def command(work: Path) -> list[str]             # argv of a cold, full build (run with cwd=work)
    def output(work: Path) -> Path                   # the folder the build writes its site into
The tools run from the benchmark's own virtual environment, .venv-bench (bench/requirements.txt);
commands name its executables through `BIN = Path(sys.prefix) / "bin"` of that environment.
"""
