; Windows installer for 张家口科技特派员工作平台 (zjk-desktop).
;
; Per-user install: no administrator rights, files in %LOCALAPPDATA%\Programs\zjk-desktop,
; shortcuts and the .zjkpkg association under the current user (HKCU).  The user's data
; (database, keys, logs: %LOCALAPPDATA%\zjk\zjk-desktop) is never inside the install folder,
; so installing a newer build over an older one and uninstalling both leave it alone.
;
; Built by installer/build.py:
;   makensis -INPUTCHARSET UTF8 -DPAYLOAD=<bundle folder> -DVERSION=0.1.0 -DOUTFILE=<setup.exe> installer\zjk.nsi
; On Linux CI the same script is compiled against the Linux bundle (or a stand-in
; folder) so script errors are caught; the result is not meant to be run.
; -DCOMPRESS=zlib makes the CI compile quick; releases use the default (solid LZMA).

Unicode true

!ifndef PAYLOAD
  !error "Give the PyInstaller folder: -DPAYLOAD=dist\zjk-desktop"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "zjk-desktop-setup-${VERSION}.exe"
!endif
!ifdef COMPRESS
  SetCompressor ${COMPRESS}
!else
  SetCompressor /SOLID lzma
!endif

!define APP_ID "zjk-desktop"
!define APP_NAME_ZH "张家口科技特派员工作平台"
!define APP_EXE "zjk-desktop.exe"
!define CLI_EXE "zjk.exe"
!define PROG_ID "zjk-desktop.zjkpkg"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define ICON_FILE "${__FILEDIR__}\assets\zjk-desktop.ico"

Name "${APP_NAME_ZH}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "Software\${APP_ID}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP_NAME_ZH} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME_ZH}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME_ZH} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default: Simplified Chinese.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString DESC_DataKept ${LANG_SIMPCHINESE} "您的数据保存在 $LOCALAPPDATA\zjk\zjk-desktop，卸载不会删除。"
LangString DESC_DataKept ${LANG_ENGLISH} "Your data stays in $LOCALAPPDATA\zjk\zjk-desktop; uninstalling does not remove it."
LangString DESC_Running ${LANG_SIMPCHINESE} "请先关闭正在运行的 ${APP_NAME_ZH}，然后点击“重试”。"
LangString DESC_Running ${LANG_ENGLISH} "Please close the running program, then click Retry."
LangString SC_Desktop ${LANG_SIMPCHINESE} "${APP_NAME_ZH}"
LangString SC_Desktop ${LANG_ENGLISH} "ZJK S&T Specialist Desktop"
LangString FT_Name ${LANG_SIMPCHINESE} "科技特派员同步文件"
LangString FT_Name ${LANG_ENGLISH} "ZJK sync package"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; A running copy keeps its .exe locked: deleting it fails, so the user is asked to close
; the program (Retry) instead of getting a half-replaced install.  Then the files of the
; older build are removed so no stale library lingers beside the new ones — the
; program's own files only, never the folder as a whole.
!macro DefineRemoveProgramFiles un
Function ${un}RemoveProgramFiles
  retry:
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
  ${OrIf} ${FileExists} "$INSTDIR\${CLI_EXE}"
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(DESC_Running)" IDRETRY retry
    Abort
  ${EndIf}
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\zjk-desktop"
  Delete "$INSTDIR\zjk"
FunctionEnd
!macroend
!insertmacro DefineRemoveProgramFiles ""
!insertmacro DefineRemoveProgramFiles "un."

Section "!${APP_NAME_ZH}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  Call RemoveProgramFiles

  File /r "${PAYLOAD}\*"
  File "/oname=$INSTDIR\zjk-desktop.ico" "${ICON_FILE}"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "Software\${APP_ID}" "Version" "${VERSION}"

  ; Shortcuts (start menu + desktop), current user only.
  CreateDirectory "$SMPROGRAMS\${APP_NAME_ZH}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME_ZH}\${APP_NAME_ZH}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\zjk-desktop.ico" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME_ZH}\卸载 ${APP_NAME_ZH}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\$(SC_Desktop).lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\zjk-desktop.ico" 0

  ; .zjkpkg files open the program's import (HKCU\Software\Classes: no admin needed).
  WriteRegStr HKCU "Software\Classes\.zjkpkg" "" "${PROG_ID}"
  WriteRegStr HKCU "Software\Classes\.zjkpkg" "Content Type" "application/x-zjkpkg"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}" "" "$(FT_Name)"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\zjk-desktop.ico,0"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" --import "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Apps & features entry (per user).
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME_ZH}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\zjk-desktop.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "张家口市科技特派员工作平台"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1

  DetailPrint "$(DESC_DataKept)"
SectionEnd

Section "Uninstall"
  ; The program's files only.  The data folder (%LOCALAPPDATA%\zjk\zjk-desktop) is not
  ; touched, and the install folder itself goes only if nothing else is left in it.
  Call un.RemoveProgramFiles
  Delete "$INSTDIR\zjk-desktop.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME_ZH}\${APP_NAME_ZH}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME_ZH}\卸载 ${APP_NAME_ZH}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME_ZH}"
  Delete "$DESKTOP\$(SC_Desktop).lnk"

  ; Our association only, and only if it still points to us.
  ReadRegStr $0 HKCU "Software\Classes\.zjkpkg" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegKey HKCU "Software\Classes\.zjkpkg"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APP_ID}"
  DetailPrint "$(DESC_DataKept)"
SectionEnd
