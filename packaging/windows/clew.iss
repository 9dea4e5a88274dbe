; Inno Setup script for Clew on Windows: installs the PyInstaller bundle, a Start menu entry and
; an uninstaller. packaging/build.py runs it as
;   iscc /DAppVersion=X.Y.Z /DBundleDir=dist\clew /DOutputDir=dist packaging\windows\clew.iss

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (packaging/build.py does)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\clew"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{ABBBD08F-2348-438E-A4B0-D18FF564C479}
AppName=Clew
AppVersion={#AppVersion}
AppPublisher=Clew developers
DefaultDirName={autopf}\Clew
DefaultGroupName=Clew
DisableProgramGroupPage=yes
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\clew.exe
OutputDir={#OutputDir}
OutputBaseFilename=clew-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Clew"; Filename: "{app}\clew.exe"
Name: "{group}\{cm:UninstallProgram,Clew}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Clew"; Filename: "{app}\clew.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\clew.exe"; Description: "{cm:LaunchProgram,Clew}"; Flags: nowait postinstall skipifsilent
