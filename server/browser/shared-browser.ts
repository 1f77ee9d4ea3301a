import { ApiError } from '../http/errors.ts';

/**
 * Headless Chromium that draws WebGL on a machine with no GPU (SwiftShader, asked for by name). No --disable-gpu:
 * with it, headless Chromium leaves the WebGL map blank under the page's overlays.
 */
export const HEADLESS_WEBGL_ARGS = ['--no-sandbox', '--headless', '--disable-background-networking', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--no-first-run'];

/** The queue's owner for every visitor not signed in: together they hold at most one place (see SharedBrowser.run). */
export const VISITORS = 'visitors';

/** The queue's owner for a person or, not signed in, for all visitors together. */
export const ownerOf = (user: { id: number } | null | undefined): string => (user ? `user:${user.id}` : VISITORS);

/** How many jobs may be running or waiting at once; one more is answered 503 (busy) at once. */
export const BROWSER_QUEUE_LIMIT = 3;
/** The shared browser closes after this long without a job: ~300 MB not held by an idle server. */
const IDLE_CLOSE_MS = 60_000;

/** Launches and jobs since the process started, for tests and the curious: one browser serves every render. */
export const browserCounters = { launches: 0, jobs: 0 };

export type Browser = import('playwright-core').Browser;

/**
 * The server's one headless Chromium, for every picture and print it makes (the wall's PNG, dossiers and maps as
 * PDF): launched at the first job and closed when idle; one job at a time behind a short queue, because a browser
 * page costs hundreds of MB (three wall pages at once took 2.9 GB). Long work (a batch of dossiers) is cut by its
 * owner into several jobs, so that a wall PNG asked for meanwhile waits for one piece, not the whole batch.
 */
export class SharedBrowser {
  private browser: Promise<Browser> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** Owners with a job running or waiting (see run's `owner`). */
  private readonly owners = new Set<string>();

  constructor(private readonly chromiumPath: string | null) {}

  /** Whether a browser is installed at all (else every job is refused with 503). */
  get available(): boolean {
    return this.chromiumPath !== null;
  }

  /**
   * Runs `job` with the browser when its turn comes. `what` names the work in the refusals (挂图快照, 宗地档案…).
   * A failure that is not an ApiError is logged and answered 503 `failedCode`. With `owner` (a person, or all
   * visitors together), that owner may have one job in the queue at a time: a second is refused 429 at once, so that
   * no one — least of all anonymous visitors where reading is public — can take every place in the queue.
   */
  run<T>(what: string, job: (browser: Browser) => Promise<T>, options: { failedCode?: string; queueLimit?: number; owner?: string } = {}): Promise<T> {
    if (!this.chromiumPath) return Promise.reject(new ApiError(503, 'browser_unavailable', `服务器未安装 Chromium，无法生成${what}（可设置 PANHUO_CHROMIUM）`));
    const limit = options.queueLimit ?? BROWSER_QUEUE_LIMIT;
    if (this.queued >= limit) {
      return Promise.reject(new ApiError(503, 'browser_busy', `${what}生成繁忙（已有 ${this.queued} 项在生成或排队），请稍后重试`));
    }
    const { owner } = options;
    if (owner !== undefined && this.owners.has(owner)) {
      return Promise.reject(new ApiError(429, 'browser_owner_busy', owner === VISITORS ? `未登录的访客同一时间只能生成一份，已有一份在生成：请稍后重试，或登录后再生成${what}` : `你的上一份文件还在生成，请等它完成后再生成${what}`));
    }
    if (owner !== undefined) this.owners.add(owner);
    this.queued++;
    const result = this.tail.then(() => this.withBrowser(what, job, options.failedCode ?? 'browser_failed')).finally(() => {
      this.queued--;
      if (owner !== undefined) this.owners.delete(owner);
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Closes the shared browser (at idle, or when the server stops). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {});
  }

  private async withBrowser<T>(what: string, job: (browser: Browser) => Promise<T>, failedCode: string): Promise<T> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    try {
      const browser = await this.launched();
      browserCounters.jobs++;
      return await job(browser);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      console.error(error);
      throw new ApiError(503, failedCode, `${what}生成失败，请稍后重试`);
    } finally {
      this.idleTimer = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
      this.idleTimer.unref();
    }
  }

  private async launched(): Promise<Browser> {
    if (this.browser) {
      const open = await this.browser.catch(() => null);
      if (open?.isConnected()) return open;
    }
    // Loaded on demand: a server that never renders never pays for the module.
    const { chromium } = await import('playwright-core');
    browserCounters.launches++;
    const launching = chromium.launch({ executablePath: this.chromiumPath!, args: HEADLESS_WEBGL_ARGS });
    this.browser = launching;
    const browser = await launching.catch((error: unknown) => {
      this.browser = null;
      throw error;
    });
    browser.on('disconnected', () => {
      if (this.browser === launching) this.browser = null;
    });
    return browser;
  }
}
