// Several `abgleich serve` replicas on one PostgreSQL database behind nginx, as a deployment runs
// them (docs/deployment.md): the first replica's `init` creates the agency and the keys, the others
// get a copy of the keys folder and their own data directory (index snapshots); nginx, run
// unprivileged in the foreground from a generated configuration, spreads requests round-robin.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from './server-process.ts';

export const NGINX = '/usr/sbin/nginx';

/** A free TCP port on 127.0.0.1 (free when asked; taken by whoever binds it next). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const up = await new Promise<boolean>((r) => {
      const c = connect(port, '127.0.0.1', () => { c.destroy(); r(true); });
      c.on('error', () => r(false));
    });
    if (up) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Proxy {
  url: string;
  stop(): Promise<void>;
}

/** nginx in the foreground on a loopback port, round-robin over the upstream URLs. */
export async function startNginx(upstreams: string[]): Promise<Proxy> {
  const dir = mkdtempSync(join(tmpdir(), 'abg-nginx-'));
  const port = await freePort();
  const servers = upstreams.map((u) => `    server ${new URL(u).host} max_fails=0;`).join('\n');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`).join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 512; }
http {
  access_log off;
${temp}
  client_max_body_size 256m;
  upstream abgleich {
${servers}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://abgleich;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 300s;
    }
  }
}
`);
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => { err += String(d); });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited with ${code}: ${err}`))));
  await Promise.race([waitForPort(port, 10_000), exited]);
  exited.catch(() => {});
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP relay in front of the database that a test can cut (connections reset, new ones refused) and restore. */
export interface Relay {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

// The relay runs in its own process: `abgleich init` runs synchronously in the test's process.
const RELAY_SCRIPT = `
const net = require('node:net');
const [host, port] = [process.argv[1], Number(process.argv[2])];
const sockets = new Set();
let server, listenPort = 0;
function listen() {
  server = net.createServer((a) => {
    const b = net.connect(port, host);
    for (const s of [a, b]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => { a.destroy(); b.destroy(); }); }
    a.pipe(b).pipe(a);
  });
  server.listen(listenPort, '127.0.0.1', () => { listenPort = server.address().port; process.stdout.write('up ' + listenPort + '\\n'); });
}
process.on('SIGUSR1', () => { server.close(() => process.stdout.write('down\\n')); for (const s of sockets) s.destroy(); });
process.on('SIGUSR2', listen);
setInterval(() => {}, 1 << 30); // stays up while cut
listen();
`;

export async function startRelay(target: { host: string; port: number }): Promise<Relay> {
  const child = spawn(process.execPath, ['-e', RELAY_SCRIPT, target.host, String(target.port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let waiting: (() => void) | undefined;
  let buf = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    buf += d;
    for (let k = buf.indexOf('\n'); k >= 0; k = buf.indexOf('\n')) { lines.push(buf.slice(0, k)); buf = buf.slice(k + 1); }
    waiting?.();
  });
  const next = async (prefix: string) => {
    for (;;) {
      const at = lines.findIndex((l) => l.startsWith(prefix));
      if (at >= 0) return lines.splice(0, at + 1).at(-1)!;
      await new Promise<void>((r) => { waiting = r; });
    }
  };
  const port = Number((await next('up ')).slice(3));
  return {
    port,
    cut: async () => { child.kill('SIGUSR1'); await next('down'); },
    restore: async () => { child.kill('SIGUSR2'); await next('up '); },
    stop: () => stopChild(child),
  };
}

export interface ReplicaCluster {
  replicas: ServerProcess[];
  proxy: Proxy;
  adminToken: string;
  /** Starts replica `i` again on its data directory (after a kill). */
  restart(i: number): Promise<ServerProcess>;
  stop(): Promise<void>;
}

/** N replicas on the database at `databaseUrl` (fresh and empty) behind nginx. */
export async function startReplicaCluster(n: number, databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<ReplicaCluster> {
  const fullEnv = { ...env, ABGLEICH_DATABASE_URL: databaseUrl };
  const first = await startServerProcess({ env: fullEnv });
  const replicas = [first];
  const dirs: string[] = [first.dataDir];
  const startOn = (dataDir: string) => startServerProcess({ dataDir, env: fullEnv });
  try {
    const rest = await Promise.all(Array.from({ length: n - 1 }, () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'abg-replica-'));
      dirs.push(dataDir);
      mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
      cpSync(join(first.dataDir, 'keys'), join(dataDir, 'keys'), { recursive: true });
      return startOn(dataDir);
    }));
    replicas.push(...rest);
  } catch (e) {
    await Promise.all(replicas.map((r) => r.stop()));
    throw e;
  }
  const proxy = await startNginx(replicas.map((r) => r.url));
  const cluster: ReplicaCluster = {
    replicas,
    proxy,
    adminToken: first.adminToken,
    async restart(i) {
      const old = replicas[i]!;
      await old.kill();
      // nginx keeps the old address: the replica comes back on the same port.
      const again = await startServerProcess({ dataDir: old.dataDir, env: fullEnv, port: Number(new URL(old.url).port) });
      replicas[i] = Object.assign(again, { adminToken: first.adminToken });
      return again;
    },
    async stop() {
      await proxy.stop();
      await Promise.all(replicas.map((r) => r.stop()));
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
  return cluster;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
