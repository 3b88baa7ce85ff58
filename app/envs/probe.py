# Python DLL Doctor environment probe: one run of the environment's own interpreter.
#
# Prints one JSON line with what only the running interpreter knows (version, architecture, prefixes,
# sys.path, site folders, PEP 508 marker values), flushes it, and then, when asked, a second JSON line
# with the result of importing one module and the native modules loaded at that moment.
# The description comes first so that an import that crashes the interpreter still leaves it.
# Request: sys.argv[1], when given, is JSON {"import": "dotted.name" or null}; the name is validated here too.
# Stays parseable by Python 2.7 so that a Python 2 interpreter answers "python2" instead of a
# SyntaxError; runs on 3.6+ (no f-strings, no walrus). Output is ASCII JSON.
# Every environment is probed at discovery, so the description imports nothing the interpreter has not
# loaded at start-up where it can: json, re and platform (which imports re) cost more than the rest of
# the probe together, and pip's tag list is asked only when a repair needs it (app/envs/pip-tags.ts).
# Python compiles the whole script on every run (-c keeps no bytecode), at a cost that grows with the
# code: the import test's part is sent only when an import is asked (app/envs/probe-script.ts).
# Figures: docs/benchmarks.md ("Discovery of 100 environments").

import os
import sys

MARK = "@@PDD@@"
# str.isascii is 3.7+; on 3.6 every string takes the character loop.
PLAIN = getattr(str, "isascii", lambda text: False)
ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def quote(text):
    # Most paths are printable ASCII without a quote or backslash: one test in C instead of a loop per character.
    if PLAIN(text) and text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'
    out = []
    for ch in text:
        code = ord(ch)
        if ch in ESCAPES:
            out.append(ESCAPES[ch])
        elif 32 <= code < 127:
            out.append(ch)
        elif code > 0xFFFF:
            code -= 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 | (code >> 10), 0xDC00 | (code & 0x3FF)))
        else:
            out.append("\\u%04x" % code)
    return '"' + "".join(out) + '"'


def dumps(obj):
    # json.dumps(obj, ensure_ascii=True) for the few types the probe emits, without importing json.
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, str):
        return quote(obj)
    if isinstance(obj, dict):
        return "{" + ", ".join(quote(str(k)) + ": " + dumps(v) for k, v in obj.items()) + "}"
    if isinstance(obj, (list, tuple)):
        return "[" + ", ".join(dumps(v) for v in obj) + "]"
    return quote(str(obj))


def emit(obj):
    sys.stdout.write(MARK + dumps(obj) + "\n")
    sys.stdout.flush()


def safe(fn, default=None):
    try:
        return fn()
    except Exception:
        return default


def fast_platform():
    # CPython on Linux: the values platform would give, read where platform reads them (os.uname, confstr).
    return sys.platform.startswith("linux") and getattr(sys, "implementation", None) is not None \
        and sys.implementation.name == "cpython" and hasattr(os, "uname")


def glibc():
    if fast_platform():
        # platform.libc_ver() asks confstr first, and reads the executable only when it has no answer.
        parts = safe(lambda: os.confstr("CS_GNU_LIBC_VERSION").split(None, 1), [])
        if len(parts) == 2:
            return {"lib": parts[0], "version": parts[1]}
    import platform
    lib, ver = platform.libc_ver()
    return {"lib": lib or None, "version": ver or None}


def user_site_enabled():
    # The engine runs us isolated (-I or -s), which turns the user site off; say whether the user's own
    # python (same variables, no -s) would have it, as site.py decides (check_enableusersite, venv()).
    import site
    if getattr(site, "ENABLE_USER_SITE", False):
        return True
    if os.environ.get("PYTHONNOUSERSITE"):
        return False
    if hasattr(os, "getuid") and (os.getuid() != os.geteuid() or os.getgid() != os.getegid()):
        return False
    if getattr(sys, "base_prefix", sys.prefix) != sys.prefix:
        here = os.path.dirname(sys.executable)
        for cfg in (os.path.join(here, "pyvenv.cfg"), os.path.join(os.path.dirname(here), "pyvenv.cfg")):
            if os.path.isfile(cfg):
                with open(cfg) as f:
                    for line in f:
                        key, _, value = line.partition("=")
                        if key.strip().lower() == "include-system-site-packages":
                            return value.strip().lower() == "true"
                return False
    return True


