"""Container images and root filesystems, read without a Docker daemon and without executing anything.

`scan_image("app.tar")` reads a `docker save` or OCI-layout tarball, `scan_rootfs("/mnt/root")`
a plain directory; both return the OS and language packages inside and the findings of the
image configuration checks. Layers are indexed in memory (whiteouts applied, unsafe members
refused) and only the few files an inventory needs are ever read.
"""

from __future__ import annotations

from pavedroad.image.problems import ImageLimits, ImageProblem
from pavedroad.image.scan import ImageScanResult, scan_image, scan_rootfs

__all__ = ["ImageLimits", "ImageProblem", "ImageScanResult", "scan_image", "scan_rootfs"]
