/**
 * Width of a string in px as the window would draw it, from one offscreen
 * canvas: sizing table columns to their content without laying out rows.
 */
let context: CanvasRenderingContext2D | null | undefined;

export function measureText(text: string, font: string): number {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  if (!context) return text.length * 7;
  context.font = font;
  return Math.ceil(context.measureText(text).width);
}

/** The CSS font shorthand for the window's body text or its monospace text (from base.css's tokens). */
export function tableFont(kind: 'body' | 'mono' | 'header'): string {
  const css = getComputedStyle(document.documentElement);
  if (kind === 'mono') return `12px ${css.getPropertyValue('--mono').trim() || 'monospace'}`;
  const family = css.getPropertyValue('--font').trim() || 'sans-serif';
  return kind === 'header' ? `600 12px ${family}` : `13px ${family}`;
}
