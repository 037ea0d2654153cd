; Inno Setup 6 script for 年报助手 — per-user installer (no administrator rights needed).
;
; Compile on Windows after building the bundle (see docs/packaging.md):
;   pyinstaller --noconfirm --clean build.spec
;   iscc /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 packaging\nianbao.iss
; packaging\build-windows.ps1 does both and takes the version from model.APP_VERSION.
; Requires Inno Setup 6.3 or later (x64compatible).  This file is UTF-8 with a BOM so that
; ISCC reads the Chinese text correctly; keep it that way when editing.
;
; Language: Inno Setup ships no official Simplified Chinese messages file (ChineseSimplified.isl
; is an unofficial contribution), so the script uses the built-in English file and overrides
; the messages a user actually sees (wizard pages, buttons, uninstaller) in [Messages] and
; [CustomMessages] below, in our own Chinese wording.  Rare error messages stay in English.

#define AppName "年报助手"
#define AppExe AppName + ".exe"
#define AppPublisher "年报助手项目组"
#define ProgId "NianbaoZhushou.Project"
#define FileExt ".gknb"

#ifndef AppVersion
  #error 请在命令行用 /DAppVersion=x.y.z 指定版本号（见 packaging\build-windows.ps1）
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif

#define BundleDir AddBackslash(SourcePath) + "..\dist\" + AppName
#if !FileExists(BundleDir + "\" + AppExe)
  #error 找不到 dist\年报助手\年报助手.exe：请先运行 pyinstaller --noconfirm --clean build.spec
#endif
#define AppIcon AddBackslash(SourcePath) + "..\resources\icons\app.ico"

