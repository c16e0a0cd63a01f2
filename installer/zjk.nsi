; Windows installer for 张家口科技特派员工作平台 (zjk-desktop).
;
; Per-user install by default: no administrator rights, files in
; %LOCALAPPDATA%\Programs\zjk-desktop, shortcuts and the .zjkpkg association under the
; current user (HKCU).
;
; Per-machine install for IT staff: run from an elevated prompt or a deployment tool
;   zjk-desktop-setup-<version>.exe /S /ALLUSERS [/D=C:\Program Files\zjk-desktop]
; installs into Program Files for every user of the PC (HKLM, all-users Start menu and
; desktop).  /ALLUSERS without administrator rights stops with a message (exit code 2)
; and changes nothing.  /S is silent; the uninstaller takes /S as well.
;
; The user's data (database, keys, logs: %LOCALAPPDATA%\zjk\zjk-desktop of each user) is
; never inside the install folder, so installing a newer build over an older one and
; uninstalling (either mode) leave it alone.
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
; Never asks for elevation itself: a per-user install needs none, and IT staff start a
; per-machine install (/ALLUSERS) already elevated.
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP_NAME_ZH} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME_ZH}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME_ZH} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

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
LangString DESC_NeedsAdmin ${LANG_SIMPCHINESE} "为所有用户安装（/ALLUSERS）需要管理员权限，请以管理员身份运行。"
LangString DESC_NeedsAdmin ${LANG_ENGLISH} "Installing for all users (/ALLUSERS) needs administrator rights: run it as administrator."

; 1 when installing (or uninstalling) for every user of the PC.
Var AllUsers

Function .onInit
  StrCpy $AllUsers 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 1
  ${EndIf}
  ${If} $AllUsers == 1
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      MessageBox MB_OK|MB_ICONSTOP "$(DESC_NeedsAdmin)" /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    ; Program Files unless /D= chose a folder (NSIS has set $INSTDIR from /D= already).
    ${If} $INSTDIR == "$LOCALAPPDATA\Programs\${APP_ID}"
      ${If} ${RunningX64}
        StrCpy $INSTDIR "$PROGRAMFILES64\${APP_ID}"
      ${Else}
        StrCpy $INSTDIR "$PROGRAMFILES\${APP_ID}"
      ${EndIf}
    ${EndIf}
    SetShellVarContext all
    SetRegView 64
  ${Else}
    SetShellVarContext current
  ${EndIf}
FunctionEnd

; The uninstaller removes what its installer made: it finds out which mode that was
; from the marker file written beside it.
Function un.onInit
  StrCpy $AllUsers 0
  ${If} ${FileExists} "$INSTDIR\all-users.txt"
    StrCpy $AllUsers 1
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      MessageBox MB_OK|MB_ICONSTOP "$(DESC_NeedsAdmin)" /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    SetShellVarContext all
    SetRegView 64
  ${Else}
    SetShellVarContext current
  ${EndIf}
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
  ${If} $AllUsers == 1
    FileOpen $0 "$INSTDIR\all-users.txt" w
    FileWrite $0 "installed for all users of this PC (setup.exe /ALLUSERS)"
    FileClose $0
  ${EndIf}
  ; SHCTX: HKCU for a per-user install, HKLM for /ALLUSERS (SetShellVarContext in .onInit).
  WriteRegStr SHCTX "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "Software\${APP_ID}" "Version" "${VERSION}"

  ; Shortcuts (start menu + desktop), for this user or, with /ALLUSERS, for every user.
  CreateDirectory "$SMPROGRAMS\${APP_NAME_ZH}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME_ZH}\${APP_NAME_ZH}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\zjk-desktop.ico" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME_ZH}\卸载 ${APP_NAME_ZH}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\$(SC_Desktop).lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\zjk-desktop.ico" 0

  ; .zjkpkg files open the program's import (Software\Classes of HKCU, or HKLM with /ALLUSERS).
  WriteRegStr SHCTX "Software\Classes\.zjkpkg" "" "${PROG_ID}"
  WriteRegStr SHCTX "Software\Classes\.zjkpkg" "Content Type" "application/x-zjkpkg"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}" "" "$(FT_Name)"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\zjk-desktop.ico,0"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" --import "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Apps & features entry (this user's, or the PC's with /ALLUSERS).
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${APP_NAME_ZH}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\zjk-desktop.ico"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "张家口市科技特派员工作平台"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1

  DetailPrint "$(DESC_DataKept)"
SectionEnd

Section "Uninstall"
  ; The program's files only.  The data folders (%LOCALAPPDATA%\zjk\zjk-desktop of each
  ; user) are not touched, and the install folder itself goes only if nothing else is left in it.
  Call un.RemoveProgramFiles
  Delete "$INSTDIR\zjk-desktop.ico"
  Delete "$INSTDIR\uninstall.exe"
  Delete "$INSTDIR\all-users.txt"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME_ZH}\${APP_NAME_ZH}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME_ZH}\卸载 ${APP_NAME_ZH}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME_ZH}"
  Delete "$DESKTOP\$(SC_Desktop).lnk"

  ; Our association only, and only if it still points to us.
  ReadRegStr $0 SHCTX "Software\Classes\.zjkpkg" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegKey SHCTX "Software\Classes\.zjkpkg"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegKey SHCTX "Software\${APP_ID}"
  DetailPrint "$(DESC_DataKept)"
SectionEnd
