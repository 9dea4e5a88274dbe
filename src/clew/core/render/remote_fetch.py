"""Fetching a remote image a note shows, once the user allows it: web addresses only, bounded in
time and size, so a slow or huge image cannot stall or swamp Clew."""

from __future__ import annotations

import urllib.request

import clew

MAX_IMAGE_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 10.0


class FetchRefused(ValueError):
    """The address or the answer is not something Clew will show as an image."""


def fetch_image(url: str, *, limit: int = MAX_IMAGE_BYTES, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The bytes at ``url`` (http or https), at most ``limit`` of them."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchRefused(f"not a web address: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": f"Clew/{clew.__version__}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
        data = response.read(limit + 1)
    if len(data) > limit:
        raise FetchRefused(f"image larger than {limit // (1024 * 1024)} MB: {url}")
    return data
