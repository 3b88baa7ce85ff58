"""Build a real wheel (PEP 427) from a JSON spec read on stdin; print the wheel's path.

Stdlib only, so it runs on any python3 the tests find. Used by tests/support/wheels.ts.

Spec (all keys but name/version/out_dir optional):
  {"name": "demo", "version": "1.0", "out_dir": "/tmp/x",
   "requires": ["other>=1; python_version >= '3'"],   # Requires-Dist lines
   "files": {"demo/__init__.py": "text"},             # pure-Python files
   "extensions": [{"module": "demo._core",            # dotted module name
                   "source": "C code or omitted (a default module with answer())",
                   "library": {"name": "demohelper", "source": "C code or omitted"}}],
   "tag": "py3-none-any"}                             # default: py3-none-any, or the
                                                      # interpreter's cpXY-cpXY-<platform> with extensions
Extensions are compiled with gcc against this interpreter's headers; a library is built into
<top package>.libs/lib<name>.so and the extension links it with rpath $ORIGIN/<relative>.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import zipfile

DEFAULT_LIB = "int dd_answer(void) { return 42; }\n"


def default_ext(short, with_lib):
    call = "dd_answer()" if with_lib else "42"
    decl = "int dd_answer(void);\n" if with_lib else ""
    return (
        "#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n" + decl +
        "static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(" + call + "); }\n"
        "static PyMethodDef methods[] = {{\"answer\", answer, METH_NOARGS, \"\"}, {NULL, NULL, 0, NULL}};\n"
        "static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, \"" + short + "\", NULL, -1, methods};\n"
        "PyMODINIT_FUNC PyInit_" + short + "(void) { return PyModule_Create(&mod); }\n"
    )


def record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d" % (arcname, digest, len(data))


def platform_tag():
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def build(spec):
    name = spec["name"]
    version = spec["version"]
    dist = name.replace("-", "_")
    out_dir = spec["out_dir"]
    files = {}  # arcname -> bytes
    for arc, text in sorted(spec.get("files", {}).items()):
        files[arc] = text.encode("utf-8")
    extensions = spec.get("extensions", [])
    work = tempfile.mkdtemp(prefix="mkwheel-")
    include = sysconfig.get_paths()["include"]
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    for ext in extensions:
        parts = ext["module"].split(".")
        short = parts[-1]
        lib = ext.get("library")
        cmd_extra = []
        if lib:
            libs_arc_dir = parts[0] + ".libs"
            lib_file = "lib%s.so" % lib["name"]
            lib_c = os.path.join(work, lib["name"] + ".c")
            with open(lib_c, "w") as f:
                f.write(lib.get("source") or DEFAULT_LIB)
            lib_dir = os.path.join(work, libs_arc_dir)
            os.makedirs(lib_dir, exist_ok=True)
            lib_out = os.path.join(lib_dir, lib_file)
            subprocess.check_call(["gcc", "-shared", "-fPIC", "-o", lib_out, lib_c, "-Wl,-soname," + lib_file])
            with open(lib_out, "rb") as f:
                files[libs_arc_dir + "/" + lib_file] = f.read()
            rel = os.path.relpath(libs_arc_dir, "/".join(parts[:-1]) or ".")
            cmd_extra = ["-L" + lib_dir, "-l" + lib["name"], "-Wl,-rpath,$ORIGIN/" + rel]
        ext_c = os.path.join(work, short + ".c")
        with open(ext_c, "w") as f:
            f.write(ext.get("source") or default_ext(short, bool(lib)))
        ext_out = os.path.join(work, short + suffix)
        subprocess.check_call(["gcc", "-shared", "-fPIC", "-I" + include, "-o", ext_out, ext_c] + cmd_extra)
        with open(ext_out, "rb") as f:
            files["/".join(parts[:-1] + [short + suffix])] = f.read()
        for i in range(1, len(parts)):
            init = "/".join(parts[:i]) + "/__init__.py"
            files.setdefault(init, b"")
    if extensions:
        py = "cp%d%d" % sys.version_info[:2]
        default_tag = "%s-%s-%s" % (py, py, platform_tag())
    else:
        default_tag = "py3-none-any"
    tag = spec.get("tag") or default_tag
    di = "%s-%s.dist-info" % (dist, version)
    meta = ["Metadata-Version: 2.1", "Name: " + name, "Version: " + version]
    meta += ["Requires-Dist: " + r for r in spec.get("requires", [])]
    files[di + "/METADATA"] = ("\n".join(meta) + "\n\n").encode("utf-8")
    pure = "true" if not extensions else "false"
    wheel_lines = ["Wheel-Version: 1.0", "Generator: make_wheel.py", "Root-Is-Purelib: " + pure]
    wheel_lines += ["Tag: " + t for t in expand_tag(tag)]
    files[di + "/WHEEL"] = ("\n".join(wheel_lines) + "\n").encode("utf-8")
    record = [record_line(arc, data) for arc, data in files.items()]
    record.append(di + "/RECORD,,")
    files[di + "/RECORD"] = ("\n".join(record) + "\n").encode("utf-8")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "%s-%s-%s.whl" % (dist, version, tag))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in files.items():
            info = zipfile.ZipInfo(arc, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if arc.endswith(".so") else 0o644) << 16
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    return path


def expand_tag(tag):
    py, abi, plat = tag.split("-")
    return ["%s-%s-%s" % (a, b, c) for a in py.split(".") for b in abi.split(".") for c in plat.split(".")]


if __name__ == "__main__":
    print(build(json.load(sys.stdin)))
