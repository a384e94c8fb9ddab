import { existsSync } from 'node:fs';
import { AppError } from '@healthwatch/core';
import { loadPlaywright } from '../lazy-libraries.js';
import type { Browser, Page } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The Chromium to print with: HEALTHWATCH_CHROMIUM, else the first Debian/Ubuntu location that exists. */
export function findChromium(explicit?: string): string | null {
  if (explicit) {
    return existsSync(explicit) ? explicit : null;
  }
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * Prints HTML to PDF with headless Chromium. One browser is launched on first use and kept (launch
 * takes seconds; a page per job takes milliseconds); `close()` ends it. A browser that crashed or
 * was killed is launched again on the next job.
 */
export class PdfPrinter {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly executablePath?: string) {}

  /** Whether a browser is there to launch (DOCX leaves its charts out when not). */
  available(): boolean {
    return findChromium(this.executablePath) !== null;
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const path = findChromium(this.executablePath);
      if (!path) {
        throw new AppError('HW_RENDERER_UNAVAILABLE', {
          reason: this.executablePath ? `${this.executablePath} 不存在` : '未找到 chromium',
        });
      }
      // Playwright by default installs its own SIGINT/SIGTERM/SIGHUP handlers that close the
      // browser and, for SIGTERM and SIGHUP, leave the process running without it (every later PDF
      // failed, and `serve` no longer stopped on SIGTERM). The server's own handler stops the
      // server and closes the browser through close().
      const launched = loadPlaywright()
        .then(({ chromium }) =>
          chromium.launch({
            executablePath: path,
            args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
            handleSIGINT: false,
            handleSIGTERM: false,
            handleSIGHUP: false,
          }),
        )
        .then((b) => {
          b.on('disconnected', () => {
            if (this.browser === launched) {
              this.browser = null;
            }
          });
          return b;
        })
        .catch((e: unknown) => {
          this.browser = null;
          throw new AppError(
            'HW_RENDERER_UNAVAILABLE',
            { reason: e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e) },
            { cause: e },
          );
        });
      this.browser = launched;
    }
    return this.browser;
  }

  /** A new page; a browser found dead (crashed, killed) is replaced once. */
  private async newPage(options?: Parameters<Browser['newPage']>[0]): Promise<Page> {
    const browser = await this.launch();
    try {
      return await browser.newPage(options);
    } catch (e) {
      if (browser.isConnected()) {
        throw e;
      }
      if (this.browser && (await this.browser.catch(() => null)) === browser) {
        this.browser = null;
      }
      return (await this.launch()).newPage(options);
    }
  }

  async pdf(html: string, opts: { locale?: 'zh-CN' | 'en' } = {}): Promise<Buffer> {
    const page = await this.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const footer = `<div style="width:100%;font-size:8px;color:#666;text-align:center;font-family:'Noto Sans CJK SC',sans-serif">${opts.locale === 'en' ? 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>' : '第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页'}</div>`;
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<div></div>',
        footerTemplate: footer,
        margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' },
      });
    } finally {
      // A page of a browser that died meanwhile cannot be closed; the job's own error says why.
      await page.close().catch(() => undefined);
    }
  }

  /** Rasterizes an SVG chart to PNG at twice its size (for Word, which wants a bitmap beside the SVG). */
  async png(svg: string, width: number, height: number): Promise<Buffer> {
    const page = await this.newPage({
      viewport: { width: Math.round(width / 2), height: Math.round(height / 2) },
      deviceScaleFactor: 2,
    });
    try {
      await page.setContent(
        `<!DOCTYPE html><html><body style="margin:0;background:#fff">${svg.replace('<svg ', '<svg style="width:100%;height:100%" ')}</body></html>`,
      );
      return await page.screenshot({ type: 'png', fullPage: false });
    } finally {
      // A page of a browser that died meanwhile cannot be closed; the job's own error says why.
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) {
      await (await b.catch(() => null))?.close();
    }
  }
}
