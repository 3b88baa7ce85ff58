/**
 * Names of DLLs that Windows itself provides, and of the Visual C++ runtime DLLs it does not.
 *
 * KnownDLLs: the default contents of HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\KnownDLLs
 * on Windows 10/11 x64 (the loader maps these from \KnownDlls without any folder search: MS Learn,
 * "Dynamic-link library search order",
 * https://learn.microsoft.com/en-us/windows/win32/dlls/dynamic-link-library-search-order).
 * Core system DLLs: present in System32 on every desktop Windows 10/11 (the same idea as
 * delvewheel's per-Windows-version lists, adang1345/delvewheel `delvewheel/dll_lists`), so a
 * module importing them is never reported as missing them when no System32 is at hand.
 */
export const DEFAULT_KNOWN_DLLS: readonly string[] = [
  'advapi32.dll', 'clbcatq.dll', 'combase.dll', 'comdlg32.dll', 'coml2.dll', 'difxapi.dll', 'gdi32.dll', 'gdiplus.dll',
  'imagehlp.dll', 'imm32.dll', 'kernel32.dll', 'msctf.dll', 'msvcrt.dll', 'normaliz.dll', 'nsi.dll', 'ole32.dll',
  'oleaut32.dll', 'psapi.dll', 'rpcrt4.dll', 'sechost.dll', 'setupapi.dll', 'shcore.dll', 'shell32.dll', 'shlwapi.dll',
  'user32.dll', 'wldap32.dll', 'wow64.dll', 'wow64cpu.dll', 'wow64win.dll', 'ws2_32.dll', 'ntdll.dll',
];

const CORE_SYSTEM_DLLS = new Set([
  ...DEFAULT_KNOWN_DLLS,
  'kernelbase.dll', 'bcrypt.dll', 'bcryptprimitives.dll', 'crypt32.dll', 'cryptbase.dll', 'cryptsp.dll', 'dnsapi.dll',
  'iphlpapi.dll', 'version.dll', 'winmm.dll', 'comctl32.dll', 'ucrtbase.dll', 'userenv.dll', 'wintrust.dll',
  'dbghelp.dll', 'dbgcore.dll', 'powrprof.dll', 'uxtheme.dll', 'dwmapi.dll', 'winhttp.dll', 'wininet.dll', 'secur32.dll',
  'sspicli.dll', 'mswsock.dll', 'ncrypt.dll', 'netapi32.dll', 'cfgmgr32.dll', 'd3d9.dll', 'd3d11.dll', 'd3d12.dll',
  'dxgi.dll', 'd2d1.dll', 'dwrite.dll', 'opengl32.dll', 'glu32.dll', 'propsys.dll', 'usp10.dll', 'winspool.drv',
  'shfolder.dll', 'oleacc.dll', 'mpr.dll', 'msimg32.dll', 'credui.dll', 'wtsapi32.dll', 'hid.dll', 'avrt.dll',
  'mfplat.dll', 'mf.dll', 'mfreadwrite.dll', 'ksuser.dll', 'winusb.dll', 'wevtapi.dll', 'pdh.dll', 'dinput8.dll',
  'xinput1_4.dll', 'dsound.dll', 'msacm32.dll', 'winscard.dll', 'wsock32.dll', 'rstrtmgr.dll', 'msi.dll', 'mscoree.dll',
  'api-ms-win-core-synch-l1-2-0.dll', 'ntmarta.dll', 'profapi.dll', 'cabinet.dll', 'urlmon.dll', 'wer.dll', 'dhcpcsvc.dll',
  'fwpuclnt.dll', 'rasapi32.dll', 'tdh.dll', 'wbemuuid.dll', 'authz.dll', 'activeds.dll', 'netutils.dll', 'srvcli.dll',
]);

/** True for a DLL every desktop Windows 10/11 has in System32 (or maps as a KnownDLL). */
export function isCoreSystemDll(lowerName: string): boolean {
  return CORE_SYSTEM_DLLS.has(lowerName);
}

/**
 * Visual C++ runtime DLLs: installed by the VC++ Redistributable (or shipped next to the module),
 * not part of Windows. Missing ones are reported as "install the VC++ runtime".
 * https://learn.microsoft.com/en-us/cpp/windows/latest-supported-vc-redist
 */
export function isVcRuntimeDll(lowerName: string): boolean {
  return /^(vcruntime140(_1)?|msvcp140(_1|_2|_atomic_wait|_codecvt_ids)?|concrt140|vcomp140|vccorlib140|msvc[rp](71|80|90|100|110|120))\.dll$/.test(lowerName);
}

/** The universal CRT API sets (api-ms-win-crt-*), hosted by ucrtbase.dll. */
export function isUcrtApiSet(lowerName: string): boolean {
  return lowerName.startsWith('api-ms-win-crt-');
}
