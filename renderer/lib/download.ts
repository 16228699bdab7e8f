/**
 * Saves text the window already holds (a CSV export) through a Blob link:
 * no network, no file-system access, so it works the same in Electron and
 * in the browser preview.
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: Chromium reads the Blob asynchronously after click().
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
