"""Scan an image tarball or a root filesystem: its packages, and its configuration's findings.

    result = scan_image("app.tar")      # docker save or OCI layout, gzip or not
    tarball = scan_images("all.tar")    # every image of a multi-image tarball
    result = scan_rootfs("/mnt/rootfs")  # a plain directory

Neither ever raises for bad input: an unreadable image is a result with a problem naming it.
"""

from __future__ import annotations

import dataclasses
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pavedroad.analyzers.sca import parsers
from pavedroad.core.components import Component
from pavedroad.core.findings import Finding
from pavedroad.image.archive import ImageFormatError, ImageLayout, read_layouts
from pavedroad.image.config_checks import check_config
from pavedroad.image.debian_copyright import is_copyright_file, with_dpkg_licenses
from pavedroad.image.distro import RELEASE_FILES, Distro, detect_distro
from pavedroad.image.filesystem import DirectoryFilesystem, Filesystem
from pavedroad.image.layers import STREAM_ERRORS, LayeredFilesystem
from pavedroad.image.os_packages import APK_INSTALLED, DPKG_STATUS, inventory_os_packages, is_os_database
from pavedroad.image.problems import ImageLimits, ImageProblem
from pavedroad.image.rpm import RPM_SQLITE_PATHS, RPM_UNSUPPORTED_PATHS, inventory_rpm
from pavedroad.image.selection import select_images

_NOT_A_TARBALL = "not a tar archive (plain, gzip, bzip2 or xz): not an image tarball"
OS_DATABASE_PATHS = (DPKG_STATUS, APK_INSTALLED, *RPM_SQLITE_PATHS)


@dataclass(frozen=True, slots=True)
class ImageScanResult:
    """What one image or root filesystem holds: components (OS and language), findings, problems.

    `reference` names the image (its tag where the tarball says, else the file name) or the
    directory; component sources are paths inside it.
    """

    reference: str
    components: tuple[Component, ...] = ()
    findings: tuple[Finding, ...] = ()
    problems: tuple[ImageProblem, ...] = ()
    distro: Distro | None = None
    layers: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> tuple[ImageProblem, ...]:
        """The problems that may leave the inventory incomplete."""
        return tuple(problem for problem in self.problems if problem.is_error)


@dataclass(frozen=True, slots=True)
class TarballScanResult:
    """Every image scanned from one tarball, and the problems of the tarball itself.

    `images` is empty only when the tarball could not be read at all (`problems` says why).
    """

    label: str
    images: tuple[ImageScanResult, ...] = ()
    problems: tuple[ImageProblem, ...] = ()


def scan_images(
    tar_path: str | Path, limits: ImageLimits | None = None, select: str | None = None
) -> TarballScanResult:
    """Inventory and check every image of a tarball (or those named `select`), without a daemon or extraction."""
    path = Path(tar_path)
    limits = limits or ImageLimits()
    try:
        with tarfile.open(path, "r:*") as archive:
            layout = read_layouts(archive, path.name, limits)
            chosen = select_images(layout.images, select, path.name) if select else layout.images
            images = tuple(_scan_layout(archive, image, limits) for image in chosen)
    except ImageFormatError as error:
        return TarballScanResult(path.name, problems=(ImageProblem(str(path), str(error)),))
    except tarfile.ReadError:
        return TarballScanResult(path.name, problems=(ImageProblem(str(path), _NOT_A_TARBALL),))
    except STREAM_ERRORS as error:
        message = f"image tarball unreadable: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
        return TarballScanResult(path.name, problems=(ImageProblem(str(path), message),))
    return TarballScanResult(path.name, images, tuple(layout.problems))


def scan_image(tar_path: str | Path, limits: ImageLimits | None = None) -> ImageScanResult:
    """The first (usually the only) image of a tarball, with the tarball's own problems."""
    tarball = scan_images(tar_path, limits)
    first = tarball.images[0] if tarball.images else ImageScanResult(tarball.label)
    return dataclasses.replace(first, problems=(*tarball.problems, *first.problems))


def _scan_layout(archive: tarfile.TarFile, image: ImageLayout, limits: ImageLimits) -> ImageScanResult:
    filesystem = LayeredFilesystem(archive, image.layers, limits)
    components, distro, problems = _inventory(filesystem)
    return ImageScanResult(
        reference=image.reference,
        components=tuple(components),
        findings=tuple(check_config(image.config)),
        problems=(*filesystem.problems, *problems),
        distro=distro,
        layers=tuple(layer.label for layer in image.layers),
    )


def scan_rootfs(directory: str | Path, limits: ImageLimits | None = None) -> ImageScanResult:
    """Inventory a root filesystem directory; its links are resolved inside it, never on the host."""
    root = Path(directory)
    if not root.is_dir():
        return ImageScanResult(str(root), problems=(ImageProblem(str(root), "not a directory"),))
    filesystem = DirectoryFilesystem(root.resolve(), limits or ImageLimits())
    components, distro, problems = _inventory(filesystem)
    return ImageScanResult(
        reference=str(root),
        components=tuple(components),
        problems=(*filesystem.problems, *problems),
        distro=distro,
    )


def _inventory(filesystem: Filesystem) -> tuple[list[Component], Distro | None, list[ImageProblem]]:
    """OS packages and language packages, from one listing and one read of the wanted files."""
    listed = list(filesystem.file_paths())
    manifests = [path for path in listed if parsers.wants(path)]
    databases = [path for path in listed if is_os_database(path)]
    # Copyright files are read in the same pass; only those behind linked doc directories need another.
    copyrights = [path for path in listed if is_copyright_file(path)]
    wanted = [*RELEASE_FILES, *OS_DATABASE_PATHS, *RPM_UNSUPPORTED_PATHS, *databases, *manifests, *copyrights]
    contents = filesystem.read_files(wanted)
    distro = detect_distro(contents)
    inventory = inventory_os_packages(contents, distro)

    def read_more(paths: Iterable[str]) -> dict[str, bytes]:
        paths = list(paths)
        return {**filesystem.read_files(path for path in paths if path not in contents), **contents}

    rpm_components, rpm_problems = inventory_rpm(contents, distro)
    components = [*with_dpkg_licenses(inventory.components, read_more), *rpm_components]
    problems = [*inventory.problems, *rpm_problems]
    for path in manifests:
        if path not in contents:
            continue
        found, parse_problems = parsers.parse_manifest(path, contents[path], contents.get)
        components.extend(found)
        # A vendored manifest that does not parse says nothing about the image's integrity: a warning.
        problems.extend(ImageProblem(p.path, p.message, is_error=False, line=p.line) for p in parse_problems)
    return list(dict.fromkeys(components)), distro, problems
