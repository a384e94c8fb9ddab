import type { Page } from 'playwright-core';

/**
 * Collects what goes wrong inside a page: uncaught exceptions and `console.error` calls. A throw
 * inside `page.on('pageerror')` fails nothing (playwright swallows listener errors), so the tests
 * collect instead and assert the list is empty after each test. A failed resource load (a 401 on a
 * wrong password, a 403 the test provokes) is the server's answer, not a page fault, and is left out.
 */
export class PageErrors {
  readonly seen: string[] = [];

  watch(page: Page): Page {
    page.on('pageerror', (e) => void this.seen.push(`pageerror on ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
        this.seen.push(`console.error on ${page.url()}: ${m.text()}`);
      }
    });
    return page;
  }

  /** The faults seen since the last call, and forget them. */
  take(): string[] {
    return this.seen.splice(0);
  }
}
