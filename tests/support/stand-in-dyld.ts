/**
 * Python source that replaces `ctypes` by a stand-in whose `CDLL(None)` answers dyld's
 * `_dyld_image_count` / `_dyld_get_image_name` from a list, so that the macOS branch of the probe
 * and of the context replay runs on Linux. The real dyld cannot be asked without a Mac; what the
 * scripts do with its answers (C types set, NULL for a vanished image) can be checked.
 *
 * After it runs: `names` is the list (bytes, or None for NULL; importing a module may grow it,
 * as `sys.modules["ctypes"].names`) and `made` the CDLL objects the script created.
 */
export function standInDyld(images: readonly (string | null)[]): string {
  return String.raw`
import json, sys, types
names = [None if n is None else n.encode("utf-8") for n in json.loads(${JSON.stringify(JSON.stringify(images))})]
class Fn:
    def __init__(self, f):
        self.f, self.restype, self.argtypes = f, None, None
    def __call__(self, *args):
        return self.f(*args)
class CDLL:
    def __init__(self, name):
        assert name is None, "dyld's functions are looked up in the process itself"
        self._dyld_image_count = Fn(lambda: len(names))
        # NULL for an index past the end, as for an image unloaded while the list is walked.
        self._dyld_get_image_name = Fn(lambda i: names[i] if i < len(names) else None)
        made.append(self)
made = []
ctypes = types.ModuleType("ctypes")
ctypes.CDLL, ctypes.c_uint32, ctypes.c_char_p, ctypes.names = CDLL, "c_uint32", "c_char_p", names
sys.modules["ctypes"] = ctypes
`;
}
