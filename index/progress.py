"""Progress of a long step: a bar on a terminal, an INFO line every few seconds anywhere else.

tqdm draws nothing when stderr is not a terminal, so a build in a pipe or under a service manager
would be silent for minutes; there the same progress is logged instead (visible with ``-v``).
"""

from __future__ import annotations

import logging
import time

from tqdm import tqdm

logger = logging.getLogger(__name__)

#: Seconds between two progress lines when there is no bar.
LOG_EVERY_SECONDS = 5.0


class Progress:
    """``with Progress(total, "embedding (use)") as progress: progress.update(n)``."""

    def __init__(self, total: int, description: str, *, unit: str = "paragraphs") -> None:
        self.total = total
        self.description = description
        self.unit = unit
        self.done = 0
        self._bar = tqdm(total=total, desc=description, unit="par", disable=None, leave=False)
        self._started = self._logged = time.monotonic()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.close()

    def update(self, count: int) -> None:
        self.done += count
        self._bar.update(count)
        now = time.monotonic()
        if self._bar.disable and now - self._logged >= LOG_EVERY_SECONDS:
            self._logged = now
            logger.info("%s: %s of %s %s (%.0f s)", self.description, f"{self.done:,}", f"{self.total:,}",
                        self.unit, now - self._started)
