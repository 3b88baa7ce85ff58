/*
 * doctor-watchdog.exe: ends the doctor's children when the doctor dies (Windows, packaged app).
 *
 * The doctor starts one of these per process with a pipe on its stdin and writes "+PID" when it
 * starts a child and "-PID" when that child ended (app/process/child-watchdog.ts). Only the doctor
 * holds the pipe's write end, so when the doctor dies, however it dies, Windows closes the pipe and
 * ReadFile here returns end-of-file. Every tree still registered is then stopped as the runner stops
 * one (app/process/run-process.ts, windows-kill.ts): `taskkill /T /PID id` asks first; where that
 * is refused (a console program such as pip has no window to close) `taskkill /T /F` follows at
 * once, else after the grace period (argv[1], whole seconds) for whatever is still alive.
 *
 * Native because the packaged Electron app cannot run a script with its own binary (RunAsNode fuse
 * off), PowerShell is blocked on locked-down machines and absent under Wine, and cmd.exe or
 * cscript cannot read a pipe line by line reliably. Plain Win32 with wide-character APIs; only the
 * compiler's ordinary startup code (wmain) comes from the C runtime.
 * Build: scripts/build-windows-watchdog.ts (mingw-w64: -O2 -s -municode).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

/* "+4294967295" is 11 characters: a longer line is not one the doctor writes. */
#define MAX_LINE 16
/* Bounds memory: the doctor runs a handful of children at once, never thousands. */
#define MAX_CHILDREN 4096
/* taskkill is a local call; one that hangs (a blocked or broken tool) must not hold the stop. */
#define TASKKILL_TIMEOUT_MS 30000
#define POLL_MS 250

struct child {
    DWORD pid;
    /* Held from registration on: while it is open Windows does not reuse the id, so the stop never
       reaches a stranger that got a recycled id; it also tells whether the child still runs. */
    HANDLE process;
    BOOL asked;
};

static struct child children[MAX_CHILDREN];
static int child_count;

/* Ctrl+C and Ctrl+Break meant for the doctor's console must not end its watchdog first. */
static BOOL WINAPI ignore_interrupts(DWORD type)
{
    return type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT;
}

static int find_child(DWORD pid)
{
    for (int i = 0; i < child_count; i++)
        if (children[i].pid == pid) return i;
    return -1;
}

static void add_child(DWORD pid)
{
    if (find_child(pid) >= 0 || child_count == MAX_CHILDREN) return;
    /* NULL when the child already ended or cannot be opened: taskkill by id is then all there is. */
    HANDLE process = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    children[child_count].pid = pid;
    children[child_count].process = process;
    children[child_count].asked = FALSE;
    child_count++;
}

static void remove_child(DWORD pid)
{
    int i = find_child(pid);
    if (i < 0) return;
    if (children[i].process) CloseHandle(children[i].process);
    children[i] = children[--child_count];
}

/* A line is "+digits" or "-digits" (a process id, 1..4294967295); anything else is ignored. */
static void handle_line(const char *line, int length)
{
    if (length > 0 && line[length - 1] == '\r') length--;
    if (length < 2 || length > 11 || (line[0] != '+' && line[0] != '-')) return;
    unsigned long long pid = 0;
    for (int i = 1; i < length; i++) {
        if (line[i] < '0' || line[i] > '9') return;
        pid = pid * 10 + (unsigned long long)(line[i] - '0');
    }
    if (pid == 0 || pid > 0xFFFFFFFFull) return;
    if (line[0] == '+') add_child((DWORD)pid);
    else remove_child((DWORD)pid);
}

/* Reads registrations until the doctor's end of the pipe closes (or stdin fails: the same end). */
static void read_registrations(void)
{
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    char buffer[4096];
    char line[MAX_LINE];
    int length = 0;
    BOOL overlong = FALSE;
    DWORD got;
    while (input != INVALID_HANDLE_VALUE && input != NULL && ReadFile(input, buffer, sizeof buffer, &got, NULL) && got > 0) {
        for (DWORD i = 0; i < got; i++) {
            if (buffer[i] == '\n') {
                if (!overlong) handle_line(line, length);
                length = 0;
                overlong = FALSE;
            } else if (length < MAX_LINE) {
                line[length++] = buffer[i];
            } else {
                overlong = TRUE;
            }
        }
    }
}

static BOOL still_running(const struct child *c)
{
    if (c->process) return WaitForSingleObject(c->process, 0) == WAIT_TIMEOUT;
    HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, c->pid);
    if (!process) return FALSE;
    BOOL running = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
    CloseHandle(process);
    return running;
}