[Setup]
; AppId identifies the installation for upgrades and uninstall; never change it.
AppId={{9ACD3A05-836B-4BA8-B1E6-B1DCF5255F73}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright={#AppPublisher}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
; Per user, no UAC prompt: {autopf} is %LOCALAPPDATA%\Programs with PrivilegesRequired=lowest,
; registry entries go to HKCU.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
WizardStyle=modern
ShowLanguageDialog=no
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\dist\installer
OutputBaseFilename=nianbao-zhushou-{#AppVersion}-setup
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
#if FileExists(AppIcon)
SetupIconFile={#AppIcon}
#endif

[Languages]
Name: "chs"; MessagesFile: "compiler:Default.isl"

[LangOptions]
LanguageName=简体中文
LanguageID=$0804
LanguageCodePage=0

[Tasks]
Name: "assoc"; Description: "{cm:AssocFileExtension,{#AppName},{#FileExt}}"; GroupDescription: "{cm:FileAssociations}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole runtime folder, so no file of an older version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Registry]
; .gknb → NianbaoZhushou.Project, opened by 年报助手.exe "%1" (per user: HKCU\Software\Classes).
Root: HKCU; Subkey: "Software\Classes\{#FileExt}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKCU; Subkey: "Software\Classes\{#FileExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assoc
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:ProjectFileType}"; Flags: uninsdeletekey; Tasks: assoc
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: assoc
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: assoc
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#FileExt}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[CustomMessages]
NameAndVersion=%1 %2 版
AdditionalIcons=附加快捷方式：
CreateDesktopIcon=在桌面上创建快捷方式(&D)
ProgramOnTheWeb=%1 网站
UninstallProgram=卸载 %1
LaunchProgram=运行 %1
AssocFileExtension=用 %1 打开 %2 文件(&A)
AssocingFileExtension=正在将 %2 文件与 %1 关联……
FileAssociations=文件关联：
ProjectFileType=年报助手项目文件
AppComment=政府信息公开工作年度报告编制工具

[Messages]
SetupAppTitle=安装
SetupWindowTitle=安装 - %1
UninstallAppTitle=卸载
UninstallAppFullTitle=卸载 %1
InformationTitle=信息
ConfirmTitle=确认
ErrorTitle=错误
SetupLdrStartupMessage=即将安装 %1。是否继续？
SetupAlreadyRunning=安装程序已在运行。
WindowsVersionNotSupported=本程序不支持您电脑上的 Windows 版本。
OnlyOnTheseArchitectures=本程序只能安装在以下处理器架构的 Windows 上：%n%n%1
WinVersionTooLowError=本程序需要 %1 %2 或更高版本。
SetupAppRunningError=安装程序检测到 %1 正在运行。%n%n请先关闭它，然后单击“确定”继续，或单击“取消”退出。
UninstallAppRunningError=卸载程序检测到 %1 正在运行。%n%n请先关闭它，然后单击“确定”继续，或单击“取消”退出。
ErrorCreatingDir=无法创建文件夹“%1”
ExitSetupTitle=退出安装
ExitSetupMessage=安装尚未完成。如果现在退出，程序将不会被安装。%n%n您可以以后再运行安装程序完成安装。%n%n确定退出安装吗？
AboutSetupMenuItem=关于安装程序(&A)...
AboutSetupTitle=关于安装程序
ButtonBack=< 上一步(&B)
ButtonNext=下一步(&N) >
ButtonInstall=安装(&I)
ButtonOK=确定
ButtonCancel=取消
ButtonYes=是(&Y)
ButtonYesToAll=全是(&A)
ButtonNo=否(&N)
ButtonNoToAll=全否(&O)
ButtonFinish=完成(&F)
ButtonBrowse=浏览(&B)...
ButtonWizardBrowse=浏览(&R)...
ButtonNewFolder=新建文件夹(&M)
ClickNext=单击“下一步”继续，或单击“取消”退出安装。
BrowseDialogTitle=浏览文件夹
BrowseDialogLabel=在下面的列表中选择一个文件夹，然后单击“确定”。
NewFolderName=新建文件夹
WelcomeLabel1=欢迎安装 [name]
WelcomeLabel2=即将在您的电脑上安装 [name/ver]。%n%n建议在继续之前关闭其他程序。
WizardSelectDir=选择安装位置
SelectDirDesc=要把 [name] 安装到哪里？
SelectDirLabel3=安装程序将把 [name] 安装到下面的文件夹。
SelectDirBrowseLabel=单击“下一步”继续。如需选择其他文件夹，请单击“浏览”。
DiskSpaceMBLabel=至少需要 [mb] MB 可用磁盘空间。
InvalidPath=请输入带盘符的完整路径，例如：%n%nC:\APP
InvalidDrive=所选的驱动器或网络共享不存在或无法访问，请另选一个。
DiskSpaceWarningTitle=磁盘空间不足
DiskSpaceWarning=安装至少需要 %1 KB 可用空间，但所选驱动器只有 %2 KB。%n%n仍要继续吗？
DirNameTooLong=文件夹名称或路径太长。
InvalidDirName=文件夹名称无效。
BadDirName32=文件夹名称不能包含下列字符：%n%n%1
DirExistsTitle=文件夹已存在
DirExists=文件夹：%n%n%1%n%n已经存在。仍要安装到该文件夹吗？
DirDoesntExistTitle=文件夹不存在
DirDoesntExist=文件夹：%n%n%1%n%n不存在。要创建该文件夹吗？
WizardSelectTasks=选择附加任务
SelectTasksDesc=要执行哪些附加任务？
SelectTasksLabel2=请选择安装 [name] 时要执行的附加任务，然后单击“下一步”。
WizardReady=准备安装
ReadyLabel1=安装程序已准备好在您的电脑上安装 [name]。
ReadyLabel2a=单击“安装”开始安装；如需查看或修改设置，请单击“上一步”。
ReadyLabel2b=单击“安装”开始安装。
ReadyMemoDir=安装位置：
ReadyMemoGroup=开始菜单文件夹：
ReadyMemoTasks=附加任务：
WizardPreparing=正在准备安装
PreparingDesc=安装程序正在准备在您的电脑上安装 [name]。
CannotContinue=安装无法继续。请单击“取消”退出。
ApplicationsFound=以下程序正在使用需要更新的文件。建议允许安装程序自动关闭这些程序。
ApplicationsFound2=以下程序正在使用需要更新的文件。建议允许安装程序自动关闭这些程序。安装完成后，安装程序会尝试重新启动它们。
CloseApplications=自动关闭这些程序(&A)
DontCloseApplications=不关闭这些程序(&D)
ErrorCloseApplications=安装程序无法自动关闭所有相关程序。建议先手动关闭使用这些文件的程序，再继续安装。
WizardInstalling=正在安装
InstallingLabel=请稍候，安装程序正在您的电脑上安装 [name]。
FinishedHeadingLabel=[name] 安装完成
FinishedLabelNoIcons=[name] 已安装到您的电脑上。
FinishedLabel=[name] 已安装到您的电脑上。可以通过已创建的快捷方式启动它。
ClickFinish=单击“完成”退出安装。
RunEntryExec=运行 %1
SetupAborted=安装未完成。%n%n请排除问题后重新运行安装程序。
StatusClosingApplications=正在关闭程序……
StatusCreateDirs=正在创建文件夹……
StatusExtractFiles=正在解压文件……
StatusCreateIcons=正在创建快捷方式……
StatusCreateRegistryEntries=正在写入注册表……
StatusSavingUninstall=正在保存卸载信息……
StatusRunProgram=正在完成安装……
StatusRollback=正在撤销更改……
ErrorExecutingProgram=无法运行文件：%n%1
ConfirmUninstall=确定要完全删除 %1 及其所有组件吗？（您的报告文件 .gknb 不会被删除。）
UninstallStatusLabel=请稍候，正在从您的电脑上删除 %1。
UninstalledAll=%1 已从您的电脑上删除。
UninstalledMost=%1 卸载完成。%n%n有些项目无法删除，可以手动删除。
WizardUninstalling=卸载状态
StatusUninstalling=正在卸载 %1……
UninstallDisplayNameMarkCurrentUser=当前用户