def user_sys_path():
    # sys.path as the user's python builds it without PYTHONPATH: the user site (when enabled) comes
    # before the environment's site-packages (site.main adds it first).
    import site
    path = [p for p in sys.path if p]
    user = safe(site.getusersitepackages)
    if user and user not in path and os.path.isdir(user) and user_site_enabled():
        sites = set(safe(lambda: list(site.getsitepackages()), []))
        at = next((i for i, p in enumerate(path) if p in sites), len(path))
        path.insert(at, user)
    return path


def platform_facts():
    # (machine, system, release, version, python implementation, python version) as platform says them.
    if fast_platform():
        u = os.uname()
        return u[4], u[0], u[2], u[3], "CPython", sys.version.split()[0]
    import platform
    return (platform.machine(), platform.system(), platform.release(), platform.version(),
            platform.python_implementation(), platform.python_version())


def mac_version():
    if sys.platform != "darwin":
        return None
    import platform
    return platform.mac_ver()[0] or None


def describe():
    import sysconfig
    import site
    machine, system, release, version, implementation, python_version = platform_facts()
    # One expansion of the install scheme for both folders (each get_paths() call expands them all).
    paths = sysconfig.get_paths()
    info = {
        "probe": 1,
        "executable": sys.executable,
        "versionInfo": list(sys.version_info[:3]),
        "releaseLevel": sys.version_info[3],
        "version": sys.version.split()[0],
        "versionString": sys.version,
        "implementation": safe(lambda: sys.implementation.name, implementation.lower()),
        "bits": 64 if sys.maxsize > 2 ** 32 else 32,
        "machine": machine,
        "platform": sys.platform,
        "sysconfigPlatform": sysconfig.get_platform(),
        "soabi": sysconfig.get_config_var("SOABI"),
        "extSuffix": sysconfig.get_config_var("EXT_SUFFIX"),
        "prefix": sys.prefix,
        "basePrefix": getattr(sys, "base_prefix", sys.prefix),
        "execPrefix": sys.exec_prefix,
        "sysPath": user_sys_path(),
        "sitePackages": safe(lambda: list(site.getsitepackages()), []),
        "userSite": safe(site.getusersitepackages),
        "userSiteEnabled": user_site_enabled(),
        "purelib": paths.get("purelib"),
        "platlib": paths.get("platlib"),
        "libc": safe(glibc, {"lib": None, "version": None}),
        "macVersion": safe(mac_version),
        "gilDisabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "markers": {
            "os_name": os.name,
            "sys_platform": sys.platform,
            "platform_machine": machine,
            "platform_python_implementation": implementation,
            "platform_release": release,
            "platform_system": system,
            "platform_version": version,
            "python_version": "%d.%d" % sys.version_info[:2],
            "python_full_version": python_version,
            "implementation_name": safe(lambda: sys.implementation.name, "cpython"),
            "implementation_version": safe(
                lambda: "%d.%d.%d" % tuple(sys.implementation.version[:3]), python_version),
        },
    }
    info["extensionSuffixes"] = extension_suffixes()
    return info


def extension_suffixes():
    # importlib.machinery.EXTENSION_SUFFIXES is this very list (importlib/_bootstrap_external.py), loaded
    # at start-up: importing importlib.machinery for it costs as much as the rest of describe() together.
    external = sys.modules.get("_frozen_importlib_external")
    if external is not None and isinstance(getattr(external, "EXTENSION_SUFFIXES", None), list):
        return list(external.EXTENSION_SUFFIXES)
    import importlib.machinery as machinery
    return list(machinery.EXTENSION_SUFFIXES)


# @@import-test@@ From here to the end mark: sent only when an import is asked (app/envs/probe-script.ts).


NAME_RE = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"


