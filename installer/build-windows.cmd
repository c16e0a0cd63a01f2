@echo off
rem One-command Windows build of zjk-desktop (installer\README.md).
rem Needs Python 3.11+ (the py launcher) and NSIS 3 (winget install NSIS.NSIS).
rem   installer\build-windows.cmd            release: frozen program, smoke test, setup.exe
rem   installer\build-windows.cmd --fast     quicker zlib setup.exe
setlocal
cd /d "%~dp0.."
if not exist .venv\Scripts\python.exe (py -3 -m venv .venv || exit /b 1)
.venv\Scripts\python -m pip install -q -e ".[build]" || exit /b 1
if exist "%ProgramFiles(x86)%\NSIS\makensis.exe" set "PATH=%ProgramFiles(x86)%\NSIS;%PATH%"
if exist "%ProgramFiles%\NSIS\makensis.exe" set "PATH=%ProgramFiles%\NSIS;%PATH%"
.venv\Scripts\python installer\build.py %*
