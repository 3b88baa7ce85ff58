/*
 * doctor-watchdog.exe: ends the doctor's children when the doctor dies (Windows: the packaged app,
 * and the CLI and browser mode where it was built beside their bundle).
 *
 * The doctor starts one of these per process with a pipe on its stdin and writes "+PID" when it
 * starts a child and "-PID" when that child ended (app/process/child-watchdog.ts). Only the doctor
 * holds the pipe's write end, so when the doctor dies, however it dies, Windows closes the pipe and
 * ReadFile here returns end-of-file. Every process still registered, and every descendant of it, is
 * then stopped: `taskkill /T /PID id` asks first (a program with a window closes it); where that is
 * refused (a console program such as pip has no window to close) the kill follows at once, else
 * after the grace period (argv[1], whole seconds), with TerminateProcess on whatever is still alive.
 *
 * Descendants are found in the process snapshot (th32ParentProcessID), not by taskkill /T alone:
 * Node and Electron put every child spawned without `detached` into a kill-on-close job (libuv
 * src/win/process.c), so when the doctor dies Windows has already ended the registered child (pip)
 * before this program runs, while what pip started broke away from the job and runs on; taskkill /T
 * on a dead id finds no tree. The doctor spawns this program detached, so it is not in that job.
 *
 * Native because the packaged Electron app cannot run a script with its own binary (RunAsNode fuse
 * off), PowerShell is blocked on locked-down machines and absent under Wine, and cmd.exe or
 * cscript cannot read a pipe line by line reliably. Plain Win32 with wide-character APIs; only the
 * compiler's ordinary startup code (wmain) comes from the C runtime.
 * Build: scripts/build-windows-watchdog.ts (mingw-w64: -O2 -s -municode).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <tlhelp32.h>

/* "+4294967295" is 11 characters: a longer line is not one the doctor writes. */
#define MAX_LINE 16
/* Bounds memory: the doctor runs a handful of children at once, never thousands. */
#define MAX_CHILDREN 4096
/* Bounds the descendants followed: pip with a build backend and compilers is dozens, not thousands. */
#define MAX_TREE 4096
/* A tree whose members keep starting new processes is walked again, a bounded number of times. */
#define WALK_ROUNDS 8
/* taskkill is a local call; one that hangs (a blocked or broken tool) must not hold the stop. */
#define TASKKILL_TIMEOUT_MS 30000
#define POLL_MS 250

struct child {
    DWORD pid;
    /* Held from registration on: while it is open Windows does not reuse the id, so the stop never
       reaches a stranger that got a recycled id; it also tells whether the child still runs. */
    HANDLE process;
    /* Its creation time (FILETIME as a number), 0 when unknown: a process is followed as its child
       only if it was created after it (a parent id in the snapshot may be a reused one). */
    ULONGLONG created;
    BOOL asked;
};

static struct child children[MAX_CHILDREN];
static int child_count;

/* Ctrl+C and Ctrl+Break meant for the doctor's console must not end its watchdog first. */
static BOOL WINAPI ignore_interrupts(DWORD type)
{
    return type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT;
}

static ULONGLONG creation_time(HANDLE process)
{
    FILETIME created, exited, kernel, user;
    if (!process || !GetProcessTimes(process, &created, &exited, &kernel, &user)) return 0;
    return ((ULONGLONG)created.dwHighDateTime << 32) | created.dwLowDateTime;
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
    children[child_count].created = creation_time(process);
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

/* One process of a registered tree: the registered process itself (a root) or a descendant. */
struct member {
    DWORD pid;
    HANDLE process;
    ULONGLONG created;
    int parent;   /* index in tree, -1 for a root; a parent always has a smaller index */
    int top;      /* the member whose ask covers this one (itself, or an ancestor's) */
    BOOL asked;   /* this member was asked (taskkill /T without /F) and accepted */
};

static struct member tree[MAX_TREE];
static int tree_count;

static int find_member(DWORD pid)
{
    for (int i = 0; i < tree_count; i++)
        if (tree[i].pid == pid) return i;
    return -1;
}

static BOOL still_running(const struct member *m)
{
    if (m->process) return WaitForSingleObject(m->process, 0) == WAIT_TIMEOUT;
    HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, m->pid);
    if (!process) return FALSE;
    BOOL running = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
    CloseHandle(process);
    return running;
}

