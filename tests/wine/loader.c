/*
 * The differential harness's stand-in for python.exe: loads each case's extension module the way
 * CPython's Python/dynload_win.c does and prints what the loader did.
 *
 * Input (argv[1]): a UTF-8 file, one case per line, fields separated by tabs:
 *   id  mode  module  path  dlldirs
 * mode "old" (Python <= 3.7): LoadLibraryExW(module, NULL, LOAD_WITH_ALTERED_SEARCH_PATH) with
 * PATH set to `path`. mode "new" (Python >= 3.8): AddDllDirectory for each of `dlldirs`
 * (semicolon-separated; os.add_dll_directory and conda's folders), then LoadLibraryExW(module,
 * NULL, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR).
 *
 * Output: on stdout one line per case, "case<TAB>id<TAB>error<TAB>file|file|..." with the files
 * the load brought into the process (GetModuleFileNameW of each new module); on stderr a marker
 * line "@@case id" before each load, so Wine's debug log can be split by case.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <psapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MODULES 4096
#define MAX_DIRS 32

static HMODULE before[MAX_MODULES];
static DWORD before_count;

static void snapshot(void) {
  DWORD needed = 0;
  EnumProcessModules(GetCurrentProcess(), before, sizeof(before), &needed);
  before_count = needed / sizeof(HMODULE);
  if (before_count > MAX_MODULES) before_count = MAX_MODULES;
}

static int was_loaded(HMODULE m) {
  for (DWORD i = 0; i < before_count; i++) if (before[i] == m) return 1;
  return 0;
}

static void print_utf8(const wchar_t *text) {
  char buf[4 * MAX_PATH];
  int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, buf, sizeof(buf), NULL, NULL);
  if (n > 0) fputs(buf, stdout);
}

static wchar_t *widen(const char *text) {
  int n = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
  wchar_t *w = malloc(sizeof(wchar_t) * (n + 1));
  MultiByteToWideChar(CP_UTF8, 0, text, -1, w, n);
  return w;
}

static void run_case(char *id, char *mode, char *module, char *path, char *dlldirs) {
  DLL_DIRECTORY_COOKIE cookies[MAX_DIRS];
  int cookie_count = 0;
  wchar_t *wmodule = widen(module);
  DWORD flags;
  if (strcmp(mode, "old") == 0) {
    wchar_t *wpath = widen(path);
    SetEnvironmentVariableW(L"PATH", wpath);
    free(wpath);
    flags = LOAD_WITH_ALTERED_SEARCH_PATH;
  } else {
    /* PATH is set too, to show that 3.8+ never searches it. */
    wchar_t *wpath = widen(path);
    SetEnvironmentVariableW(L"PATH", wpath);
    free(wpath);
    char *save = NULL;
    for (char *dir = strtok_r(dlldirs, ";", &save); dir && cookie_count < MAX_DIRS; dir = strtok_r(NULL, ";", &save)) {
      if (!*dir) continue;
      wchar_t *wdir = widen(dir);
      DLL_DIRECTORY_COOKIE c = AddDllDirectory(wdir);
      if (c) cookies[cookie_count++] = c;
      free(wdir);
    }
    flags = LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR;
  }
  snapshot();
  fprintf(stderr, "@@case %s\n", id);
  fflush(stderr);
  SetLastError(0);
  HMODULE h = LoadLibraryExW(wmodule, NULL, flags);
  DWORD error = h ? 0 : GetLastError();
  fflush(stderr);
  printf("case\t%s\t%lu\t", id, (unsigned long)error);
  HMODULE after[MAX_MODULES];
  DWORD needed = 0;
  if (EnumProcessModules(GetCurrentProcess(), after, sizeof(after), &needed)) {
    DWORD count = needed / sizeof(HMODULE);
    if (count > MAX_MODULES) count = MAX_MODULES;
    int first = 1;
    for (DWORD i = 0; i < count; i++) {
      if (was_loaded(after[i])) continue;
      wchar_t name[MAX_PATH];
      if (!GetModuleFileNameW(after[i], name, MAX_PATH)) continue;
      if (!first) fputs("|", stdout);
      print_utf8(name);
      first = 0;
    }
  }
  fputs("\n", stdout);
  fflush(stdout);
  /* Leave nothing behind for the next case: its DLLs have other names, but the folders must go. */
  if (h) FreeLibrary(h);
  for (int i = 0; i < cookie_count; i++) RemoveDllDirectory(cookies[i]);
  free(wmodule);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: loader CASES-FILE\n");
    return 2;
  }
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
  FILE *in = fopen(argv[1], "rb");
  if (!in) {
    fprintf(stderr, "cannot open %s\n", argv[1]);
    return 2;
  }
  char line[65536];
  while (fgets(line, sizeof(line), in)) {
    line[strcspn(line, "\r\n")] = 0;
    if (!*line) continue;
    char *fields[5] = {0};
    char *p = line;
    for (int i = 0; i < 5; i++) {
      fields[i] = p;
      char *tab = p ? strchr(p, '\t') : NULL;
      if (tab) { *tab = 0; p = tab + 1; } else p = NULL;
      if (!p && i < 4) { for (int j = i + 1; j < 5; j++) fields[j] = ""; break; }
    }
    run_case(fields[0], fields[1], fields[2], fields[3], fields[4]);
  }
  fclose(in);
  printf("done\n");
  return 0;
}
