// The people of the LFW browser stories: a real server and Chromium, the public API as any of
// them, a browser page signed in as any of them, and the owner/requester exchange they work in.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

const lfw = new URL('../../../shared/data/lfw/', import.meta.url);
/** Why the LFW stories cannot run here, or false when they can. */
export const lfwAbsent = existsSync(lfw) ? false : 'shared data not found: ../shared/data/lfw (the stories run on real LFW photos)';
/** Four people with several photos each: the first photo is enrolled, the second is the probe. */
export const people = ['Aaron_Peirsol', 'Abdoulaye_Wade', 'Abel_Pacheco', 'Adam_Sandler'];
export const purpose = 'criminal-investigation';

/** The n-th photo of a person, ready for a file input or an upload. */
export function photo(person: string, n: number) {
  const name = readdirSync(new URL(`${person}/`, lfw)).filter((f) => f.endsWith('.jpg')).sort()[n]!;
  return { name, mimeType: 'image/jpeg', buffer: readFileSync(new URL(`${person}/${name}`, lfw)) };
}

/** A multipart body with text fields and one file. */
export function form(fields: Record<string, string>, field: string, file: { name: string; mimeType: string; buffer: Buffer }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append(field, new Blob([new Uint8Array(file.buffer)], { type: file.mimeType }), file.name);
  return f;
}

export class Cast {
  /** API tokens by user name. */
  readonly tokens: Record<string, string> = {};
  /** Uncaught page errors; none may happen. */
  readonly problems: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  private constructor(readonly server: TestServer, readonly browser: Browser) {}

  /** Starts the server and Chromium; stops whichever started when the other fails. */
  static async start(): Promise<Cast> {
    const [s, b] = await Promise.allSettled([startServer(), launchBrowser()]);
    if (s.status === 'fulfilled' && b.status === 'fulfilled') return new Cast(s.value, b.value);
    if (s.status === 'fulfilled') await s.value.stop();
    if (b.status === 'fulfilled') await b.value.close();
    throw s.status === 'rejected' ? s.reason : (b as PromiseRejectedResult).reason;
  }

  /** A JSON (or multipart) API call; throws on any answer but 2xx. */
  async call(token: string, method: string, path: string, body?: unknown): Promise<any> {
    const multipart = body instanceof FormData;
    const res = await fetch(this.server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body && !multipart ? { 'content-type': 'application/json' } : {}) },
      body: multipart ? body : body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => undefined);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** Creates a user with a token, kept under its name. */
  async user(adminToken: string, name: string, roles: string[]) {
    const u = await this.call(adminToken, 'POST', '/v1/users', { name, roles });
    this.tokens[name] = (await this.call(adminToken, 'POST', '/v1/tokens', { userId: u.id, label: 'e2e' })).token;
  }

  /** A fresh browser page signed in as the named user. */
  async as(name: string): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width: 1200, height: 760 }, locale: 'en-GB' });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`));
    await page.goto(this.server.url);
    await page.getByLabel('API token').fill(this.tokens[name]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('me-name').filter({ hasText: name }).waitFor();
    return page;
  }

  /**
   * The owner (host agency: Olga Operator, Otto Officer, a face gallery "Wanted persons") and the
   * "Requesting agency" (its admin "requester admin" and the given users) under an agreement.
   */
  async exchange(requesterUsers: [name: string, roles: string[]][]): Promise<{ galleryId: string; requesterAgencyId: string }> {
    const owner = this.server.adminToken;
    const modelId = (await this.call(owner, 'GET', '/v1/models')).models[0].id as string;
    const gallery = await this.call(owner, 'POST', '/v1/galleries', { name: 'Wanted persons', kind: 'face', legalBasis: 'Police act s. 42', purposes: [purpose], retentionDays: 3650, modelId, thresholdFmr: 1e-4, requiredFpir: 0.05 });
    await this.user(owner, 'Olga Operator', ['operator']);
    await this.user(owner, 'Otto Officer', ['owner-officer']);
    const requester = await this.call(owner, 'POST', '/v1/agencies', { name: 'Requesting agency', country: 'DE', adminName: 'requester admin' });
    this.tokens['requester admin'] = requester.admin.token;
    for (const [name, roles] of requesterUsers) await this.user(requester.admin.token, name, roles);
    const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString();
    await this.call(this.tokens['Otto Officer']!, 'POST', '/v1/agreements', {
      requesterAgencyId: requester.agency.id, galleryIds: [gallery.id], purposes: [purpose], validUntil, maxCandidates: 5, showImages: true, reference: 'Treaty 2026/1',
    });
    return { galleryId: gallery.id, requesterAgencyId: requester.agency.id };
  }

  async close() {
    for (const c of this.contexts) await c.close().catch(() => {});
    await this.browser.close();
    await this.server.stop();
  }
}
