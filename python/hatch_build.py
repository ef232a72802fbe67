"""hatchling build hook: the wheel holds a native executable, so it is platform-specific (`py3-none-<platform>`,
one wheel for every CPython 3); auditwheel turns `linux_x86_64` into the manylinux tag."""

import os
import platform

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        if self.target_name != "wheel":
            return
        exe = os.path.join(self.root, "augment", "_bin", "augment")
        if not os.access(exe, os.X_OK):
            raise RuntimeError(f"no executable at {exe}: build the wheel with scripts/wheel")
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-linux_{platform.machine()}"
