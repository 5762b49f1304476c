"""Named points of a build or a publish, where a test can have it killed (tests/test_interrupted_freeze.py,
tests/test_publish.py).

With $LIFELINE_KILL_AT set to a point's name, the process kills itself with SIGKILL on
reaching it: no cleanup runs, as when a machine loses power. Unset (always, outside that test),
a checkpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

KILL_VARIABLE = "LIFELINE_KILL_AT"
# In the order a build reaches them.
POINTS = (
    "loaded",  # content checked and rendered, nothing written
    "freezing",  # the temporary folder made, some pages written into it
    "frozen",  # every page written
    "archives",  # the offline archives written
    "twins",  # the compressed twins written
    "manifest",  # SHA256SUMS (and its signature) written: the new build is whole
    "swapped",  # the new build in place, the old one not yet removed
    "cached",  # the cache for the next build saved
)

# In the order a publish reaches them (publish/publish.py), for each target.
PUBLISH_POINTS = (
    "publish-assets",  # the first asset uploaded, the others on their way, no page yet
    "publish-pages",  # every asset uploaded, the first page too
    "publish-manifest",  # SHA256SUMS and its signature uploaded, nothing deleted yet
)


def checkpoint(name: str) -> None:
    if os.environ.get(KILL_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