def loaded_native_modules():
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        psapi = ctypes.WinDLL("psapi", use_last_error=True)
        process = kernel32.GetCurrentProcess
        process.restype = wintypes.HANDLE
        enum = psapi.EnumProcessModules
        enum.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.HMODULE), wintypes.DWORD,
                         ctypes.POINTER(wintypes.DWORD)]
        name = kernel32.GetModuleFileNameW
        name.argtypes = [wintypes.HMODULE, wintypes.LPWSTR, wintypes.DWORD]
        h = process()
        count = 1024
        while True:
            arr = (wintypes.HMODULE * count)()
            needed = wintypes.DWORD()
            if not enum(h, arr, ctypes.sizeof(arr), ctypes.byref(needed)):
                raise ctypes.WinError(ctypes.get_last_error())
            if needed.value <= ctypes.sizeof(arr):
                break
            count = needed.value // ctypes.sizeof(wintypes.HMODULE) + 16
        out = []
        buf = ctypes.create_unicode_buffer(32768)
        for i in range(needed.value // ctypes.sizeof(wintypes.HMODULE)):
            if name(arr[i], buf, 32768):
                out.append(buf.value)
        return out
    if sys.platform == "darwin":
        return dyld_images()
    if os.path.exists("/proc/self/maps"):
        seen = []
        with open("/proc/self/maps") as f:
            for line in f:
                parts = line.split(None, 5)
                if len(parts) == 6:
                    p = parts[5].strip()
                    if p.startswith("/") and p not in seen and (".so" in p or os.access(p, os.X_OK)):
                        seen.append(p)
        return seen
    return []


def dyld_images():
    # macOS only, and never run on the machines this is developed on (no Mac there): dyld's own
    # list of loaded images (<mach-o/dyld.h>), the executable first. An image unloaded by another
    # thread while the list is walked gives NULL, printed as null and dropped by
    # app/envs/loaded-images.ts. Shared-cache libraries are listed by install name.
    import ctypes
    dyld = ctypes.CDLL(None)
    dyld._dyld_image_count.restype = ctypes.c_uint32
    dyld._dyld_get_image_name.restype = ctypes.c_char_p
    dyld._dyld_get_image_name.argtypes = [ctypes.c_uint32]
    names = (dyld._dyld_get_image_name(i) for i in range(dyld._dyld_image_count()))
    return [None if n is None else os.fsdecode(n) for n in names]


def import_test(module):
    import re
    import traceback
    result = {"module": module, "ok": False}
    if not re.match(NAME_RE, module):
        result["error"] = {"type": "ValueError", "message": "not a dotted Python identifier",
                           "traceback": "", "winerror": None, "errno": None, "name": None, "path": None}
        return result
    try:
        mod = __import__(module)
        for part in module.split(".")[1:]:
            mod = getattr(mod, part)
        result["ok"] = True
        result["file"] = getattr(mod, "__file__", None)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt from module code are results too
        result["error"] = {
            "type": type(exc).__name__,
            "qualifiedType": type(exc).__module__ + "." + type(exc).__name__,
            "message": str(exc),
            "traceback": "".join(traceback.format_exception(type(exc), exc, sys.exc_info()[2])),
            "winerror": getattr(exc, "winerror", None),
            "errno": getattr(exc, "errno", None),
            "name": getattr(exc, "name", None),
            "path": getattr(exc, "path", None),
        }
    try:
        result["loadedModules"] = loaded_native_modules()
    except Exception as exc:
        result["loadedModules"] = None
        result["loadedModulesError"] = "%s: %s" % (type(exc).__name__, exc)
    return result


# @@end-import-test@@


def main():
    # -c puts the working folder first on sys.path; the engine runs us in a neutral folder and
    # the environment's own path is what we describe.
    if sys.path and sys.path[0] == "":
        del sys.path[0]
    request = {}
    if len(sys.argv) > 1:
        import json
        request = json.loads(sys.argv[1])
    if sys.version_info < (3, 6):
        emit({"probe": 1, "unsupported": True, "versionInfo": list(sys.version_info[:3]),
              "version": sys.version.split()[0], "executable": sys.executable})
        return
    emit(describe())
    module = request.get("import")
    if module:
        emit({"importTest": import_test(module)})


main()
