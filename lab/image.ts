// Locates (building when needed) the cached lab image via lab/build-image.sh.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAB_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(LAB_DIR, '..');
export const CACHE_DIR = process.env.LAB_CACHE ?? join(REPO_ROOT, '.lab-cache');

export interface LabImage {
  dir: string;
  kernel: string;
  initrd: string;
  rootfs: string;
  hostKeyPub: string;
  keyPath: string;
  knownHostsPath: string;
}

/** Why the lab cannot run here, or null when it can (root, qemu, qemu-img, ssh, mmdebstrap). */
export function labUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'the lab needs Linux';
  if (process.getuid?.() !== 0) return 'the lab must run as root (image build uses chroot)';
  const tools = ['qemu-system-x86_64', 'qemu-img', 'ssh', 'ssh-keygen', 'mmdebstrap', 'apt-ftparchive', 'mke2fs'];
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length > 0) return `missing tools: ${missing.join(', ')} (run scripts/install-deps.sh as root)`;
  return null;
}

/** Runs build-image.sh (a no-op taking well under a second when the image is cached). */
export function ensureImage(opts: { quiet?: boolean } = {}): Promise<LabImage> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [join(LAB_DIR, 'build-image.sh')], {
      stdio: ['ignore', 'pipe', opts.quiet ? 'pipe' : 'inherit'],
      env: { ...process.env, LAB_CACHE: CACHE_DIR },
    });
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const dir = /^IMAGE_DIR=(.+)$/m.exec(out)?.[1];
      if (code !== 0 || !dir) {
        reject(new Error(`lab/build-image.sh failed (exit ${code})\n${err}${out}`));
        return;
      }
      const image: LabImage = {
        dir,
        kernel: join(dir, 'vmlinuz'),
        initrd: join(dir, 'initrd.img'),
        rootfs: join(dir, 'rootfs.raw'),
        hostKeyPub: readFileSync(join(dir, 'ssh_host_ed25519_key.pub'), 'utf8'),
        keyPath: join(CACHE_DIR, 'id_ed25519'),
        knownHostsPath: join(CACHE_DIR, 'known_hosts'),
      };
      for (const f of [image.kernel, image.initrd, image.rootfs, image.keyPath]) {
        if (!existsSync(f)) return reject(new Error(`lab image incomplete: ${f} missing`));
      }
      resolvePromise(image);
    });
  });
}
