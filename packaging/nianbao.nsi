; NSIS 3 script for 年报助手 — per-user installer (no administrator rights, no UAC prompt).
;
; Build after PyInstaller (dist\年报助手 must exist), with the version from model.APP_VERSION:
;   makensis -INPUTCHARSET UTF8 -DAppVersion=0.1.0 -DAppVersionNumeric=0.1.0.0 packaging\nianbao.nsi
; Optional: -DBundleDir=<bundle folder> (default ..\dist\年报助手), -DOutDir=<folder> (default ..\dist).
; CI builds it with the Linux makensis and installs, runs and uninstalls it under Wine
; (.ci/windows-bundle.sh).  This file is UTF-8 with a BOM; keep it so.
;
; Silent use (IT departments):  nianbao-zhushou-<version>-setup.exe /S [/DESKTOP] [/D=C:\folder]
;   /S silent, /DESKTOP also a desktop shortcut, /D= install folder (must come last).
;   uninstall.exe /S removes it again; the clerk's .gknb files are never touched.

Unicode true
Target amd64-unicode                 ; 64-bit: Qt 6 needs x64 Windows 10 1809 or later
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef AppVersion
  !error "请用 -DAppVersion=x.y.z 指定版本号（取自 model.APP_VERSION）"
!endif
!ifndef AppVersionNumeric
  !error "请用 -DAppVersionNumeric=x.y.z.w 指定四段版本号"
!endif
!ifndef BundleDir
  !define BundleDir "..\dist\年报助手"
!endif
!ifndef OutDir
  !define OutDir "..\dist"
!endif

!define AppName "年报助手"
!define AppExe "年报助手.exe"
!define ConsoleExe "年报助手-console.exe"
!define Publisher "年报助手项目组"
!define ProgId "NianbaoZhushou.Project"
!define FileExt ".gknb"
!define UninstallKey "Software\Microsoft\Windows\CurrentVersion\Uninstall\NianbaoZhushou"
!define SHCNE_ASSOCCHANGED 0x08000000

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "x64.nsh"
!include "Sections.nsh"

Name "${AppName} ${AppVersion}"
Caption "安装 ${AppName} ${AppVersion}"
UninstallCaption "卸载 ${AppName}"
OutFile "${OutDir}\nianbao-zhushou-${AppVersion}-setup.exe"
InstallDir "$LOCALAPPDATA\Programs\${AppName}"
InstallDirRegKey HKCU "${UninstallKey}" "InstallLocation"   ; an upgrade goes where the last version went
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText "${AppName} ${AppVersion}"

VIProductVersion "${AppVersionNumeric}"
VIAddVersionKey /LANG=2052 "ProductName" "${AppName}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${AppVersion}"
VIAddVersionKey /LANG=2052 "FileVersion" "${AppVersion}"
VIAddVersionKey /LANG=2052 "FileDescription" "${AppName} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${Publisher}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${Publisher}"

!define MUI_ICON "..\resources\icons\app.ico"
!define MUI_UNICON "..\resources\icons\app.ico"
!define MUI_ABORTWARNING
!define MUI_ABORTWARNING_TEXT "安装尚未完成。确定退出安装吗？"
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${AppName}"
!define MUI_WELCOMEPAGE_TEXT "${AppName}用于编制政府信息公开工作年度报告。$\r$\n$\r$\n程序只安装给当前用户，不需要管理员权限，也不会联网。$\r$\n$\r$\n单击“下一步”继续。"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${AppExe}"
!define MUI_FINISHPAGE_RUN_TEXT "运行${AppName}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "${AppName}（必需）" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; an upgrade replaces the whole runtime folder: no library of an older version is left behind
  RMDir /r "$INSTDIR\_internal"
  File /r "${BundleDir}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${AppName}.lnk" "$INSTDIR\${AppExe}" "" "$INSTDIR\${AppExe}" 0 SW_SHOWNORMAL "" "政府信息公开工作年度报告编制工具"

  WriteRegStr HKCU "${UninstallKey}" "DisplayName" "${AppName}"
  WriteRegStr HKCU "${UninstallKey}" "DisplayVersion" "${AppVersion}"
  WriteRegStr HKCU "${UninstallKey}" "Publisher" "${Publisher}"
  WriteRegStr HKCU "${UninstallKey}" "DisplayIcon" '"$INSTDIR\${AppExe}",0'
  WriteRegStr HKCU "${UninstallKey}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UninstallKey}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UninstallKey}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UninstallKey}" "NoModify" 1
  WriteRegDWORD HKCU "${UninstallKey}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UninstallKey}" "EstimatedSize" $0
  ; "Open with" knows the program even without the association
  WriteRegStr HKCU "Software\Classes\Applications\${AppExe}\SupportedTypes" "${FileExt}" ""
  WriteRegStr HKCU "Software\Classes\Applications\${AppExe}\shell\open\command" "" '"$INSTDIR\${AppExe}" "%1"'
SectionEnd

Section "用${AppName}打开 .gknb 项目文件" SecAssoc
  WriteRegStr HKCU "Software\Classes\${FileExt}" "" "${ProgId}"
  WriteRegStr HKCU "Software\Classes\${FileExt}\OpenWithProgids" "${ProgId}" ""
  WriteRegStr HKCU "Software\Classes\${ProgId}" "" "年报助手项目文件"
  WriteRegStr HKCU "Software\Classes\${ProgId}\DefaultIcon" "" '"$INSTDIR\${AppExe}",0'
  WriteRegStr HKCU "Software\Classes\${ProgId}\shell\open\command" "" '"$INSTDIR\${AppExe}" "%1"'
  System::Call 'shell32::SHChangeNotify(i ${SHCNE_ASSOCCHANGED}, i 0, p 0, p 0)'
SectionEnd

Section /o "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${AppName}.lnk" "$INSTDIR\${AppExe}" "" "$INSTDIR\${AppExe}" 0 SW_SHOWNORMAL "" "政府信息公开工作年度报告编制工具"
SectionEnd

Function .onInit
  SetShellVarContext current
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "${AppName}需要 64 位的 Windows 10（1809 版）或更高版本。" /SD IDOK
    Abort
  ${EndIf}
  ${WinVerGetBuild} $0
  ${If} $0 < 17763
    MessageBox MB_ICONSTOP "${AppName}需要 Windows 10 1809 版（内部版本 17763）或更高版本，这台电脑是 $0。" /SD IDOK
    Abort
  ${EndIf}
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DESKTOP" $1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecDesktop}
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${AppName}.lnk"
  Delete "$DESKTOP\${AppName}.lnk"

  ; the association only if it is still ours (another program may have taken .gknb since)
  ReadRegStr $0 HKCU "Software\Classes\${FileExt}" ""
  ${If} $0 == "${ProgId}"
    DeleteRegValue HKCU "Software\Classes\${FileExt}" ""
  ${EndIf}
  DeleteRegValue HKCU "Software\Classes\${FileExt}\OpenWithProgids" "${ProgId}"
  DeleteRegKey /ifempty HKCU "Software\Classes\${FileExt}\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "Software\Classes\${FileExt}"
  DeleteRegKey HKCU "Software\Classes\${ProgId}"
  DeleteRegKey HKCU "Software\Classes\Applications\${AppExe}"
  DeleteRegKey HKCU "${UninstallKey}"
  System::Call 'shell32::SHChangeNotify(i ${SHCNE_ASSOCCHANGED}, i 0, p 0, p 0)'

  ; only what the installer put there: a file the clerk saved in this folder stays, and so does the folder
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${AppExe}"
  Delete "$INSTDIR\${ConsoleExe}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