/* Writes the decimal digits of a process id at `out` and returns the end (no CRT). */
static WCHAR *put_digits(WCHAR *out, DWORD value)
{
    WCHAR digits[10];
    int n = 0;
    do {
        digits[n++] = (WCHAR)(L'0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0) *out++ = digits[--n];
    *out = L'\0';
    return out;
}

static WCHAR taskkill_exe[MAX_PATH + 32];

/*
 * %SystemRoot%\System32\taskkill.exe, the one the runner uses (windows-kill.ts), by its full path:
 * no PATH search. Where SystemRoot is unset or too long, the system directory Windows reports.
 */
static BOOL find_taskkill(void)
{
    DWORD length = GetEnvironmentVariableW(L"SystemRoot", taskkill_exe, MAX_PATH);
    if (length > 0 && length < MAX_PATH) {
        lstrcatW(taskkill_exe, L"\\System32\\taskkill.exe");
        return TRUE;
    }
    length = GetSystemDirectoryW(taskkill_exe, MAX_PATH);
    if (length == 0 || length >= MAX_PATH) return FALSE;
    lstrcatW(taskkill_exe, L"\\taskkill.exe");
    return TRUE;
}

/*
 * Runs taskkill on one process tree; TRUE when it exits with 0. The command line is fixed text and
 * the id's digits, parsed by taskkill itself: no shell is involved. No console window appears.
 */
static BOOL taskkill(DWORD pid, BOOL force)
{
    if (!taskkill_exe[0]) return FALSE;
    WCHAR command[64];
    lstrcpyW(command, force ? L"taskkill.exe /T /F /PID " : L"taskkill.exe /T /PID ");
    put_digits(command + lstrlenW(command), pid);

    STARTUPINFOW startup;
    PROCESS_INFORMATION info;
    ZeroMemory(&startup, sizeof startup);
    startup.cb = sizeof startup;
    if (!CreateProcessW(taskkill_exe, command, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &startup, &info)) return FALSE;
    CloseHandle(info.hThread);
    DWORD code = 1;
    if (WaitForSingleObject(info.hProcess, TASKKILL_TIMEOUT_MS) != WAIT_OBJECT_0 || !GetExitCodeProcess(info.hProcess, &code)) code = 1;
    CloseHandle(info.hProcess);
    return code == 0;
}

/*
 * The hard stop. Where taskkill cannot (blocked on a locked-down machine; Wine 8's refuses /T) the
 * registered process itself is still ended, as windows-kill.ts does: a child must not outlive the
 * doctor because a tool is missing. Its own children are then beyond reach.
 */
static void kill_tree(struct child *c)
{
    if (!still_running(c)) return;
    if (taskkill(c->pid, TRUE)) return;
    if (c->process) TerminateProcess(c->process, 1);
}

/* The grace period from argv[1]: whole seconds, digits only, at most a day; 0 otherwise. */
static DWORD grace_ms(int argc, WCHAR **argv)
{
    if (argc < 2) return 0;
    DWORD seconds = 0;
    for (const WCHAR *p = argv[1]; *p; p++) {
        if (*p < L'0' || *p > L'9') return 0;
        seconds = seconds * 10 + (DWORD)(*p - L'0');
        if (seconds > 86400) return 86400u * 1000u;
    }
    return seconds * 1000u;
}

int wmain(int argc, WCHAR **argv)
{
    SetConsoleCtrlHandler(ignore_interrupts, TRUE);
    DWORD grace = grace_ms(argc, argv);
    if (!find_taskkill()) taskkill_exe[0] = L'\0';
    read_registrations();

    /* Children that ended on their own are left alone: nothing of theirs is asked or killed. */
    BOOL any_asked = FALSE;
    for (int i = 0; i < child_count; i++) {
        if (!still_running(&children[i])) continue;
        children[i].asked = taskkill(children[i].pid, FALSE);
        any_asked = any_asked || children[i].asked;
    }
    /* Refused ones are killed at once; the asked ones get the grace period to close. */
    for (int i = 0; i < child_count; i++)
        if (!children[i].asked) kill_tree(&children[i]);
    if (any_asked) {
        ULONGLONG until = GetTickCount64() + grace;
        for (;;) {
            BOOL left = FALSE;
            for (int i = 0; i < child_count; i++)
                if (children[i].asked && still_running(&children[i])) left = TRUE;
            if (!left || GetTickCount64() >= until) break;
            Sleep(POLL_MS);
        }
        for (int i = 0; i < child_count; i++)
            if (children[i].asked) kill_tree(&children[i]);
    }
    return 0;
}
