import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition.js';

describe('contentDisposition', () => {
  it('keeps a header on one line whatever the name holds', () => {
    const h = contentDisposition('template-A"B\r\nSet-Cookie: x=1.csv');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.split('"').length).toBe(3);
    expect(h).toContain("filename*=UTF-8''template-A%22BSet-Cookie%3A%20x%3D1.csv");
  });
  it('carries a Chinese name in filename* and an ASCII fallback', () => {
    expect(contentDisposition('中期评估-2023.pdf', 'inline')).toBe(
      `inline; filename="____-2023.pdf"; filename*=UTF-8''${encodeURIComponent('中期评估')}-2023.pdf`,
    );
  });
});
