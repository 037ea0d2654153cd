# Build 年报助手 on Windows: tests (optional), PyInstaller bundle, smoke run, Inno Setup installer.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1 -SkipTests -NoInstaller
#
# Expects .venv\ (Python 3.11 x64 with requirements-dev.txt) in the project root, or -Python.
# Inno Setup 6.3+ (ISCC.exe) is looked up on PATH and in the usual install folders, or -Iscc.
# Output: dist\年报助手\ (the program), dist\nianbao-zhushou-<version>-windows.zip,
#         dist\installer\nianbao-zhushou-<version>-setup.exe
# This file is UTF-8 with a BOM (Windows PowerShell 5.1 needs the BOM to read the Chinese names).

param(
    [string]$Python = "",
    [string]$Iscc = "",
    [switch]$SkipTests,
    [switch]$NoInstaller
)

$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$Root = (Get-Location).Path
$AppName = "年报助手"

function Invoke-Checked {
    param([string]$What, [scriptblock]$Block)
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$What 失败（退出码 $LASTEXITCODE）" }
}

if (-not $Python) {
    $Python = Join-Path $Root ".venv\Scripts\python.exe"
    if (-not (Test-Path $Python)) { $Python = "python" }
}
Write-Host "Python: $Python"

$Version = (& $Python -c "import model; print(model.APP_VERSION)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "读取 model.APP_VERSION 失败" }
$Numeric = (& $Python -c "import re, model; n = [int(re.match(r'\d+', p).group()) for p in model.APP_VERSION.split('.')[:4] if re.match(r'\d+', p)]; print('.'.join(map(str, (n + [0, 0, 0, 0])[:4])))").Trim()
Write-Host "版本: $Version ($Numeric)"

if (-not $SkipTests) {
    $env:QT_QPA_PLATFORM = "offscreen"
    Invoke-Checked "测试" { & $Python -m pytest -q -p no:cacheprovider }
    Remove-Item Env:\QT_QPA_PLATFORM
}

Invoke-Checked "PyInstaller" { & $Python -m PyInstaller --noconfirm --clean build.spec }

$Bundle = Join-Path $Root "dist\$AppName"
$Console = Join-Path $Bundle "$AppName-console.exe"
$Gui = Join-Path $Bundle "$AppName.exe"
foreach ($f in @($Gui, $Console)) { if (-not (Test-Path $f)) { throw "缺少 $f" } }

# smoke run of the built program (console variant, so the output is visible)
$Example = Join-Path $Bundle "_internal\resources\examples\示例-上官乡2021.gknb"
Invoke-Checked "--version" { & $Console --version }
& $Console check $Example
if ($LASTEXITCODE -ge 2) { throw "check 失败（退出码 $LASTEXITCODE）" }

$Zip = Join-Path $Root "dist\nianbao-zhushou-$Version-windows.zip"
Invoke-Checked "bundle_info" { & $Python packaging\bundle_info.py $Bundle --zip $Zip }

if (-not $NoInstaller) {
    if (-not $Iscc) {
        $cmd = Get-Command ISCC.exe -ErrorAction SilentlyContinue
        if ($cmd) { $Iscc = $cmd.Source }
    }
    if (-not $Iscc) {
        foreach ($c in @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                         "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
            if (Test-Path $c) { $Iscc = $c; break }
        }
    }
    if (-not $Iscc) { throw "找不到 Inno Setup 6 的 ISCC.exe（安装 Inno Setup 6.3 或以上，或用 -Iscc 指定路径；或加 -NoInstaller）" }
    Invoke-Checked "Inno Setup" { & $Iscc "/DAppVersion=$Version" "/DAppVersionNumeric=$Numeric" "packaging\nianbao.iss" }
    Write-Host "安装程序: dist\installer\nianbao-zhushou-$Version-setup.exe"
}
Write-Host "完成。"
