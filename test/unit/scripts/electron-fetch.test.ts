// The one-line reason start.mjs prints when install.js could not fetch the binary.
import { describe, expect, it } from 'vitest';
import { firstErrorLine } from '../../../scripts/electron-fetch.mjs';

describe('firstErrorLine', () => {
  it('takes the error line of the stack install.js prints', () => {
    const stack = [
      'HTTPError: Response code 404 (Not Found) for http://127.0.0.1:1/v1/electron.zip',
      '    at FetchDownloader.download (file:///x/FetchDownloader.js:46:30)',
    ].join('\n');
    expect(firstErrorLine(stack)).toBe(
      'HTTPError: Response code 404 (Not Found) for http://127.0.0.1:1/v1/electron.zip',
    );
  });

  it('drops a bare "Error:" prefix and skips lines that are not errors', () => {
    expect(firstErrorLine('Downloading...\nError: Generated checksum for "e.zip" did not match\n    at x')).toBe(
      'Generated checksum for "e.zip" did not match',
    );
  });

  it('has nothing to say about output without an error', () => {
    expect(firstErrorLine('')).toBeUndefined();
  });
});
