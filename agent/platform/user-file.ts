// Reads a file in a user's home as the root agent, treating it as hostile: no links, no FIFOs or devices, the user's own, capped.
import { constants } from "node:fs";
import { lstat, open } from "node:fs/promises";

/** Settings files are a few KB; anything bigger is not what Ward is looking for. */
export const USER_FILE_MAX_BYTES = 64 * 1024;

/**
 * open(2) with O_NOFOLLOW (a link as the last part fails with ELOOP) and O_NONBLOCK (a FIFO opens at once instead
 * of waiting for a writer), then fstat on the open descriptor (no race with a swap): only a regular file owned by
 * the home's owner, at most USER_FILE_MAX_BYTES, is read. A link further up the path still ends at a file the user
 * must own, so it cannot reach root's files. Errors name the path and the reason, never the content.
 */
export async function readUserFile(path: string, userHome: string): Promise<Buffer> {
  const home = await lstat(userHome);
  if (!home.isDirectory())
    throw new Error(`${userHome} is not a plain folder (a link or a file); Ward does not read from it`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP")
      throw new Error("it is a link to another file; Ward reads only the user's own file", { cause: err });
    throw err;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error("it is not a regular file (a pipe, device or folder); Ward does not read it");
    if (st.uid !== home.uid)
      throw new Error(
        `it belongs to another user (uid ${st.uid}, not the home's owner ${home.uid}); Ward does not read it`,
      );
    if (st.size > USER_FILE_MAX_BYTES)
      throw new Error(`it is ${st.size} bytes, more than the ${USER_FILE_MAX_BYTES} a settings file needs`);
    const buf = Buffer.alloc(USER_FILE_MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > USER_FILE_MAX_BYTES) throw new Error(`it grew past ${USER_FILE_MAX_BYTES} bytes while being read`);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
