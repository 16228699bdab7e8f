/**
 * clipboard.ts and download.ts touch the DOM; each test stubs only the
 * globals the function reads, as plain objects that record what was done.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from '../../../renderer/lib/clipboard';
import { downloadText } from '../../../renderer/lib/download';

interface FakeElement {
  tag: string;
  value: string;
  href: string;
  download: string;
  rel: string;
  className: string;
  attributes: Record<string, string>;
  setAttribute(name: string, value: string): void;
  select: ReturnType<typeof vi.fn>;
  click: ReturnType<typeof vi.fn>;
  remove: ReturnType<typeof vi.fn>;
}

function fakeDocument(copyResult = true) {
  const created: FakeElement[] = [];
  const attached = new Set<FakeElement>();
  const document = {
    body: { append: vi.fn((el: FakeElement) => attached.add(el)) },
    createElement: (tag: string): FakeElement => {
      const el: FakeElement = {
        tag,
        value: '',
        href: '',
        download: '',
        rel: '',
        className: '',
        attributes: {},
        setAttribute(name, value) {
          this.attributes[name] = value;
        },
        select: vi.fn(),
        click: vi.fn(),
        remove: vi.fn(() => attached.delete(el)),
      };
      created.push(el);
      return el;
    },
    execCommand: vi.fn((_command: string) => {
      onPageWhenCopied.push(...attached);
      return copyResult;
    }),
  };
  const onPageWhenCopied: FakeElement[] = [];
  vi.stubGlobal('document', document);
  return { document, created, attached, onPageWhenCopied };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('copyText', () => {
  it('uses the async clipboard when the window may', async () => {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    const { created } = fakeDocument();
    await expect(copyText('https://vpp.itunes.apple.com/invite/abc')).resolves.toBe(true);
    expect(writeText).toHaveBeenCalledWith('https://vpp.itunes.apple.com/invite/abc');
    expect(created).toEqual([]);
  });

  it('falls back to copying a hidden, read-only selection when the clipboard is refused, and cleans up', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('NotAllowedError')) } });
    const { document, created, attached, onPageWhenCopied } = fakeDocument(true);
    await expect(copyText('user-0001')).resolves.toBe(true);
    expect(document.execCommand).toHaveBeenCalledWith('copy');
    expect(created).toHaveLength(1);
    const area = created[0];
    expect(area).toMatchObject({
      tag: 'textarea',
      value: 'user-0001',
      className: 'visually-hidden',
      attributes: { readonly: '' },
    });
    expect(area?.select).toHaveBeenCalledOnce();
    expect(onPageWhenCopied).toEqual([area]);
    expect(attached.size).toBe(0);
  });

  it('reports a failed fallback copy', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('NotAllowedError')) } });
    const { attached } = fakeDocument(false);
    await expect(copyText('user-0001')).resolves.toBe(false);
    expect(attached.size).toBe(0);
  });
});

describe('downloadText', () => {
  it('saves the text under the file name through a temporary link, revoking the Blob URL only later', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('window', globalThis);
    const { created, attached } = fakeDocument();
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((obj) => {
      if (obj instanceof Blob) blobs.push(obj);
      return 'blob:vpp-desk/1';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);

    downloadText('vpp-desk-users-2024-05-02.csv', 'clientUserId\nuser-1\n');

    const [link] = created;
    expect(link).toMatchObject({
      tag: 'a',
      href: 'blob:vpp-desk/1',
      download: 'vpp-desk-users-2024-05-02.csv',
      rel: 'noopener',
    });
    expect(link?.click).toHaveBeenCalledOnce();
    expect(attached.size).toBe(0);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0]?.text()).toBe('clientUserId\nuser-1\n');

    // Chromium reads the Blob after click() returns: revoking at once would save an empty file.
    vi.advanceTimersByTime(9_999);
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(revoke).toHaveBeenCalledWith('blob:vpp-desk/1');
  });
});
