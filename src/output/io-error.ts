// File-system faults (disk full, read-only folder, permissions) as one line for the user instead of a stack trace:
// they are not bugs of capsim, and the line names the file and the cause.

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  EXDEV: 'cross-device rename',
  EBUSY: 'resource busy',
};

/** `cannot <syscall> <path>: <cause> (<CODE>)` for a Node file-system error, else undefined. */
export function ioErrorLine(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || !(e.code in CAUSES)) return undefined;
  const what = e.syscall ? `cannot ${e.syscall}` : 'file error';
  return `${what}${e.path ? ` ${e.path}` : ''}: ${CAUSES[e.code]} (${e.code})`;
}