/*
 * Adds every process of a fresh snapshot whose parent is a member and that was created after that
 * parent; TRUE when one was added. The creation time guards against a reused id: a process whose
 * parent id names a member but that is older than the member was started by an earlier owner of
 * that id. Each member's handle stays open, so Windows does not hand its id to a new process while
 * the walk goes on. A process that cannot be opened (another user's, an elevated one) is neither
 * killed nor followed: this program has no rights over it.
 */
static BOOL walk_once(void)
{
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE) return FALSE;
    BOOL added = FALSE;
    DWORD self = GetCurrentProcessId();
    PROCESSENTRY32W entry;
    entry.dwSize = sizeof entry;
    for (BOOL more = Process32FirstW(snapshot, &entry); more && tree_count < MAX_TREE; more = Process32NextW(snapshot, &entry)) {
        if (entry.th32ProcessID == 0 || entry.th32ProcessID == self || find_member(entry.th32ProcessID) >= 0) continue;
        int parent = find_member(entry.th32ParentProcessID);
        if (parent < 0 || tree[parent].created == 0) continue;
        HANDLE process = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, entry.th32ProcessID);
        ULONGLONG created = creation_time(process);
        if (created == 0 || created < tree[parent].created) {
            if (process) CloseHandle(process);
            continue;
        }
        struct member *m = &tree[tree_count++];
        m->pid = entry.th32ProcessID;
        m->process = process;
        m->created = created;
        m->parent = parent;
        m->top = tree[parent].top;
        m->asked = FALSE;
        added = TRUE;
    }
    CloseHandle(snapshot);
    return added;
}

/* Walks until a snapshot brings no new descendant (a grandchild may be listed before its parent). */
static void walk(void)
{
    for (int round = 0; round < WALK_ROUNDS && walk_once(); round++) {
    }
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
 * Asks one process tree to close (taskkill /T without /F); TRUE when taskkill exits with 0. The command line is fixed text and
 * the id's digits, parsed by taskkill itself: no shell is involved. No console window appears.
 */
static BOOL taskkill_ask(DWORD pid)
{
    if (!taskkill_exe[0]) return FALSE;
    WCHAR command[64];
    lstrcpyW(command, L"taskkill.exe /T /PID ");
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

/* Ends every member still running, parents before their children, after a last walk for new ones. */
static void terminate_members(BOOL only_unasked)
{
    walk();
    for (int i = 0; i < tree_count; i++) {
        struct member *m = &tree[i];
        if (only_unasked && tree[m->top].asked) continue;
        if (m->process && still_running(m)) TerminateProcess(m->process, 1);
    }
}

static BOOL asked_tree_running(void)
{
    for (int i = 0; i < tree_count; i++)
        if (tree[tree[i].top].asked && still_running(&tree[i])) return TRUE;
    return FALSE;
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

    /* The registered processes, dead or alive: a dead one (ended by the job as the doctor died, or
       in the instant before the doctor saw it end) may have left descendants running. */
    for (int i = 0; i < child_count && tree_count < MAX_TREE; i++) {
        struct member *m = &tree[tree_count++];
        m->pid = children[i].pid;
        m->process = children[i].process;
        m->created = children[i].created;
        m->parent = -1;
        m->top = -1;
        m->asked = FALSE;
    }
    walk();

    /* Ask the topmost running member of each branch: a running root, or a running descendant whose
       parent has ended. taskkill /T covers what it started. */
    for (int i = 0; i < tree_count; i++) {
        struct member *m = &tree[i];
        BOOL parent_running = m->parent >= 0 && still_running(&tree[m->parent]);
        if (m->parent >= 0 && (parent_running || !still_running(m))) {
            m->top = tree[m->parent].top;
            continue;
        }
        m->top = i;
        if (still_running(m)) m->asked = taskkill_ask(m->pid);
    }
    /* Refused ones are killed at once; the asked ones get the grace period to close. */
    terminate_members(TRUE);
    BOOL any_asked = FALSE;
    for (int i = 0; i < tree_count; i++) any_asked = any_asked || tree[i].asked;
    if (any_asked) {
        ULONGLONG until = GetTickCount64() + grace;
        while (asked_tree_running() && GetTickCount64() < until) Sleep(POLL_MS);
        terminate_members(FALSE);
    }
    return 0;
}
