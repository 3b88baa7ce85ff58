/*
 * A Windows program with a window, as a GUI child of the doctor would have: `taskkill /PID` without
 * /F asks it to close by posting WM_CLOSE (console programs have no window and are refused).
 * argv[1]: a file that records "started" and each "close asked"; argv[2]: "close" to end when asked,
 * "stay" to ignore it (then only the hard kill ends it). Built by processes-on-win32.test.ts.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

static const WCHAR *record_file;
static BOOL close_when_asked;

static void record(const char *text)
{
    HANDLE file = CreateFileW(record_file, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return;
    DWORD written;
    WriteFile(file, text, (DWORD)lstrlenA(text), &written, NULL);
    CloseHandle(file);
}

static LRESULT CALLBACK window_proc(HWND window, UINT message, WPARAM w, LPARAM l)
{
    if (message == WM_CLOSE) {
        record("close asked\n");
        if (close_when_asked) DestroyWindow(window);
        return 0;
    }
    if (message == WM_DESTROY) {
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(window, message, w, l);
}

int wmain(int argc, WCHAR **argv)
{
    if (argc < 3) return 2;
    record_file = argv[1];
    close_when_asked = lstrcmpW(argv[2], L"close") == 0;
    WNDCLASSW type = {0};
    type.lpfnWndProc = window_proc;
    type.hInstance = GetModuleHandleW(NULL);
    type.lpszClassName = L"DoctorWindowChild";
    if (!RegisterClassW(&type)) return 3;
    if (!CreateWindowW(L"DoctorWindowChild", L"doctor window child", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, type.hInstance, NULL)) return 4;
    record("started\n");
    MSG message;
    while (GetMessageW(&message, NULL, 0, 0) > 0) {
        TranslateMessage(&message);
        DispatchMessageW(&message);
    }
    return 0;
}
