// The CLI's outputs and exit codes: 0 nothing failed, 1 something failed, 2 usage or internal error.
export const EXIT_OK = 0;
export const EXIT_FAILING = 1;
export const EXIT_ERROR = 2;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
