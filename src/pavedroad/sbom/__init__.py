"""Software bills of materials: CycloneDX and SPDX, through their official libraries."""
