/**
 * The script that reads Windows host facts inside the environment's own interpreter, with ctypes
 * and winreg only (nothing to install), and prints them as one JSON object.
 *
 * It runs in that interpreter's process so the runtime copies it reports are the ones that process
 * has loaded or would load (python.exe loads vcruntime140.dll before any extension). Calls:
 * IsProcessorFeaturePresent (PF_* values from processthreadsapi.h,
 * https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-isprocessorfeaturepresent),
 * GlobalMemoryStatusEx (ullTotalPageFile is the commit limit,
 * https://learn.microsoft.com/en-us/windows/win32/api/sysinfoapi/ns-sysinfoapi-memorystatusex),
 * LoadLibraryExW with LOAD_LIBRARY_SEARCH_SYSTEM32 / LOAD_LIBRARY_SEARCH_DEFAULT_DIRS, and
 * GetFileVersionInfoW for the version resources. Every part is guarded: a failing call becomes an
 * "error" entry, never a missing fact passed off as false.
 */
export const WINDOWS_HOST_PROBE = String.raw`
import ctypes, json, os, sys
out = {"platform": sys.platform}
if sys.platform != "win32":
    print(json.dumps(out))
    raise SystemExit(0)
from ctypes import wintypes
import winreg
k32 = ctypes.WinDLL("kernel32", use_last_error=True)
k32.LoadLibraryExW.restype = wintypes.HMODULE
k32.LoadLibraryExW.argtypes = [wintypes.LPCWSTR, wintypes.HANDLE, wintypes.DWORD]
k32.GetModuleHandleW.restype = wintypes.HMODULE
k32.GetModuleHandleW.argtypes = [wintypes.LPCWSTR]
k32.GetModuleFileNameW.argtypes = [wintypes.HMODULE, wintypes.LPWSTR, wintypes.DWORD]
k32.FreeLibrary.argtypes = [wintypes.HMODULE]

def reg(path, names):
    found = {}
    with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as key:
        for n in names:
            try:
                found[n] = winreg.QueryValueEx(key, n)[0]
            except OSError:
                found[n] = None
    return found

def guarded(name, fn):
    try:
        out[name] = fn()
    except Exception as e:
        out[name] = {"error": "%s: %s" % (type(e).__name__, e)}

def module_path(handle):
    buf = ctypes.create_unicode_buffer(32768)
    n = k32.GetModuleFileNameW(handle, buf, 32768)
    return buf.value if n else None

def file_version(path):
    ver = ctypes.WinDLL("version")
    size = ver.GetFileVersionInfoSizeW(path, None)
    if not size:
        return None
    data = ctypes.create_string_buffer(size)
    if not ver.GetFileVersionInfoW(path, 0, size, data):
        return None
    ptr = ctypes.c_void_p()
    length = wintypes.UINT()
    if not ver.VerQueryValueW(data, "\\", ctypes.byref(ptr), ctypes.byref(length)) or length.value < 52:
        return None
    words = (wintypes.DWORD * 13).from_address(ptr.value)
    if words[0] != 0xFEEF04BD:
        return None
    ms, ls = words[2], words[3]
    return "%d.%d.%d.%d" % (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF)

def edition():
    v = reg(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion", ["ProductName", "EditionID", "CurrentBuildNumber", "UBR", "DisplayVersion"])
    return {"productName": v["ProductName"], "editionId": v["EditionID"], "build": v["CurrentBuildNumber"], "ubr": v["UBR"], "displayVersion": v["DisplayVersion"]}

def media_foundation():
    dlls = []
    for name in ("mf.dll", "mfplat.dll", "mfreadwrite.dll"):
        h = k32.LoadLibraryExW(name, None, 0x800)
        dlls.append({"name": name, "path": module_path(h) if h else None, "error": None if h else ctypes.get_last_error()})
        if h:
            k32.FreeLibrary(h)
    return dlls

def runtimes():
    copies = []
    for name in ("vcruntime140.dll", "vcruntime140_1.dll", "msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll", "concrt140.dll", "vcomp140.dll", "libomp140.x86_64.dll"):
        h = k32.GetModuleHandleW(name)
        how = "already-loaded"
        if not h:
            h = k32.LoadLibraryExW(name, None, 0x1000)
            how = "search"
            loaded = bool(h)
        else:
            loaded = False
        path = module_path(h) if h else None
        copies.append({"name": name, "path": path, "version": file_version(path) if path else None, "how": how if h else "not-found"})
        if loaded:
            k32.FreeLibrary(h)
    return copies

def features():
    k32.IsProcessorFeaturePresent.argtypes = [wintypes.DWORD]
    ids = {"mmx": 3, "sse": 6, "sse2": 10, "pni": 13, "cx16": 14, "ssse3": 36, "sse4_1": 37, "sse4_2": 38, "avx": 39, "avx2": 40, "avx512f": 41}
    flags = {n: bool(k32.IsProcessorFeaturePresent(i)) for n, i in ids.items()}
    cpu = reg(r"HARDWARE\DESCRIPTION\System\CentralProcessor\0", ["VendorIdentifier", "ProcessorNameString"])
    return {"flags": flags, "vendor": cpu["VendorIdentifier"], "model": cpu["ProcessorNameString"]}

class MEMORYSTATUSEX(ctypes.Structure):
    _fields_ = [("dwLength", wintypes.DWORD), ("dwMemoryLoad", wintypes.DWORD), ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong), ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong), ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong), ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

def memory():
    m = MEMORYSTATUSEX()
    m.dwLength = ctypes.sizeof(MEMORYSTATUSEX)
    if not k32.GlobalMemoryStatusEx(ctypes.byref(m)):
        raise OSError(ctypes.get_last_error(), "GlobalMemoryStatusEx failed")
    return {"commitLimit": m.ullTotalPageFile, "commitAvailable": m.ullAvailPageFile, "physicalTotal": m.ullTotalPhys}

guarded("edition", edition)
guarded("mediaFoundation", media_foundation)
guarded("runtimes", runtimes)
guarded("cpu", features)
guarded("memory", memory)
print(json.dumps(out))
`;
