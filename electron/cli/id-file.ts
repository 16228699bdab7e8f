/** A users (or serials) file for `vpp-desk deploy --users @file`: bounded, and parsed exactly as the window parses it. */
import { MAX_USER_FILE_BYTES, parseIdFile, UserFileError } from '../../shared/user-id-file';
import { UsageError } from './output';
import { readBounded } from './read-bounded';

const SERIAL_HEADERS = ['serialnumber', 'serial_number', 'serial number', 'serial'];

export async function readIdFile(file: string, what = 'user ids'): Promise<string[]> {
  const noun = what === 'user ids' ? 'users' : what;
  const read = await readBounded(file, MAX_USER_FILE_BYTES);
  if (!read.ok && read.why === 'too-large') {
    throw new UsageError(`The ${noun} file "${file}" is larger than 50 MB. Split it into smaller files.`);
  }
  if (!read.ok) throw new UsageError(`Cannot read the ${noun} file "${file}".`);
  let parsed;
  try {
    parsed = parseIdFile(read.text, what === 'user ids' ? undefined : SERIAL_HEADERS);
  } catch (err) {
    if (err instanceof UserFileError) throw new UsageError(`"${file}": ${err.message}`);
    throw err;
  }
  if (parsed.invalid > 0) {
    throw new UsageError(`"${file}" has ${parsed.invalid} entries longer than 256 characters; they cannot be ${what}.`);
  }
  if (parsed.ids.length === 0) throw new UsageError(`No ${what} given.`);
  return parsed.ids;
}
