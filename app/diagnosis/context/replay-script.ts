/**
 * The Python side of the context replay: imports modules one after the other in ONE isolated
 * interpreter and prints, after each, what that import did to the process.
 *
 * Recorded per step: the native libraries loaded by it (Linux /proc/self/maps, Windows
 * EnumProcessModulesEx, macOS the dyld image list, all through what the interpreter already has:
 * ctypes and the file system, nothing installed), the audit events that change how later loads
 * resolve (`os.add_dll_directory`, `ctypes.dlopen`; PEP 578, Python >= 3.8) and the entries added
 * to sys.path. Each step is printed and flushed as soon as it ends, so a crash inside an
 * extension's init still leaves the steps before it.
 */
export const REPLAY_MARK = '@@PDD-REPLAY@@';

export const REPLAY_SCRIPT = String.raw`
import json, os, sys, traceback, importlib
MARK = "${REPLAY_MARK}"
steps = json.loads(sys.argv[1])

def emit(obj):
    sys.stdout.write(MARK + json.dumps(obj) + "\n")
    sys.stdout.flush()

def linux_libraries():
    seen, out = set(), []
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split(None, 5)
            if len(parts) < 6:
                continue
            path = parts[5].strip()
            if path.startswith("/") and ".so" in os.path.basename(path) and path not in seen:
                seen.add(path)
                out.append(path)
    return out

def windows_libraries():
    import ctypes
    from ctypes import wintypes
    psapi = ctypes.WinDLL("psapi")
    kernel32 = ctypes.WinDLL("kernel32")
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    enum = psapi.EnumProcessModulesEx
    enum.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.HMODULE), wintypes.DWORD, ctypes.POINTER(wintypes.DWORD), wintypes.DWORD]
    name = kernel32.GetModuleFileNameW
    name.argtypes = [wintypes.HMODULE, wintypes.LPWSTR, wintypes.DWORD]
    handles = (wintypes.HMODULE * 8192)()
    needed = wintypes.DWORD()
    # LIST_MODULES_ALL = 3
    if not enum(kernel32.GetCurrentProcess(), handles, ctypes.sizeof(handles), ctypes.byref(needed), 3):
        return None
    buf = ctypes.create_unicode_buffer(32768)
    out = []
    for i in range(min(needed.value // ctypes.sizeof(wintypes.HMODULE), 8192)):
        if name(handles[i], buf, 32768):
            out.append(buf.value)
    return out

def darwin_libraries():
    # Not run where this is developed (no Mac): dyld's image list, NULL for an image unloaded
    # while it is walked (dropped, as app/envs/loaded-images.ts does with the probe's list).
    import ctypes
    dyld = ctypes.CDLL(None)
    dyld._dyld_image_count.restype = ctypes.c_uint32
    dyld._dyld_get_image_name.restype = ctypes.c_char_p
    dyld._dyld_get_image_name.argtypes = [ctypes.c_uint32]
    names = (dyld._dyld_get_image_name(i) for i in range(dyld._dyld_image_count()))
    return [os.fsdecode(n) for n in names if n is not None]

def libraries():
    try:
        if sys.platform.startswith("linux"):
            return linux_libraries()
        if sys.platform == "win32":
            return windows_libraries()
        if sys.platform == "darwin":
            return darwin_libraries()
    except Exception:
        return None
    return None

# The lister's own libraries (ctypes on Windows and macOS) load before the baseline, and its own
# dlopen calls happen before the hook: neither is charged to a step.
baseline = libraries()
libraries()
events = []
def hook(name, args):
    # ctypes.dlopen(None) is ctypes' own handle on the process (pythonapi), not a library.
    if name in ("os.add_dll_directory", "ctypes.dlopen") and args and args[0] is not None:
        events.append({"event": name, "detail": str(args[0]) if args else ""})
if hasattr(sys, "addaudithook"):
    sys.addaudithook(hook)
emit({"baseline": baseline, "sysPath": list(sys.path), "auditHooks": hasattr(sys, "addaudithook"), "platform": sys.platform})

known = set(baseline or [])
for i, module in enumerate(steps):
    emit({"start": i})
    path_before = list(sys.path)
    del events[:]
    record = {"done": i, "module": module, "ok": True}
    try:
        importlib.import_module(module)
    except BaseException as e:
        record.update({"ok": False, "type": type(e).__name__, "message": str(e), "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__))})
    now = libraries()
    record["loaded"] = None if now is None else [p for p in now if p not in known]
    known.update(now or [])
    record["events"] = list(events)
    record["pathAdded"] = [p for p in sys.path if p not in path_before]
    emit(record)
`;

/**
 * Lists the top-level imports of a program file with their line numbers, in source order, read
 * with the environment's own `ast` (the program is parsed, never run). Relative imports are left
 * out: they name the program's own modules.
 */
export const PROGRAM_IMPORTS_SCRIPT = String.raw`
import ast, json, sys
with open(sys.argv[1], "rb") as f:
    source = f.read()
tree = ast.parse(source, sys.argv[1])
found = []
for node in ast.walk(tree):
    if isinstance(node, ast.Import):
        for alias in node.names:
            found.append((node.lineno, node.col_offset, alias.name))
    elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
        found.append((node.lineno, node.col_offset, node.module))
found.sort()
print(json.dumps([{"line": l, "module": m} for l, _c, m in found]))
`;
