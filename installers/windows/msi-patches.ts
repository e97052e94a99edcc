// What wixl 0.101 cannot express, applied to its output with msibuild (SQL on the MSI database and .idt imports).
// Each patch says why it is needed; the installer test reads the tables back to prove they are in the package.

/** SDDL of %ProgramData%\Ward: protected DACL (P, no inherited ACEs), full control for SYSTEM and Administrators only,
 * inherited by the files and folders created inside (OICI). Applied by the MsiLockPermissionsEx table (Installer 5.0). */
export const DATA_DIR_SDDL = "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

/** msidbCustomActionTypeHideTarget: the formatted command line (holding ENROLL_TOKEN) is not written to the log. */
const HIDE_TARGET = 0x2000;
/** Type 18 (exe from an installed File) + in-script deferred (0x400) + no impersonation, i.e. as SYSTEM (0x800). */
const DEFERRED_SYSTEM_EXE = 18 | 0x400 | 0x800;

export const SQL_PATCHES: readonly string[] = [
  // wixl ignores HideTarget="yes".
  `UPDATE CustomAction SET Type=${DEFERRED_SYSTEM_EXE | HIDE_TARGET} WHERE Action='WriteConfig'`,
  // wixl ignores Before="RemoveFiles" and sequences PurgeData first; it must run after the service stops and while
  // ward.exe is still there (DeleteServices 2000 < 3490 < RemoveFiles 3500).
  "UPDATE InstallExecuteSequence SET Sequence=3490 WHERE Action='PurgeData'",
  // wixl puts RemoveExistingProducts after InstallFiles; remove the old version first (after InstallValidate), so the
  // old service and files are gone before the new ones arrive. ProgramData\Ward is untouched by the old package's
  // uninstall (PurgeData skips it when UPGRADINGPRODUCTCODE is set), so the device keeps its identity.
  "UPDATE InstallExecuteSequence SET Sequence=1450 WHERE Action='RemoveExistingProducts'",
  // wixl has no Secure="yes": public properties must be listed to reach the elevated server-side install.
  "UPDATE Property SET Value='WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;SERVER_URL;ENROLL_TOKEN' WHERE Property='SecureCustomProperties'",
  // The standard action that applies MsiServiceConfigFailureActions, between InstallServices (5800) and StartServices (5900).
  "INSERT INTO InstallExecuteSequence (Action, Condition, Sequence) VALUES ('MsiConfigureServices', 'VersionNT', 5850)",
];

export interface IdtTable {
  name: string;
  text: string;
}

function idt(columns: string[], types: string[], keys: string[], name: string, rows: string[][]): IdtTable {
  const lines = [columns.join("\t"), types.join("\t"), [name, ...keys].join("\t"), ...rows.map((r) => r.join("\t"))];
  return { name, text: `${lines.join("\r\n")}\r\n` };
}

export const IDT_TABLES: readonly IdtTable[] = [
  idt(
    ["MsiLockPermissionsEx", "LockObject", "Table", "SDDLText", "Condition"],
    ["s72", "s72", "s32", "l0", "S255"],
    ["MsiLockPermissionsEx"],
    "MsiLockPermissionsEx",
    [["WardDataAcl", "DATADIR", "CreateFolder", DATA_DIR_SDDL, ""]],
  ),
  // If the service host itself dies, the service manager restarts it after 60 s, three times, counter reset daily
  // (NSSM already restarts ward.exe when it exits: AppExit=Restart). Actions 1 = SC_ACTION_RESTART.
  idt(
    [
      "MsiServiceConfigFailureActions",
      "Name",
      "Event",
      "ResetPeriod",
      "RebootMessage",
      "Command",
      "Actions",
      "DelayActions",
      "Component_",
    ],
    ["s72", "s255", "i2", "I4", "L255", "L255", "S255", "S255", "s72"],
    ["MsiServiceConfigFailureActions"],
    "MsiServiceConfigFailureActions",
    [["WardAgentFailure", "WardAgent", "1", "86400", "", "", "1[~]1[~]1", "60000[~]60000[~]60000", "ServiceHost"]],
  ),
];
