"""Save a screenshot of an X display once a window shows on it (CI, Windows program under Wine).

``python packaging/wine/screenshot.py :DISPLAY OUT.png [SECONDS]``: waits up to SECONDS (30)
for something other than the empty black screen, lets it paint for two more seconds, saves
the screen cropped to what is drawn, and prints its size.  Exit 1 if nothing appeared.
Uses Pillow's X11 grab (the host's Pillow, not the program's)."""

from __future__ import annotations

import sys
import time

from PIL import ImageGrab


def main(argv: list[str]) -> int:
    display, out = argv[0], argv[1]
    deadline = time.monotonic() + (float(argv[2]) if len(argv) > 2 else 30.0)
    while time.monotonic() < deadline:
        if ImageGrab.grab(xdisplay=display).getbbox() is not None:
            break
        time.sleep(0.5)
    else:
        print(f"nothing appeared on {display}", file=sys.stderr)
        return 1
    time.sleep(2.0)
    shot = ImageGrab.grab(xdisplay=display)
    box = shot.getbbox()
    if box is None:
        print(f"the window on {display} went away", file=sys.stderr)
        return 1
    shot = shot.crop(box)
    shot.save(out)
    print(f"screenshot {shot.width}×{shot.height} at ({box[0]}, {box[1]}) → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
